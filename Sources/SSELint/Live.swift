import Foundation
import SSELintCore
import SSELintLogs
import SSELintReporters
import SSELintRules

/// What `sselint probe` and `sselint logs` decide beyond running the rules: the probe's timeline and disconnect
/// check, following a growing log, and how a judged report is delivered.
extension Linter {
    /// The text-mode timeline: each line of the body with its arrival time and size.
    public static func probeTimeline(_ transcript: String, url: String) -> String {
        let t = ProbeTranscript.parse(SourceFile(path: url, text: transcript))
        var out = "\(t.request?.method ?? "GET") \(url) -> \(t.status ?? "no response")"
        if let type = t.header("content-type") { out += " (\(type.value))" }
        out += "\n"
        for l in t.lines where !l.text.isEmpty {
            let shown = l.text.count > 100 ? l.text.prefix(97) + "..." : Substring(l.text)
            out += "  +\(String(format: "%7.3f", l.time)) s \(String(format: "%5d", l.text.utf8.count)) B  \(shown)\n"
        }
        for n in t.notes { out += "  ! \(n.text)\n" }
        return out + "\n"
    }

    /// The disconnect check: waits up to 1.5 s for a stream_cancelled line in the log after the probe's request
    /// began, then judges the new part of the log with the LOG rules.
    public func watchDisconnect(log: String, from offset: Int) -> (text: String, findings: [Finding]) {
        let deadline = DispatchTime.now() + .milliseconds(1500)
        var bytes: [UInt8] = []
        repeat {
            bytes = (try? FileSystem.read(log, limit: 1 << 30).get()) ?? []
            let fresh = String(decoding: bytes.dropFirst(offset), as: UTF8.self)
            if fresh.contains("stream_cancelled") { break }
            usleep(50_000)
        } while DispatchTime.now() < deadline
        let fresh = Array(bytes.dropFirst(min(offset, bytes.count)))
        let text = String(decoding: fresh, as: UTF8.self)
        let line = text.split(separator: "\n").first { $0.contains("stream_cancelled") }
        var out = line.map { "disconnect check: the server logged \"\($0.trimmingSpaces)\"\n" }
            ?? "disconnect check: no stream_cancelled line in \(log) within 1.5 s of the disconnect: the server did not notice the client leave, or does not log it\n"
        // The LOG rules on what the server logged during this probe (its own lines only): read once the server
        // logged what its cancellation led to (the next line after stream_cancelled: the stream's end, or a cleanup
        // that timed out), at most 700 ms.
        var later = bytes
        if let hit = Self.find(Array("stream_cancelled".utf8), in: bytes, from: min(offset, bytes.count)) {
            // Wait for the end of the stream_cancelled line (it may not be written whole yet) and one line after it.
            let settle = DispatchTime.now() + .milliseconds(700)
            while DispatchTime.now() < settle {
                // A log rotated or truncated meanwhile: judge what was read.
                guard hit < later.count else { later = bytes; break }
                if let end = later[hit...].firstIndex(of: 0x0A), later[(end + 1)...].contains(0x0A) { break }
                usleep(25_000)
                later = (try? FileSystem.read(log, limit: 1 << 30).get()) ?? later
            }
        }
        // The whole log is judged (so line numbers and earlier context are right); the lines this probe caused are kept.
        let report = judgeEvidence(path: log, bytes: later, asLog: true, configFor: log)
        let mine = report.findings.filter { $0.range.start.offset >= offset }
        if !mine.isEmpty { out += "the server log during this probe (\(log)):\n" }
        return (out + "\n", mine)
    }

    /// The first occurrence of `needle` in `bytes` at or after `from`.
    static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count, from <= bytes.count - needle.count else { return nil }
        for i in from...(bytes.count - needle.count) where bytes[i] == needle[0] && bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
        return nil
    }

    /// tail -f: re-judges the whole file when it grows (every 250 ms, for `seconds` or until stopped) and hands
    /// `onNew` the findings not reported before; returns every finding seen, for the exit code.
    public func follow(_ path: String, seconds: Double?, onNew: (Report) -> Void) -> Report {
        var shown: Set<String> = []
        var all = Report()
        var size = -1
        let end = seconds.map { DispatchTime.now() + .milliseconds(Int($0 * 1000)) }
        while end.map({ DispatchTime.now() < $0 }) ?? true {
            switch FileSystem.read(path, limit: 1 << 30) {
            case .failure(let e):
                // A log that cannot be read (yet) is said once, and fails the run as a one-shot run would.
                if !all.errors.contains(e) { all.errors.append(e); onNew(Report(errors: [e])) }
            case .success(let bytes) where bytes.count != size:
                size = bytes.count
                var r = judgeEvidence(path: path, bytes: bytes, asLog: true, configFor: path)
                r.findings = r.findings.filter { shown.insert("\($0.rule):\($0.range.start.line):\($0.message)").inserted }
                r.errors = r.errors.filter { !all.errors.contains($0) }
                all.findings += r.findings
                all.errors += r.errors
                all.files = r.files
                if !r.findings.isEmpty || !r.errors.isEmpty { onNew(r) }
            default: break
            }
            usleep(250_000)
        }
        return all
    }

    /// A judged probe or log as `probe` and `logs` deliver it: the preface in text mode, the report (or the report
    /// file), and the exit code for `failOn`, else the configuration's, else warning.
    public func deliver(_ report: Report, format: OutputFormat, output: String?, failOn: Severity?, preface: String = "", paths: [String] = ["."]) -> LintOutcome {
        var o = LintOutcome()
        o.say(Self.notices(report, PathDisplay()), to: .stderr)
        let rendered = format.reporter(color: false, paths: PathDisplay(), rules: RuleCatalog.all).render(report)
        if let output {
            if let e = FileSystem.writeAtomically(output, Array(rendered.utf8)) { return o.fail("\(output): \(e.message)") }
        } else {
            o.say((format == .text ? preface : "") + rendered)
        }
        o.exitCode = report.exitCode(failOn: failOn ?? self.failOn(for: paths.isEmpty ? ["."] : paths) ?? .warning)
        return o
    }
}
