import SSELint
import SSELintCore
import SSELintReporters
import SSELintRules
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One `sselint lint` run's options as plain values, filled by swift-argument-parser (`Lint.arguments`) or, for
/// the everyday command line, by `QuickLintArguments`; both then run the same code.
struct LintArguments: Equatable {
    var paths: [String] = []
    var format: OutputFormat = .text
    var output: String?
    var failOn: Severity?
    var config: String?
    var fix = false
    var unsafeFixes = false
    var diff = false
    var select: String?
    var ignore = ""
    var isolated = false
    var noProject = false
    var noInlineSuppressions = false
    var noRespectGitignore = false
    var baseline: String?
    var writeBaseline: String?
    var listFiles = false
    var stdinFilename: String?
    var nginxVersion: String?
    var nginxPrefix: String?
    var maxFileSize = 32 << 20
    var maxIncludeDepth = 64
    var noColor = false
    var exitZero = false
    var verbose = false

    static func list(_ s: String) -> [String] {
        s.split(separator: ",").map { $0.trimmingSpaces.uppercased() }.filter { !$0.isEmpty }
    }

    /// What is wrong with this combination of options, if anything (the usage error's text).
    var problem: String? {
        for id in Self.list((select ?? "") + "," + ignore) where id != "ALL" && RulePreset.named(id) == nil {
            if !RuleCatalog.all.contains(where: { $0.id.rawValue.hasPrefix(id) }) { return "no rule matches \"\(id)\" (see `sselint rules`)" }
        }
        if let v = nginxVersion, NginxVersion(v) == nil { return "--nginx-version: \"\(v)\" is not a version like 1.26.2" }
        if maxFileSize <= 0 { return "--max-file-size must be positive" }
        if maxIncludeDepth <= 0 { return "--max-include-depth must be positive" }
        if paths.contains("-") && fix { return "--fix cannot rewrite stdin; use --diff" }
        if stdinFilename != nil && !paths.contains("-") { return "--stdin-filename goes with - (read stdin)" }
        return nil
    }

    func run() -> Never {
        // The run's one-time work (type metadata, tables, a worker thread) on the idle core meanwhile.
        WarmUp.start()
        var options = LintOptions()
        options.keepModelUntilExit = true
        options.select = select.map(Self.list)
        options.ignore = Self.list(ignore)
        options.configPath = config
        options.isolated = isolated
        options.inlineSuppressions = !noInlineSuppressions
        options.respectGitignore = !noRespectGitignore
        options.nginxVersion = nginxVersion.flatMap(NginxVersion.init)
        options.nginxPrefix = nginxPrefix
        options.maxFileSize = maxFileSize
        options.maxIncludeDepth = maxIncludeDepth
        options.projectContext = !noProject
        if paths.contains("-") {
            options.stdin = (stdinFilename ?? "stdin.conf", readStdin())
        }
        var request = LintRequest()
        request.paths = paths.isEmpty ? ["."] : paths
        (request.fix, request.diff, request.unsafeFixes, request.listFiles) = (fix, diff, unsafeFixes, listFiles)
        (request.format, request.output, request.failOn) = (format, output, failOn)
        (request.baseline, request.writeBaseline) = (baseline, writeBaseline)
        (request.noColor, request.stdoutIsTerminal, request.exitZero, request.verbose) = (noColor, isatty(1) != 0, exitZero, verbose)
        let outcome = Linter(options: options).perform(request)
        FileHandleOut.emit(outcome)
        WarmUp.wait()
        // Ends the process here, the report still held: the OS frees it at once (freeing thousands of findings one
        // by one took milliseconds). Output is written with write(2), unbuffered: nothing is left to flush.
        exit(outcome.exitCode)
    }

    private func readStdin() -> [UInt8] {
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buf.withUnsafeMutableBytes { read(0, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            out += buf[0..<n]
            if out.count > min(maxFileSize, FileSystem.maxReadable) {
                FileHandleOut.stderr(maxFileSize > FileSystem.maxReadable
                    ? "sselint: stdin is larger than sselint can read (\(FileSystem.maxReadable) bytes)\n"
                    : "sselint: stdin is larger than --max-file-size (\(maxFileSize) bytes)\n")
                // Never exit with the warm-up mid-step on its worker.
                WarmUp.wait()
                exit(2)
            }
        }
        return out
    }
}

/// The everyday `sselint [lint] [options] [paths]` read without swift-argument-parser, whose reflection-driven
/// set-up is over a third of an empty run (bench/README.md). It accepts only what it fully understands: `--name
/// value`, `--name=value`, the flags, `-o`, `-v` and paths, each option at most once and no value starting with
/// `-`. Anything else (help, `--version`, another subcommand, `--`, a mistake, a failed check) returns nil and the
/// full parser handles it, usage message and all. A test parses the same command lines both ways and compares.
enum QuickLintArguments {
    /// Sets the flag `name`; false when there is no such flag.
    static func setFlag(_ name: String, _ a: inout LintArguments) -> Bool {
        switch name {
        case "fix": a.fix = true
        case "unsafe-fixes": a.unsafeFixes = true
        case "diff": a.diff = true
        case "isolated": a.isolated = true
        case "no-project": a.noProject = true
        case "no-inline-suppressions": a.noInlineSuppressions = true
        case "no-respect-gitignore": a.noRespectGitignore = true
        case "list-files": a.listFiles = true
        case "no-color": a.noColor = true
        case "exit-zero": a.exitZero = true
        case "verbose": a.verbose = true
        default: return false
        }
        return true
    }

    /// Stores the option `name`'s value: nil when there is no such option, false when the value is not one it takes.
    static func setValue(_ name: String, _ v: String, _ a: inout LintArguments) -> Bool? {
        switch name {
        case "format": guard let f = OutputFormat(rawValue: v) else { return false }; a.format = f
        case "output": a.output = v
        case "fail-on": guard let s = Severity(rawValue: v) else { return false }; a.failOn = s
        case "config": a.config = v
        case "select": a.select = v
        case "ignore": a.ignore = v
        case "baseline": a.baseline = v
        case "write-baseline": a.writeBaseline = v
        case "stdin-filename": a.stdinFilename = v
        case "nginx-version": a.nginxVersion = v
        case "nginx-prefix": a.nginxPrefix = v
        case "max-file-size": guard let n = Int(v) else { return false }; a.maxFileSize = n
        case "max-include-depth": guard let n = Int(v) else { return false }; a.maxIncludeDepth = n
        default: return nil
        }
        return true
    }

    /// Words the full parser would take as a subcommand.
    static let subcommands: Set<String> = ["lint", "probe", "logs", "rules", "explain", "parse", "config", "help"]

    static func parse(_ argv: [String]) -> LintArguments? {
        var args = argv[...]
        if args.first == "lint" { args = args.dropFirst() }
        var a = LintArguments()
        var seen: Set<String> = []
        while let arg = args.popFirst() {
            if subcommands.contains(arg) { return nil }
            guard arg.hasPrefix("-"), arg != "-" else { a.paths.append(arg); continue }
            var name: String, value: String?
            if arg.hasPrefix("--") {
                let body = arg.dropFirst(2)
                if let eq = body.firstIndex(of: "=") {
                    (name, value) = (String(body[..<eq]), String(body[body.index(after: eq)...]))
                } else {
                    name = String(body)
                }
            } else if arg == "-o" {
                name = "output"
            } else if arg == "-v" {
                name = "verbose"
            } else {
                return nil
            }
            guard seen.insert(name).inserted else { return nil }
            if value == nil, setFlag(name, &a) { continue }
            if value == nil { value = args.popFirst() }
            guard let v = value, !v.hasPrefix("-"), !v.isEmpty, setValue(name, v, &a) == true else { return nil }
        }
        return a.problem == nil ? a : nil
    }
}
