import Foundation
import SSELintCore
import SSELintReporters
import SSELintRules

/// One `sselint lint` invocation as the library sees it: what to lint, and what to do with the result.
public struct LintRequest: Sendable {
    public var paths: [String] = ["."]
    public var fix = false
    public var diff = false
    public var unsafeFixes = false
    public var listFiles = false
    public var format: OutputFormat = .text
    public var output: String?
    public var failOn: Severity?
    /// Hide the findings recorded in this baseline file; write one with `writeBaseline`.
    public var baseline: String?
    public var writeBaseline: String?
    /// Colour is used for the text report on a terminal, unless turned off here or by NO_COLOR.
    public var noColor = false
    public var stdoutIsTerminal = false
    /// Exit 0 even when findings are at or above the fail-on level (input errors still exit 2).
    public var exitZero = false
    /// List every skipped file (the summary only counts those found in a tree).
    public var verbose = false
    public init() {}
}

/// What a run prints, in order, and how it exits: the command line only writes it out.
public struct LintOutcome: Sendable {
    public enum Stream: Sendable { case stdout, stderr }
    /// What to write, in order: text, or a JSON report to write out as it is rendered (megabytes for a large config).
    public enum Chunk: Sendable { case text(String), json(JSONReporter, Report) }
    public var output: [(stream: Stream, chunk: Chunk)] = []
    public var exitCode: Int32 = 0

    mutating func say(_ text: String, to stream: Stream = .stdout) { if !text.isEmpty { output.append((stream, .text(text))) } }
    mutating func say(_ json: JSONReporter, _ report: Report) { output.append((.stdout, .json(json, report))) }
    mutating func fail(_ message: String) -> LintOutcome {
        say("sselint: \(message)\n", to: .stderr)
        exitCode = 2
        return self
    }
}

extension Linter {
    /// Lints (or fixes, or shows the fixes as a diff), writes what was asked (fixed files, the report file, a
    /// baseline), and decides the colour, what goes where and the exit code.
    public func perform(_ r: LintRequest) -> LintOutcome {
        var o = LintOutcome()
        let paths = PathDisplay()
        var linter = self
        if let b = r.baseline {
            switch Baseline.load(b) {
            case .success(let fps):
                var options = self.options
                options.baseline = fps
                linter = Linter(options: options, app: app)
            case .failure(let e): return o.fail("\(paths.show(e.path)):\(e.line):\(e.column): \(e.message)")
            }
        }
        if r.listFiles {
            let (files, errors) = linter.listFiles(r.paths)
            o.say(files.map { "\(paths.show($0.path))\t\($0.kind)\n" }.joined()
                + errors.map { "\(paths.show($0.path)):\($0.line):\($0.column): input-error \($0.message)\n" }.joined())
            o.exitCode = errors.isEmpty ? 0 : 2
            return o
        }
        var report: Report
        var wouldFix = false
        if r.fix || r.diff {
            let result = linter.lintAndFix(r.paths, unsafe: r.unsafeFixes)
            report = result.report
            if let broken = Self.brokenConfiguration(result.initial, options) { return deliverBroken(broken, r) }
            if r.diff {
                // With a machine-readable format on stdout, the diff goes to stderr.
                for path in result.changes.keys.sorted() {
                    let c = result.changes[path]!
                    o.say(UnifiedDiff.render(path: paths.show(path), before: c.before, after: c.after),
                          to: r.format == .text || r.output != nil ? .stdout : .stderr)
                }
            }
            if r.fix { report = result.afterWriting(Linter.write(result.changes)) }
            // A diff that shows changes fails the run, as `ruff --diff` does: something would be fixed.
            if r.diff, !r.fix {
                report.fixesShownOnly = true
                wouldFix = !result.changes.isEmpty
                // Said on stderr, so that stdout stays a patch.
                if wouldFix {
                    o.say("would fix \(report.fixesApplied) finding\(report.fixesApplied == 1 ? "" : "s") in \(result.changes.count) file\(result.changes.count == 1 ? "" : "s") (--fix writes them)\n", to: .stderr)
                }
            }
        } else {
            report = linter.lint(r.paths).report
            if let broken = Self.brokenConfiguration(report, options) { return deliverBroken(broken, r) }
        }
        o.say(Self.notices(report, paths, verbose: r.verbose), to: .stderr)
        // A tree with nothing to judge is said, not passed off as a clean run (still exit 0, as ruff does). Files
        // named alone say why through their notices.
        if report.files.isEmpty && report.errors.isEmpty && r.paths.allSatisfy({ FileSystem.kind($0) == .directory }) {
            o.say("sselint: warning: nothing to judge under \(r.paths.joined(separator: ", ")): no nginx config, launch file, or app code with routes or streaming responses\n", to: .stderr)
        }
        if let file = r.writeBaseline {
            // Findings the old baseline hid stay in the new one (reading and writing the same file keeps it).
            let kept = report.findings + report.suppressed.filter { $0.kind == .baseline }.map(\.finding)
            let text = Baseline.render(kept.sorted { ($0.range.file.path, $0.range.start.offset) < ($1.range.file.path, $1.range.start.offset) }, paths: paths)
            if let e = FileSystem.writeAtomically(file, Array(text.utf8)) { return o.fail("\(file): \(e.message)") }
            o.say("wrote \(kept.count) finding\(kept.count == 1 ? "" : "s") to the baseline \(file)\n", to: .stderr)
            o.exitCode = report.errors.isEmpty ? 0 : 2
            return o
        }
        // Colour on a terminal, or wherever FORCE_COLOR asks for it; --no-color and NO_COLOR win.
        let env = ProcessInfo.processInfo.environment
        let color = r.format == .text && r.output == nil && !r.noColor && env["NO_COLOR"] == nil
            && (r.stdoutIsTerminal || !(env["FORCE_COLOR"] ?? "").isEmpty)
        let reporter = r.format.reporter(color: color, paths: paths, rules: RuleCatalog.all)
        if let output = r.output {
            let bytes = (reporter as? JSONReporter)?.renderBytes(report) ?? Array(reporter.render(report).utf8)
            if let e = FileSystem.writeAtomically(output, bytes) { return o.fail("\(output): \(e.message)") }
        } else if !(r.diff && r.format == .text) || !report.findings.isEmpty || !report.errors.isEmpty {
            if let json = reporter as? JSONReporter { o.say(json, report) } else { o.say(reporter.render(report)) }
        }
        o.exitCode = report.exitCode(failOn: r.failOn ?? linter.failOn(for: r.paths) ?? .warning)
        if wouldFix && o.exitCode == 0 { o.exitCode = 1 }
        if r.exitZero && o.exitCode == 1 { o.exitCode = 0 }
        return o
    }

    /// The errors of a `.sselint.yml` (or `--config` file) that does not load: such a run gives no verdict.
    static func brokenConfiguration(_ report: Report, _ options: LintOptions) -> [InputError]? {
        let errors = report.errors.filter { Path.basename($0.path) == ConfigurationLoader.fileName || $0.path == options.configPath }
        return errors.isEmpty ? nil : errors
    }

    /// What sselint skipped or could not judge, one line each (stderr, so that a report on stdout stays clean).
    static func notices(_ report: Report, _ paths: PathDisplay, verbose: Bool = false) -> String {
        report.notices.filter { verbose || !$0.verboseOnly }.map { "\(paths.show($0.path))\($0.line > 0 ? ":\($0.line)" : ""): notice: \($0.message)\n" }.joined()
    }

    /// A broken configuration: its errors, every one, and exit 2; no finding, no fix written, no diff.
    func deliverBroken(_ errors: [InputError], _ r: LintRequest) -> LintOutcome {
        var o = deliver(Report(errors: errors), format: r.format, output: r.output, failOn: r.failOn)
        o.say("sselint: the configuration has \(errors.count) problem\(errors.count == 1 ? "" : "s"); nothing was linted or fixed\n", to: .stderr)
        o.exitCode = 2
        return o
    }
}
