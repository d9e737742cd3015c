import SSELintCore

/// The JSON contract of DESIGN.md ("Output contract"): keys may be added, never renamed or removed.
public struct JSONReporter: Reporter, Sendable {
    public let paths: PathDisplay
    public init(paths: PathDisplay = PathDisplay()) { self.paths = paths }

    public func render(_ report: Report) -> String { String(decoding: renderBytes(report), as: UTF8.self) }

    /// The report as UTF-8 in one buffer.
    public func renderBytes(_ report: Report) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(report.findings.count * 1000 + 4096)
        write(report) { out += $0 }
        return out
    }

    /// The report as UTF-8, handed to `sink` in pieces of about 64 KiB as it is written (a large report is
    /// megabytes: printed as it is made, never held whole or copied into a String).
    public func write(_ report: Report, to sink: ([UInt8]) -> Void) {
        // Findings are written as they are walked (a tree of every finding built first was most of the report's time).
        var w = JSONWriter(indent: 2, capacity: 1 << 17)
        w.beginObject()
        w.literalKey("version"); w.string(sselintVersion)
        w.literalKey("findings")
        w.beginArray()
        // By index, each finding borrowed where it lies (a loop over the list copied each one: a retain and a
        // release of each of its fields).
        for k in report.findings.indices {
            write(report.findings[k], to: &w)
            if w.count >= 1 << 16 { w.flush(sink) }
        }
        w.endArray()
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
        w.literalKey("errors"); w.value(.array(errors))
        w.literalKey("notices"); w.value(.array(notices))
        w.literalKey("suppressed"); w.value(.array(suppressed))
        w.literalKey("staleBaseline"); w.value(.array(report.staleBaseline.map(JSON.string)))
        w.literalKey("summary"); w.value(.object([("files", .int(report.files.count)), ("findings", .int(report.findings.count)),
                                           ("errors", .int(report.errors.count)), ("suppressed", .int(report.suppressed.count))]))
        w.endObject()
        w.newlineAtEnd()
        w.flush(sink)
    }

    /// One finding as an element of the open array of `w`: each key with what precedes it at its depth (two spaces
    /// a level), written as one literal.
    private func write(_ f: borrowing Finding, to w: inout JSONWriter) {
        w.beginObject()
        w.literalKey("rule", written: "\n      \"rule\": "); w.string(f.rule.rawValue)
        w.literalKey("name", written: ",\n      \"name\": "); w.string(f.name)
        w.literalKey("severity", written: ",\n      \"severity\": "); w.string(f.severity.rawValue)
        w.literalKey("path", written: ",\n      \"path\": "); w.string(paths.show(f.range.file.path))
        w.literalKey("line", written: ",\n      \"line\": "); w.int(f.range.start.line)
        w.literalKey("column", written: ",\n      \"column\": "); w.int(f.range.start.column)
        w.literalKey("endLine", written: ",\n      \"endLine\": "); w.int(f.range.end.line)
        w.literalKey("endColumn", written: ",\n      \"endColumn\": "); w.int(f.range.end.column)
        w.literalKey("message", written: ",\n      \"message\": "); w.string(f.message)
        if let fix = f.fix {
            w.literalKey("fix", written: ",\n      \"fix\": "); w.beginObject()
            w.literalKey("title", written: "\n        \"title\": "); w.string(fix.title)
            w.literalKey("safety", written: ",\n        \"safety\": "); w.string(fix.safety.rawValue)
            w.endObject()
        }
        if !f.related.isEmpty {
            w.literalKey("related", written: ",\n      \"related\": "); w.beginArray()
            for r in f.related {
                w.beginObject()
                w.literalKey("path", written: "\n          \"path\": "); w.string(paths.show(r.range.file.path))
                w.literalKey("line", written: ",\n          \"line\": "); w.int(r.range.start.line)
                w.literalKey("message", written: ",\n          \"message\": "); w.string(r.message)
                w.endObject()
            }
            w.endArray()
        }
        w.endObject()
    }
}
