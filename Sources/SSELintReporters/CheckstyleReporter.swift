import SSELintCore

/// Checkstyle XML (Jenkins warnings-ng, reviewdog, many CI dashboards).
public struct CheckstyleReporter: Reporter {
    public let paths: PathDisplay
    public init(paths: PathDisplay = PathDisplay()) { self.paths = paths }

    public func render(_ report: Report) -> String {
        var byFile: [String: [String]] = [:]
        var order: [String] = []
        func add(_ path: String, _ line: String) {
            if byFile[path] == nil { order.append(path) }
            byFile[path, default: []].append(line)
        }
        for e in report.errors {
            add(paths.show(e.path), "    <error line=\"\(e.line)\" column=\"\(e.column)\" severity=\"error\" message=\"\(XML.escape(e.message))\" source=\"sselint.input-error\"/>")
        }
        for f in report.findings {
            add(paths.show(f.range.file.path), "    <error line=\"\(f.range.start.line)\" column=\"\(f.range.start.column)\" severity=\"\(f.severity.rawValue)\" message=\"\(XML.escape(f.message))\" source=\"sselint.\(f.rule)\"/>")
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n"
        for p in order {
            out += "  <file name=\"\(XML.escape(p))\">\n" + byFile[p]!.joined(separator: "\n") + "\n  </file>\n"
        }
        return out + "</checkstyle>\n"
    }
}
