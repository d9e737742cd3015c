import ArgumentParser
import Dispatch
import SSELint
import SSELintCore
import SSELintLogs
import SSELintProbe
import SSELintReporters
import SSELintRules
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Options every command that reports shares (`lint`, `probe`, `logs`): how to report, when to fail, which config.
struct ReportOptions: ParsableArguments {
    @Option(help: "Output format.")
    var format: OutputFormat = .text
    @Option(help: "Write the report to this file instead of stdout.", completion: .file())
    var output: String?
    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit code 1 (default: the config's fail-on, else warning).")
    var failOn: Severity?
    @Option(help: "Use this configuration file for every input (rules, thresholds, log event names).", completion: .file(extensions: ["yml", "yaml"]))
    var config: String?

    func linter() -> Linter {
        var o = LintOptions()
        o.configPath = config
        return Linter(options: o)
    }

    /// Prints `report` (and, in text mode, `preface` first) and exits with the report's code.
    func finish(_ report: Report, preface: String = "") throws {
        let rendered = format.reporter(color: false, paths: PathDisplay(), rules: RuleCatalog.all).render(report)
        if let output {
            if let e = FileSystem.writeAtomically(output, Array(rendered.utf8)) {
                FileHandleOut.stderr("sselint: \(output): \(e.message)\n"); throw ExitCode(2)
            }
        } else {
            FileHandleOut.stdout((format == .text ? preface : "") + rendered)
        }
        let code = report.exitCode(failOn: failOn ?? linter().failOn(for: ["."]) ?? .warning)
        if code != 0 { throw ExitCode(code) }
    }
}

struct Probe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stream a live endpoint and judge what arrives: headers (PRB001), buffering (PRB002), event protocol (PRB003).")

    @Argument(help: "The endpoint, e.g. https://chat.example.com/api/chat")
    var url: String
    @Option(help: "Request body (default: the quick reference's {\"prompt\":\"test\",\"stream\":true}).")
    var data: String?
    @Option(name: .customLong("data-file"), help: "Read the request body from this file.", completion: .file())
    var dataFile: String?
    @Option(name: .customShort("H"), help: "A request header, 'Name: value' (repeatable).")
    var header: [String] = []
    @Option(help: "HTTP method.")
    var method: String = "POST"
    @Option(help: "Seconds for the whole exchange.")
    var timeout: Double = 30
    @Flag(help: "Accept any TLS certificate.")
    var insecure = false
    @Option(name: .customLong("disconnect-after"), help: "Close the connection after N events (the disconnect check).")
    var disconnectAfter: Int?
    @Option(help: "With --disconnect-after: the server log to watch for the stream_cancelled line.", completion: .file())
    var log: String?
    @Option(help: "Also write the transcript to this file (lint it later with `sselint FILE.probe`).", completion: .file())
    var save: String?
    @OptionGroup var report: ReportOptions

    func validate() throws {
        if data != nil && dataFile != nil { throw ValidationError("--data and --data-file exclude each other") }
        if log != nil && disconnectAfter == nil { throw ValidationError("--log goes with --disconnect-after") }
        if timeout <= 0 { throw ValidationError("--timeout must be positive") }
        for h in header where !h.contains(":") { throw ValidationError("-H expects 'Name: value', got \"\(h)\"") }
    }

    func run() throws {
        var o = ProbeOptions(url: url)
        o.method = method
        o.timeout = timeout
        o.insecure = insecure
        o.disconnectAfter = disconnectAfter
        o.headers = header.map { h in
            let colon = h.firstIndex(of: ":")!
            return (h[..<colon].trimmingSpaces, h[h.index(after: colon)...].trimmingSpaces)
        }
        if let data { o.body = Array(data.utf8) }
        if let dataFile {
            switch FileSystem.read(dataFile, limit: 16 << 20) {
            case .success(let b): o.body = b
            case .failure(let e): FileHandleOut.stderr("sselint: \(dataFile): \(e.message)\n"); throw ExitCode(2)
            }
        }
        let logStart = log.flatMap { try? FileSystem.read($0, limit: 1 << 30).get().count } ?? 0
        let options = o
        let result = Self.wait { await Prober.run(options) }
        if let save, let e = FileSystem.writeAtomically(save, Array(result.transcript.utf8)) {
            FileHandleOut.stderr("sselint: \(save): \(e.message)\n")
        }
        let linter = report.linter()
        var judged = linter.judgeEvidence(path: url, bytes: Array(result.transcript.utf8), asLog: false)
        if let error = result.error, ProbeTranscript.parse(SourceFile(path: url, text: result.transcript)).status == nil {
            judged.errors.append(InputError(path: url, line: 1, column: 1, message: error))
        }
        var preface = Self.timeline(result.transcript, url: url)
        if let log, let at = result.disconnectedAt {
            let (text, findings) = Self.watch(log: log, from: logStart, linter: linter, after: at)
            preface += text
            judged.findings += findings
        }
        try report.finish(judged, preface: preface)
    }

    /// Runs async work from this synchronous command.
    static func wait<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var out: T?
        Task { out = await work(); done.signal() }
        done.wait()
        return out!
    }

    /// The text-mode timeline: each line of the body with its arrival time and size.
    static func timeline(_ transcript: String, url: String) -> String {
        let t = ProbeTranscript.parse(SourceFile(path: url, text: transcript))
        var out = "\(t.request?.method ?? "GET") \(url) -> \(t.status ?? "no response")"
        if let type = t.header("content-type") { out += " (\(type.value))" }
        out += "\n"
        for l in t.lines {
            let shown = l.text.count > 100 ? l.text.prefix(97) + "..." : Substring(l.text)
            out += "  +\(String(format: "%7.3f", l.time)) s \(String(format: "%5d", l.text.utf8.count)) B  \(shown)\n"
        }
        for n in t.notes { out += "  ! \(n.text)\n" }
        return out + "\n"
    }

    /// The disconnect check: waits up to the cancellation bound (+0.5 s) for a stream_cancelled line in the log
    /// after the probe's request began, then judges the new part of the log with the LOG rules.
    static func watch(log: String, from offset: Int, linter: Linter, after disconnect: Double) -> (String, [Finding]) {
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
        if let hit = text.range(of: "stream_cancelled") {
            // Byte offset of the end of the stream_cancelled line in the whole log.
            let lineEnd = text[hit.upperBound...].firstIndex(of: "\n").map { offset + text.utf8.distance(from: text.startIndex, to: $0) }
            let settle = DispatchTime.now() + .milliseconds(700)
            while let end = lineEnd, DispatchTime.now() < settle {
                if later.count > end + 1, later[(end + 1)...].contains(UInt8(ascii: "\n")) { break }
                usleep(25_000)
                later = (try? FileSystem.read(log, limit: 1 << 30).get()) ?? later
            }
        }
        // The whole log is judged (so line numbers and earlier context are right); the lines this probe caused are kept.
        let report = linter.judgeEvidence(path: log, bytes: later, asLog: true, configFor: log)
        let mine = report.findings.filter { $0.range.start.offset >= offset }
        if !mine.isEmpty { out += "the server log during this probe (\(log)):\n" }
        return (out + "\n", mine)
    }
}

struct Logs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Judge server logs: ignored cancellation (LOG001), uncancelled previous streams (LOG002), cancelled streams that never end (LOG003), slow event throughput (LOG004).")

    @Argument(help: "Log files; - reads stdin.", completion: .file())
    var files: [String]
    @Flag(help: "Keep reading the (single) file as it grows and report new findings as they appear (Ctrl-C stops).")
    var follow = false
    @Option(name: .customLong("follow-for"), help: "With --follow, stop after this many seconds.")
    var followFor: Double?
    @OptionGroup var report: ReportOptions

    func validate() throws {
        if follow && (files.count != 1 || files == ["-"]) { throw ValidationError("--follow takes exactly one file") }
    }

    func run() throws {
        let linter = report.linter()
        if follow { try follow(files[0], linter); return }
        var all = Report()
        for f in files {
            let bytes: [UInt8]
            if f == "-" { bytes = readAll(0) } else {
                switch FileSystem.read(f, limit: 1 << 30) {
                case .success(let b): bytes = b
                case .failure(let e): all.errors.append(e); continue
                }
            }
            let r = linter.judgeEvidence(path: f == "-" ? "stdin" : f, bytes: bytes, asLog: true, configFor: f == "-" ? "." : f)
            all.findings += r.findings
            all.errors += r.errors
            all.files += r.files
        }
        try report.finish(all)
    }

    /// tail -f: re-judges the whole file when it grows and prints the findings not printed before.
    private func follow(_ path: String, _ linter: Linter) throws {
        var shown: Set<String> = []
        var size = -1
        let end = followFor.map { DispatchTime.now() + .milliseconds(Int($0 * 1000)) }
        while end.map({ DispatchTime.now() < $0 }) ?? true {
            if case .success(let bytes) = FileSystem.read(path, limit: 1 << 30), bytes.count != size {
                size = bytes.count
                var r = linter.judgeEvidence(path: path, bytes: bytes, asLog: true, configFor: path)
                r.findings = r.findings.filter { shown.insert("\($0.rule):\($0.range.start.line):\($0.message)").inserted }
                if !r.findings.isEmpty {
                    FileHandleOut.stdout(report.format.reporter(color: false, paths: PathDisplay(), rules: RuleCatalog.all).render(r))
                }
            }
            usleep(250_000)
        }
    }

    private func readAll(_ fd: Int32) -> [UInt8] {
        var out: [UInt8] = [], buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return out
    }
}
