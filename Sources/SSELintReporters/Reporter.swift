import SSELintCore

/// A reporter only formats: it gets the finished report and returns text.
public protocol Reporter {
    func render(_ report: Report) -> String
}

public enum OutputFormat: String, CaseIterable, Sendable {
    case text, json, sarif, github, checkstyle, junit, gitlab

    /// `rules` is the catalog (SARIF lists it in `tool.driver.rules`).
    public func reporter(color: Bool, paths: PathDisplay = PathDisplay(), rules: [RuleMetadata] = []) -> Reporter {
        switch self {
        case .text: return TextReporter(color: color, paths: paths)
        case .json: return JSONReporter(paths: paths)
        case .sarif: return SARIFReporter(paths: paths, rules: rules)
        case .github: return GitHubReporter(paths: paths)
        case .checkstyle: return CheckstyleReporter(paths: paths)
        case .junit: return JUnitReporter(paths: paths)
        case .gitlab: return GitLabReporter(paths: paths)
        }
    }
}

/// Where a rule's documentation lives (SARIF helpUri).
public let rulesDocumentationBase = "https://github.com/sselint/sselint/blob/main/docs/rules/"

enum XML {
    static func escape(_ s: String) -> String {
        s.escaped(["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&apos;", "\n": "&#10;"]) { u in
            // Control characters and U+FFFE/U+FFFF are not allowed in XML 1.0.
            (u.value < 0x20 && u != "\t" && u != "\r") || u.value == 0xFFFE || u.value == 0xFFFF ? "?" : nil
        }
    }
}
