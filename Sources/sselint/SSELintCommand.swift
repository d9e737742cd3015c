import ArgumentParser
import SSELint
import SSELintCore
import SSELintNginx
import SSELintReporters
import SSELintRules
#if canImport(Glibc)
import Glibc
#endif

@main
struct SSELintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sselint",
        abstract: "Finds what makes Server-Sent Event and LLM token streams buffer, stall or hang.",
        version: sselintVersion,
        subcommands: [Lint.self, Rules.self, Explain.self, Parse.self],
        defaultSubcommand: Lint.self)

    /// Usage errors exit 2 (DESIGN.md), not ArgumentParser's 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success || code.rawValue == 1 { exit(withError: error) }
            let message = fullMessage(for: error)
            if !message.isEmpty { FileHandleOut.stderr(message + "\n") }
            Glibc.exit(2)
        }
    }
}

enum FileHandleOut {
    static func stdout(_ s: String) { put(1, s) }
    static func stderr(_ s: String) { put(2, s) }
    private static func put(_ fd: Int32, _ s: String) {
        var bytes = Array(s.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
            if n < 0 { if errno == EINTR { continue }; return }
            bytes = bytes.dropFirst(n)
        }
    }
}

extension OutputFormat: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Lint nginx configs (the default command).")

    @Argument(help: "Files or directories (default: the current directory).")
    var paths: [String] = []
    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text
    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit code 1: error, warning or info.")
    var failOn: Severity = .warning
    @Flag(help: "Apply safe fixes.")
    var fix = false
    @Flag(name: .customLong("unsafe-fixes"), help: "With --fix or --diff, apply unsafe fixes too.")
    var unsafeFixes = false
    @Flag(help: "Show the fixes as a unified diff without writing.")
    var diff = false
    @Option(name: .customLong("nginx-version"), help: "nginx version the configs run on (default: assume < 1.29.7).")
    var nginxVersion: String?
    @Option(name: .customLong("nginx-prefix"), help: "Directory relative include paths start from (default: the main config's directory).")
    var nginxPrefix: String?
    @Option(name: .customLong("max-file-size"), help: "Largest file read, in bytes.")
    var maxFileSize: Int = 32 << 20
    @Option(help: "Only these rules (comma-separated ids or prefixes, e.g. NGX001,NGX00).")
    var select: String = ""
    @Option(help: "Never these rules (comma-separated ids or prefixes).")
    var ignore: String = ""
    @Flag(name: .customLong("no-color"), help: "No colour, even on a terminal (NO_COLOR is honoured too).")
    var noColor = false

    func validate() throws {
        for id in (select + "," + ignore).split(separator: ",").map({ $0.trimmed.uppercased() }) where !id.isEmpty {
            if !RuleCatalog.all.contains(where: { $0.id.hasPrefix(id) }) { throw ValidationError("no rule matches \"\(id)\" (see `sselint rules`)") }
        }
        if let v = nginxVersion, NginxVersion(v) == nil { throw ValidationError("--nginx-version: \"\(v)\" is not a version like 1.26.2") }
        if maxFileSize <= 0 { throw ValidationError("--max-file-size must be positive") }
    }

    func run() throws {
        var settings = Settings()
        settings.nginxVersion = nginxVersion.flatMap(NginxVersion.init)
        settings.nginxPrefix = nginxPrefix
        settings.maxFileSize = maxFileSize
        let list = { (s: String) in s.split(separator: ",").map { $0.trimmed.uppercased() }.filter { !$0.isEmpty } }
        let linter = Linter(settings: settings, select: list(select), ignore: list(ignore))
        let targets = paths.isEmpty ? ["."] : paths
        var report: Report
        let paths = PathDisplay()
        if fix || diff {
            let result = linter.lintAndFix(targets, unsafe: unsafeFixes)
            report = result.report
            if diff {
                for path in result.changes.keys.sorted() {
                    let c = result.changes[path]!
                    FileHandleOut.stdout(UnifiedDiff.render(path: paths.show(path), before: c.before, after: c.after))
                }
            }
            if fix { report.errors += Linter.write(result.changes) }
        } else {
            report = linter.lint(targets).report
        }
        for n in report.notices {
            FileHandleOut.stderr("\(paths.show(n.path))\(n.line > 0 ? ":\(n.line)" : ""): notice: \(n.message)\n")
        }
        let color = format == .text && !noColor && getenv("NO_COLOR") == nil && isatty(1) != 0
        if !(diff && format == .text) || !report.findings.isEmpty || !report.errors.isEmpty {
            FileHandleOut.stdout(format.reporter(color: color, paths: paths).render(report))
        }
        let code = report.exitCode(failOn: failOn)
        if code != 0 { throw ExitCode(code) }
    }
}

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the rules.")
    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        if format == .json {
            let rows: [JSON] = RuleCatalog.all.map { m in
                .object([("id", .string(m.id)), ("name", .string(m.name)), ("input", .string(m.input)),
                         ("severity", .string(m.severity.rawValue)), ("enabled", .bool(m.enabledByDefault)),
                         ("fix", .string(m.fixSafety.rawValue)), ("summary", .string(m.summary))])
            }
            FileHandleOut.stdout(JSON.array(rows).serialized(indent: 2) + "\n")
            return
        }
        for m in RuleCatalog.all {
            let id = m.id.padding(8), name = m.name.padding(38), sev = m.severity.rawValue.padding(8), fix = m.fixSafety.rawValue.padding(8)
            FileHandleOut.stdout("\(id)\(name)\(sev)\(fix)\(m.summary)\n")
        }
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Explain a rule: what it flags, why, and how to fix it.")
    @Argument(help: "A rule id such as NGX001, or its name.")
    var rule: String

    func run() throws {
        guard let m = RuleCatalog.all.first(where: { $0.id == rule.uppercased() || $0.name == rule }) else {
            FileHandleOut.stderr("sselint: unknown rule \"\(rule)\" (see `sselint rules`)\n")
            throw ExitCode(2)
        }
        var o = "\(m.id) \(m.name) (\(m.input), \(m.severity.rawValue)\(m.enabledByDefault ? "" : ", off by default"))\n\n"
        o += "What it does\n  \(m.summary)\n\nWhy is this bad?\n\(indent(m.rationale))\n"
        o += "Fix (\(m.fixSafety.rawValue)): \(m.fixTitle)\n\(indent(m.fixText))\n  Quick reference: \(m.quickReference)\n\n"
        if !m.judgement.isEmpty { o += "Decisions\n\(indent(m.judgement))\n" }
        for s in m.samples where s.name.hasPrefix("bad") || s.name.hasPrefix("good") {
            o += "Example (\(s.name)):\n\(indent(s.text))\n"
        }
        if !m.references.isEmpty { o += "References\n" + m.references.map { "  \($0)\n" }.joined() }
        FileHandleOut.stdout(o)
    }

    private func indent(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") + (s.hasSuffix("\n") ? "" : "\n")
    }
}

struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print an nginx config's parse tree as crossplane-compatible JSON.")
    @Argument(help: "The main config file.")
    var path: String
    @Flag(name: .customLong("single-file"), help: "Do not follow includes.")
    var singleFile = false
    @Option(help: "Spaces to indent the JSON with (0: one line).")
    var indent: Int = 0

    func run() throws {
        let ws = NginxWorkspace(settings: Settings())
        let json = CrossplaneOutput.parse(path, workspace: ws, singleFile: singleFile)
        FileHandleOut.stdout(json.serialized(indent: indent) + "\n")
        if case .object(let o) = json, o.first?.1 != .string("ok") { throw ExitCode(2) }
    }
}

extension StringProtocol {
    var trimmed: String { String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed()) }
}

extension String {
    func padding(_ n: Int) -> String { count >= n ? self + " " : self + String(repeating: " ", count: n - count) }
}
