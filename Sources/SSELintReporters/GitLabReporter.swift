import SSELintCore

/// GitLab Code Quality JSON (`artifacts: reports: codequality`).
public struct GitLabReporter: Reporter {
    public let paths: PathDisplay
    public init(paths: PathDisplay = PathDisplay()) { self.paths = paths }

    public func render(_ report: Report) -> String {
        let fps = Fingerprint.all(report.findings, paths: paths)
        let items: [JSON] = zip(report.findings, fps).map { f, fp in
            .object([
                ("description", .string("\(f.rule): \(f.message)")),
                ("check_name", .string("\(f.rule) \(f.name)")),
                ("fingerprint", .string(fp)),
                ("severity", .string(f.severity == .error ? "major" : f.severity == .warning ? "minor" : "info")),
                ("location", .object([("path", .string(paths.show(f.range.file.path))),
                                      ("lines", .object([("begin", .int(f.range.start.line)), ("end", .int(f.range.end.line))]))])),
            ])
        } + report.errors.map { e in
            .object([
                ("description", .string("input error: \(e.message)")), ("check_name", .string("input-error")),
                ("fingerprint", .string("input-error:\(paths.show(e.path)):\(e.line)")), ("severity", .string("blocker")),
                ("location", .object([("path", .string(paths.show(e.path))), ("lines", .object([("begin", .int(max(1, e.line)))]))])),
            ])
        }
        return JSON.array(items).serialized(indent: 2) + "\n"
    }
}
