import SSELintCore

/// The JSON contract of DESIGN.md ("Output contract"): keys may be added, never renamed or removed.
public struct JSONReporter: Reporter, Sendable {
    public let paths: PathDisplay
    /// From this many findings on, they are written on every core (a split config's 5,000 findings were 4.6 MB
    /// written by one core while the other waited).
    public var spreadFrom = 256
    public init(paths: PathDisplay = PathDisplay()) { self.paths = paths }

    public func render(_ report: Report) -> String { String(decoding: renderBytes(report), as: UTF8.self) }

    /// The report as UTF-8 in one buffer.
    public func renderBytes(_ report: Report) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(report.findings.count * 1000 + 4096)
        write(report) { out.append(contentsOf: $0) }
        return out
    }

    /// The report as UTF-8, handed to `sink` in pieces as it is written (a large report is megabytes: printed as it
    /// is made, never held whole or copied into a String). Each piece is lent for the call: about 64 KiB, or 128
    /// findings when a large report's pieces are written on every core; then `sink` may be called on any thread, one
    /// call at a time, in order.
    public func write(_ report: Report, to sink: (UnsafeBufferPointer<UInt8>) -> Void) {
        // Findings are written as they are walked (a tree of every finding built first was most of the report's time).
        var w = JSONWriter(indent: 2, capacity: 1 << 17)
        w.beginObject()
        w.literalKey("version"); w.string(sselintVersion)
        w.literalKey("findings")
        w.beginArray()
        if report.findings.count >= spreadFrom, Parallel.cores > 1, JSONReporter.pathsAllASCII(report) {
            w.flush(sink)
            writeSpread(report.findings, to: sink)
            w.elementsWritten(report.findings.count)
        } else {
            // By index, each finding borrowed where it lies (a loop over the list copied each one: a retain and a
            // release of each of its fields).
            for k in report.findings.indices {
                write(report.findings[k], paths: paths, to: &w)
                if w.count >= 1 << 16 { w.flush(sink) }
            }
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

    /// Findings per piece written on one core (about 120 KiB of JSON for the benchmark's findings).
    public static let piece = 128

    /// The findings as elements of the report's open array (depth 2, none before them), written a piece at a time on
    /// every core and handed to `sink` in order, each piece as soon as those before it are.
    private func writeSpread(_ findings: [Finding], to sink: (UnsafeBufferPointer<UInt8>) -> Void) {
        // A writer and a path display per core, made once: a writer's buffer made per piece was mapped and faulted
        // in afresh each time. A display remembers what it showed and is not shared between cores: each core's
        // starts as a copy of the report's, and with the report's paths all ASCII (equal only when their bytes are),
        // what the other cores show in between changes nothing it shows.
        final class Slot {
            var w = JSONWriter(indent: 2, elementsAt: 2, after: 0, capacity: JSONReporter.piece * 1024)
            let shown: PathDisplay
            init(_ shown: PathDisplay) { self.shown = shown }
        }
        let n = findings.count, per = JSONReporter.piece, paths = self.paths
        Parallel.ordered(count: (n + per - 1) / per, context: { Slot(paths.copy()) }, make: { k, s in
            s.w.resume(after: k * per)
            for i in k * per..<min(n, k * per + per) { write(findings[i], paths: s.shown, to: &s.w) }
        }, emit: { s in s.w.flush(sink) })
    }

    /// Whether every path the report shows is ASCII. A display remembers the paths it showed under Unicode-canonical
    /// equality, so one non-ASCII path may be shown as an earlier, equal spelling was: only a report without one
    /// is written by several displays at once.
    public static func pathsAllASCII(_ report: Report) -> Bool {
        var last: SourceFile?
        func ascii(_ file: SourceFile) -> Bool {
            if let last, last === file { return true }
            last = file
            return withUTF8Bytes(file.path, isASCII)
        }
        for k in report.findings.indices {
            guard ascii(report.findings[k].range.file), report.findings[k].related.allSatisfy({ ascii($0.range.file) }) else { return false }
        }
        let others = report.errors.map(\.path) + report.notices.map(\.path) + report.suppressed.map(\.finding.range.file.path)
        return others.allSatisfy { withUTF8Bytes($0, isASCII) }
    }

    /// One finding as an element of the open array of `w`: each key with what precedes it at its depth (two spaces
    /// a level), written as one literal.
    private func write(_ f: borrowing Finding, paths: PathDisplay, to w: inout JSONWriter) {
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
