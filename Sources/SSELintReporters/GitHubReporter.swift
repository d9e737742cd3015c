import SSELintCore

/// GitHub Actions workflow commands: one `::error|warning|notice file=…,line=…,col=…,title=ID::message` per
/// finding (shown as annotations on the pull request), then a summary line.
public struct GitHubReporter: Reporter {
    public let paths: PathDisplay
    public init(paths: PathDisplay = PathDisplay()) { self.paths = paths }

    static func escapeData(_ s: String) -> String {
        s.replacingAll("%", "%25").replacingAll("\r", "%0D").replacingAll("\n", "%0A")
    }
    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingAll(":", "%3A").replacingAll(",", "%2C")
    }

    public func render(_ report: Report) -> String {
        var out = ""
        for e in report.errors {
            out += "::error file=\(Self.escapeProperty(paths.show(e.path))),line=\(max(1, e.line)),col=\(max(1, e.column)),title=\(Self.escapeProperty("sselint input error"))::\(Self.escapeData(e.message))\n"
        }
        for f in report.findings {
            let level = f.severity == .error ? "error" : f.severity == .warning ? "warning" : "notice"
            let r = f.range
            let fix = f.fix.map { " (fix, \($0.safety.rawValue): \($0.title))" } ?? ""
            out += "::\(level) file=\(Self.escapeProperty(paths.show(r.file.path))),line=\(r.start.line),col=\(r.start.column),endLine=\(r.end.line),endColumn=\(r.end.column),title=\(Self.escapeProperty(f.rule.rawValue))::\(Self.escapeData("\(f.message) [\(f.name)]" + fix))\n"
        }
        let count = { (s: Severity) in report.findings.filter { $0.severity == s }.count }
        out += "sselint: \(report.findings.count) finding\(report.findings.count == 1 ? "" : "s") (\(count(.error)) error, \(count(.warning)) warning, \(count(.info)) info), \(report.errors.count) input error\(report.errors.count == 1 ? "" : "s"), \(report.suppressed.count) suppressed, in \(report.files.count) file\(report.files.count == 1 ? "" : "s")\n"
        return out
    }
}

extension String {
    func replacingAll(_ target: String, _ replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
