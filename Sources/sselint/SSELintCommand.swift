import ArgumentParser
import SSELint
import SSELintCore
import SSELintNginx
import SSELintReporters
import SSELintRules
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
/// glibc's mallopt(3) (malloc.h is not in the Glibc module).
@_silgen_name("mallopt") private func glibcMallopt(_ param: Int32, _ value: Int32) -> Int32
#endif

/// `exit(3)` by another name: inside a command the bare name means ParsableCommand's `exit(withError:)`.
private func terminate(_ code: Int32) -> Never { exit(code) }

@main
struct SSELintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sselint",
        abstract: "Finds what makes Server-Sent Event and LLM token streams buffer, stall or hang.",
        discussion: """
            `sselint lint` (the default) reads a project: nginx configs (and their envsubst templates), the commands \
            that launch the app (Dockerfiles, compose files, Kubernetes manifests, systemd units, Procfiles, \
            supervisord and gunicorn configs, shell scripts, `uvicorn.run` calls) and the app code (Python, JS/TS, \
            Go, Rust). `sselint logs` judges server logs, `sselint probe` a live endpoint.
            """,
        version: sselintVersion,
        subcommands: [Lint.self, Probe.self, Logs.self, Rules.self, Explain.self, Parse.self, Config.self],
        defaultSubcommand: Lint.self)

    /// Usage errors exit 2 (DESIGN.md), not ArgumentParser's 64.
    static func main() {
        #if canImport(Glibc)
        // A fixed threshold: glibc raises it each time a large block is freed, after which large blocks come from
        // the heap and stay there (about 1 MiB of a large config's peak).
        _ = glibcMallopt(-3 /* M_MMAP_THRESHOLD */, 128 << 10)
        #endif
        // This process is sselint's own: the threads of a parallel step may be moved to idle cores (see CoreSpread).
        CoreSpread.enabled = getenv("SSELINT_NO_SPREAD") == nil
        // The everyday `sselint [lint] [options] [paths]` skips the full parser (over a third of an empty run);
        // anything else, and every mistake, goes through it and gets its usage message.
        if let quick = QuickLintArguments.parse(Array(CommandLine.arguments.dropFirst())) { quick.run() }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success || code.rawValue == 1 { exit(withError: error) }
            let message = fullMessage(for: error)
            if !message.isEmpty { FileHandleOut.stderr(message + "\n") }
            terminate(2)
        }
    }
}

enum FileHandleOut {
    /// Everything an outcome says, in order; a JSON report is written out as it is rendered.
    static func emit(_ outcome: LintOutcome) {
        for (stream, chunk) in outcome.output {
            switch (stream, chunk) {
            case (.stdout, .text(let text)): stdout(text)
            case (.stderr, .text(let text)): stderr(text)
            case (.stdout, .json(let reporter, let report)): reporter.write(report) { put(1, UnsafeRawBufferPointer($0)) }
            case (.stderr, .json(let reporter, let report)): reporter.write(report) { stderr(String(decoding: $0, as: UTF8.self)) }
            }
        }
    }
    static func stdout(_ s: String) { put(1, s) }
    static func stderr(_ s: String) { put(2, s) }
    static func stdout(bytes: [UInt8]) { bytes.withUnsafeBytes { put(1, $0) } }
    private static func put(_ fd: Int32, _ s: String) {
        var s = s
        // The string's own UTF-8 storage, without a copy (a large report is megabytes).
        s.withUTF8 { put(fd, UnsafeRawBufferPointer($0)) }
    }
    private static func put(_ fd: Int32, _ b: UnsafeRawBufferPointer) {
        var done = 0
        while done < b.count, let base = b.baseAddress {
            let n = write(fd, base + done, b.count - done)
            if n < 0 { if errno == EINTR { continue }; return }
            done += n
        }
    }
}

extension OutputFormat: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}

/// Every command names itself: a name derived from the type is found by reflection, milliseconds of every run.
struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Lint a project: nginx configs, launch commands and app code.",
        discussion: """
            Reads nginx configs (and envsubst templates); launch commands in Dockerfiles, compose files, Kubernetes \
            manifests, systemd units, Procfiles, supervisord and gunicorn configs, shell scripts and `uvicorn.run` \
            calls, and settings files for their values (.env, configs that set cancellation timeouts); app code in \
            Python, JS/TS, Go and Rust. \
            Server logs (*.log) and probe transcripts (*.probe) are judged when named. For logs as they are written \
            and for live endpoints, see `sselint logs` and `sselint probe`.
            """)

    @Argument(help: "Files or directories (default: the current directory); - reads stdin.",
              completion: .file())
    var paths: [String] = []
    @OptionGroup var out: ReportOptions
    @Flag(help: "Apply safe fixes.")
    var fix = false
    @Flag(name: .customLong("unsafe-fixes"), help: "With --fix or --diff, apply unsafe fixes too.")
    var unsafeFixes = false
    @Flag(help: "Show the fixes as a unified diff without writing.")
    var diff = false
    @Option(help: "Only these rules (comma-separated ids or prefixes, e.g. NGX001,NGX00); replaces the config's select.")
    var select: String?
    @Option(help: "Never these rules (comma-separated ids or prefixes); added to the config's ignore.")
    var ignore: String = ""
    @Flag(help: "Ignore every .sselint.yml.")
    var isolated = false
    @Flag(name: .customLong("no-project"), help: "Judge named files on their own, without the project around them (by default a named file gets the verdict a run over its project gives: the nearest .sselint.yml, else the git work tree).")
    var noProject = false
    @Flag(name: .customLong("no-inline-suppressions"), help: "Ignore `sselint: disable` comments.")
    var noInlineSuppressions = false
    @Flag(name: .customLong("no-respect-gitignore"), help: "Lint files that .gitignore excludes too.")
    var noRespectGitignore = false
    @Option(help: "Hide the findings recorded in this baseline file.", completion: .file())
    var baseline: String?
    @Option(name: .customLong("write-baseline"), help: "Record the current findings in this baseline file and exit 0.", completion: .file())
    var writeBaseline: String?
    @Flag(name: .customLong("list-files"), help: "List the files that would be linted, and as what, then exit.")
    var listFiles = false
    @Option(name: .customLong("stdin-filename"), help: "With -, the path the stdin contents stand for (sets the input kind and the include base).")
    var stdinFilename: String?
    @Option(name: .customLong("nginx-version"), help: "nginx version the configs run on (default: assume < 1.29.7).")
    var nginxVersion: String?
    @Option(name: .customLong("nginx-prefix"), help: "Directory relative include paths start from (default: the main config's directory).")
    var nginxPrefix: String?
    @Option(name: .customLong("max-file-size"), help: "Largest file read, in bytes.")
    var maxFileSize: Int = 32 << 20
    @Option(name: .customLong("max-include-depth"), help: "Longest chain of nginx includes.")
    var maxIncludeDepth: Int = 64
    @Flag(name: .customLong("no-color"), help: "No colour, even on a terminal or with FORCE_COLOR (NO_COLOR is honoured too).")
    var noColor = false
    @Flag(name: .customLong("exit-zero"), help: "Exit 0 even when findings reach the fail-on level (input errors still exit 2).")
    var exitZero = false
    @Flag(name: [.customShort("v"), .long], help: "Also list each file found in a directory but not judged (templates, binary files, other proxies' configs); the summary counts them.")
    var verbose = false

    /// The run as plain values (the same struct `QuickLintArguments` fills without this parser).
    var arguments: LintArguments {
        LintArguments(paths: paths, format: out.format, output: out.output, failOn: out.failOn, config: out.config,
                      fix: fix, unsafeFixes: unsafeFixes, diff: diff, select: select, ignore: ignore, isolated: isolated,
                      noProject: noProject, noInlineSuppressions: noInlineSuppressions,
                      noRespectGitignore: noRespectGitignore, baseline: baseline, writeBaseline: writeBaseline,
                      listFiles: listFiles, stdinFilename: stdinFilename, nginxVersion: nginxVersion,
                      nginxPrefix: nginxPrefix, maxFileSize: maxFileSize, maxIncludeDepth: maxIncludeDepth,
                      noColor: noColor, exitZero: exitZero, verbose: verbose)
    }

    func validate() throws {
        if let problem = arguments.problem { throw ValidationError(problem) }
    }

    func run() throws { arguments.run() }
}

struct Config: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", abstract: "Print a commented starting .sselint.yml.")
    @Flag(help: "Print the example configuration.")
    var example = false

    func run() throws {
        guard example else {
            FileHandleOut.stderr("usage: sselint config --example > .sselint.yml\n")
            throw ExitCode(2)
        }
        FileHandleOut.stdout(ConfigurationLoader.example)
    }
}

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "List the rules.")
    /// A rule list is a table or JSON; a report format (sarif, junit…) has nothing to carry it.
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }
    @Option(help: "Output format.")
    var format: Format = .text

    func run() throws {
        if format == .json {
            let rows: [JSON] = RuleCatalog.all.map { m in
                .object([("id", .string(m.id.rawValue)), ("name", .string(m.name)), ("input", .string(m.input)),
                         ("severity", .string(m.severity.rawValue)), ("enabled", .bool(m.enabledByDefault)),
                         ("fix", .string(m.fixSafety.rawValue)), ("summary", .string(m.summary))])
            }
            FileHandleOut.stdout(JSON.array(rows).serialized(indent: 2) + "\n")
            return
        }
        for m in RuleCatalog.all {
            let id = m.id.rawValue.padding(8), name = m.name.padding(38), sev = m.severity.rawValue.padding(8), fix = m.fixSafety.rawValue.padding(8)
            FileHandleOut.stdout("\(id)\(name)\(sev)\(fix)\(m.summary)\n")
        }
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Explain a rule: what it flags, why, and how to fix it.")
    @Argument(help: "A rule id such as NGX001, or its name.")
    var rule: String

    func run() throws {
        guard let m = RuleCatalog.all.first(where: { $0.id.rawValue == rule.uppercased() || $0.name == rule }) else {
            FileHandleOut.stderr("sselint: unknown rule \"\(rule)\" (see `sselint rules`)\n")
            throw ExitCode(2)
        }
        var o = "\(m.id) \(m.name) (\(m.input), \(m.severity.rawValue)\(m.enabledByDefault ? "" : m.presets.isEmpty ? ", off by default" : ", quick-reference preset"))\n\n"
        o += "What it does\n  \(m.summary)\n\nWhy is this bad?\n\(indent(m.rationale))\n"
        o += "Fix (\(m.fixSafety.rawValue)): \(m.fixTitle)\n\(indent(m.fixText))\n"
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
    static let configuration = CommandConfiguration(commandName: "parse", abstract: "Print an nginx config's parse tree as crossplane-compatible JSON.")
    @Argument(help: "The main config file.")
    var path: String
    @Flag(name: .customLong("single-file"), help: "Do not follow includes.")
    var singleFile = false
    @Option(help: "Spaces to indent the JSON with (0: one line).")
    var indent: Int = 0

    func run() throws {
        let ws = NginxWorkspace(settings: Settings())
        let (json, ok) = CrossplaneOutput.render(path, workspace: ws, singleFile: singleFile, indent: indent)
        FileHandleOut.stdout(bytes: json + [0x0A])
        if !ok { throw ExitCode(2) }
    }
}

extension String {
    func padding(_ n: Int) -> String { count >= n ? self + " " : self + String(repeating: " ", count: n - count) }
}
