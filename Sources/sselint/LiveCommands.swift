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
    @Option(name: [.customShort("o"), .long], help: "Write the report to this file instead of stdout.", completion: .file())
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
    func finish(_ report: Report, preface: String = "", paths: [String] = ["."]) throws {
        try print(linter().deliver(report, format: format, output: output, failOn: failOn, preface: preface, paths: paths))
    }

    /// Writes an outcome out and exits with its code.
    func print(_ outcome: LintOutcome) throws {
        FileHandleOut.emit(outcome)
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}

struct Probe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Stream a live endpoint and judge what arrives: headers (PRB001), buffering (PRB002), event protocol (PRB003).")

    @Argument(help: "The endpoint, e.g. https://chat.example.com/api/chat")
    var url: String
    @Option(help: "Request body for a chat API, e.g. '{\"prompt\":\"test\",\"stream\":true}' (sent as JSON; makes the method POST).")
    var data: String?
    @Option(name: .customLong("data-file"), help: "Read the request body from this file.", completion: .file())
    var dataFile: String?
    @Option(name: .customShort("H"), help: "A request header, 'Name: value' (repeatable).")
    var header: [String] = []
    @Option(help: "HTTP method (default: GET, as EventSource sends; POST with --data or --data-file).")
    var method: String?
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
        let scheme = url.lowercased()
        if !(scheme.hasPrefix("http://") || scheme.hasPrefix("https://")) {
            throw ValidationError("\"\(url)\" is not an http:// or https:// URL (did you mean http://\(url)?)")
        }
        if data != nil && dataFile != nil { throw ValidationError("--data and --data-file exclude each other") }
        if (data != nil || dataFile != nil), let m = method?.uppercased(), m == "GET" || m == "HEAD" {
            throw ValidationError("a \(m) request carries no body: use --method POST with --data")
        }
        if log != nil && disconnectAfter == nil { throw ValidationError("--log goes with --disconnect-after") }
        if timeout <= 0 { throw ValidationError("--timeout must be positive") }
        for h in header where !h.contains(":") { throw ValidationError("-H expects 'Name: value', got \"\(h)\"") }
    }

    func run() throws {
        var o = ProbeOptions(url: url)
        o.method = method?.uppercased() ?? (data != nil || dataFile != nil ? "POST" : "GET")
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
        var preface = Linter.probeTimeline(result.transcript, url: url)
        if let log, result.disconnectedAt != nil {
            let (text, findings) = linter.watchDisconnect(log: log, from: logStart)
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

}

struct Logs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
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
            all.notices += r.notices
            all.files += r.files
        }
        try report.finish(all, paths: files.filter { $0 != "-" })
    }

    /// tail -f: new findings are printed as they appear; the exit code counts every finding seen.
    private func follow(_ path: String, _ linter: Linter) throws {
        let format = report.format
        let all = linter.follow(path, seconds: followFor) { r in
            FileHandleOut.stdout(format.reporter(color: false, paths: PathDisplay(), rules: RuleCatalog.all).render(r))
        }
        let code = all.exitCode(failOn: report.failOn ?? linter.failOn(for: [path]) ?? .warning)
        if code != 0 { throw ExitCode(code) }
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
