import SSELintCore

/// The JSON contract of DESIGN.md ("Output contract"): keys may be added, never renamed or removed.
public struct JSONReporter: Reporter {
    public let paths: PathDisplay
    public init(paths: PathDisplay = PathDisplay()) { self.paths = paths }

    public func render(_ report: Report) -> String {
        let findings: [JSON] = report.findings.map { f in
            var o: [(String, JSON)] = [
                ("rule", .string(f.rule.rawValue)), ("name", .string(f.name)), ("severity", .string(f.severity.rawValue)),
                ("path", .string(paths.show(f.range.file.path))),
                ("line", .int(f.range.start.line)), ("column", .int(f.range.start.column)),
                ("endLine", .int(f.range.end.line)), ("endColumn", .int(f.range.end.column)),
                ("message", .string(f.message)),
            ]
            if let fix = f.fix { o.append(("fix", .object([("title", .string(fix.title)), ("safety", .string(fix.safety.rawValue))]))) }
            if !f.related.isEmpty {
                o.append(("related", .array(f.related.map {
                    .object([("path", .string(paths.show($0.range.file.path))), ("line", .int($0.range.start.line)), ("message", .string($0.message))])
                })))
            }
            return .object(o)
        }
        let errors: [JSON] = report.errors.map {
            .object([("path", .string(paths.show($0.path))), ("line", .int($0.line)), ("column", .int($0.column)), ("message", .string($0.message))])
        }
        let notices: [JSON] = report.notices.map {
            .object([("path", .string(paths.show($0.path))), ("line", .int($0.line)), ("message", .string($0.message))]
                    + ($0.skip.map { [("skipped", JSON.string($0.rawValue))] } ?? []))
        }
        let suppressed: [JSON] = report.suppressed.map { s in
            .object([("rule", .string(s.finding.rule.rawValue)), ("path", .string(paths.show(s.finding.range.file.path))),
                     ("line", .int(s.finding.range.start.line)), ("column", .int(s.finding.range.start.column)),
                     ("message", .string(s.finding.message)), ("kind", .string(s.kind.rawValue)),
                     ("justification", s.justification.map(JSON.string) ?? .null)])
        }
        return JSON.object([
            ("version", .string(sselintVersion)),
            ("findings", .array(findings)),
            ("errors", .array(errors)),
            ("notices", .array(notices)),
            ("suppressed", .array(suppressed)),
            ("staleBaseline", .array(report.staleBaseline.map(JSON.string))),
            ("summary", .object([("files", .int(report.files.count)), ("findings", .int(report.findings.count)),
                                 ("errors", .int(report.errors.count)), ("suppressed", .int(report.suppressed.count))])),
        ]).serialized(indent: 2) + "\n"
    }
}
