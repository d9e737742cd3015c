import SSELintCore

/// A reporter only formats: it gets the finished report and returns text.
public protocol Reporter {
    func render(_ report: Report) -> String
}

public enum OutputFormat: String, CaseIterable, Sendable {
    case text, json
    public func reporter(color: Bool, paths: PathDisplay = PathDisplay()) -> Reporter {
        switch self {
        case .text: return TextReporter(color: color, paths: paths)
        case .json: return JSONReporter(paths: paths)
        }
    }
}
