import Foundation
import SSELintCore
import SSELintLaunch
import SSELintNginx
import SSELintRules
import SSELintSource

/// The engine: discovery, configuration, parsing, include resolution, rules, suppressions, baseline, fixes.
/// Owns all I/O and policy; rules only read documents and report.
public final class Linter {
    public let options: LintOptions
    public let app: AppKnowledge?
    let configs: ConfigResolver
    /// Files that more than one `include` pulls in, in the last lint (fixes leave them alone).
    public internal(set) var sharedFiles: Set<String> = []

    public init(options: LintOptions, app: AppKnowledge? = nil) {
        self.options = options; self.app = app
        configs = ConfigResolver(options: options)
    }

    /// For tests and embedding: no `.sselint.yml` is read.
    public convenience init(settings: Settings = Settings(), app: AppKnowledge? = nil, select: [String] = [], ignore: [String] = []) {
        var o = LintOptions()
        o.isolated = true
        o.select = select.isEmpty ? nil : select
        o.ignore = ignore
        o.nginxVersion = settings.nginxVersion
        o.nginxPrefix = settings.nginxPrefix
        o.maxFileSize = settings.maxFileSize
        self.init(options: o, app: app)
    }

    /// One entry config to lint: its parsed file and the settings its `.sselint.yml` gives.
    struct Entry {
        let file: NginxFile
        let prefix: String?
        /// A config written inside another file (ConfigMap, Dockerfile heredoc): what carries it.
        var embedded: String? = nil
        /// The workspace keys an embedded config is placed under (its container paths).
        var keys: [String] = []
    }

    /// Which files would be linted, and as what (`--list-files`).
    public func listFiles(_ paths: [String]) -> (files: [(path: String, kind: String)], errors: [InputError]) {
        let ws = workspace()
        ws.roots = Self.roots(paths)
        let found = discover(paths, ws)
        let (entries, launchPaths, appPaths, report) = (found.entries, found.launch, found.app, found.report)
        var out: [(String, String)] = []
        var seen: Set<String> = []
        for e in entries {
            let resolved = ws.resolve(e.file, prefix: e.prefix)
            for (i, f) in resolved.files.enumerated() where seen.insert(f.path).inserted {
                out.append((f.path, i == 0 ? "nginx (entry config)" : "nginx (included from \(e.file.source.path))"))
            }
        }
        for p in launchPaths where seen.insert(Path.normalize(p)).inserted {
            let bytes = try? FileSystem.read(p, limit: options.maxFileSize).get()
            out.append((Path.normalize(p), "launch (\(LaunchFiles.carrier(for: p, bytes: bytes)?.rawValue ?? "?"))"))
        }
        for p in appPaths where seen.insert(Path.normalize(p)).inserted {
            out.append((Path.normalize(p), p.hasSuffix(".go") ? "app (go)" : "app (javascript/typescript)"))
        }
        for p in found.proxies where Discovery.linted.contains(p.name) && seen.insert(Path.normalize(p.path)).inserted {
            out.append((Path.normalize(p.path), "proxy (\(p.name))"))
        }
        for n in report.notices where n.skip != nil && seen.insert(n.path).inserted {
            out.append((n.path, "skipped (\(n.skip!.label(1)))"))
        }
        return (out, report.errors)
    }

    func workspace(overlay: [String: [UInt8]] = [:]) -> NginxWorkspace {
        var o = overlay
        if let s = options.stdin, o[Path.normalize(s.path)] == nil { o[Path.normalize(s.path)] = s.bytes }
        return NginxWorkspace(settings: Settings(maxFileSize: options.maxFileSize, maxIncludeDepth: options.maxIncludeDepth), overlay: o)
    }

    /// One lint pass over `paths`, reading files through `workspace` (which may hold fixed contents).
    public func lint(_ paths: [String], workspace: NginxWorkspace? = nil) -> (report: Report, workspace: NginxWorkspace) {
        // A new pass (not a fix round's re-lint) does not trust what an earlier one's listings said about the disk.
        if workspace == nil { FileSystem.forgetListings() }
        if options.projectContext, !paths.isEmpty, paths.allSatisfy({ $0 != "-" && FileSystem.kind($0) == .file }) {
            return lintInProject(paths, workspace: workspace)
        }
        let ws = workspace ?? self.workspace()
        if ws.roots == nil { ws.roots = Self.roots(paths) }
        // The stages, in order; each reads what the earlier ones finished.
        var clock = StageClock()
        let found = discover(paths, ws)
        clock.lap("discover")
        var run = Run(report: found.report)
        let inputs = read(found, paths: paths, ws, &run.report)
        clock.lap("read")
        let model = buildModel(inputs, paths: paths, ws, &run.report)
        clock.lap("model")
        judgeNginx(model, ws, &run)
        clock.lap("judge nginx")
        judgeApps(model, &run)
        judgeEvidence(found.evidence, ws, &run)
        judgeLaunches(model, &run)
        judgeProxies(model, &run)
        clock.lap("judge others")
        if options.keepModelUntilExit { ExitRetention.keep(model) }
        let done = finish(&run, paths: paths, ws)
        clock.lap("finish")
        return (done, ws)
    }

    /// A finding in a config written inside another file says where the config lives; its fix is written onto the
    /// carrying file's own lines only, and one that cannot be (a quoted `echo` argument, a line that also holds
    /// YAML or shell) is shown, not offered.
    /// The finding as it reads in a config embedded in another file; nil when it lies in no such config.
    func inCarrier(_ f: borrowing Finding, entry: Entry, carried: [String: [Entry]], _ ws: NginxWorkspace) -> Finding? {
        guard let carrier = Self.carrier(of: f, entry: entry, carried: carried) else { return nil }
        var fix = f.fix
        // Each edit against its own file's bytes (a fix may edit a file beside the carrier).
        if let x = fix, !x.edits.isEmpty, !x.edits.allSatisfy({ e in (try? ws.bytes(e.file.path).get()).map { Linter.fits(e, real: $0) } ?? false }) {
            fix = Fix(title: x.title, safety: .display, isolation: x.isolation)
        }
        return Finding(rule: f.rule, name: f.name, severity: f.severity, range: f.range, message: f.message + " (nginx config in \(carrier))",
                       fix: fix, related: f.related)
    }

    /// The embedded config a finding lies in (the entry's own, or one it includes from a ConfigMap or heredoc): the
    /// one whose kept bytes hold the finding's first byte.
    static func carrier(of f: borrowing Finding, entry: Entry, carried: [String: [Entry]]) -> String? {
        let path = f.range.file.path, at = f.range.start.offset
        if let name = entry.embedded, path == entry.file.source.path,
           at < entry.file.source.bytes.count, entry.file.source.bytes[at] != 0x20 { return name }
        return carried[path]?.first { at < $0.file.source.bytes.count && $0.file.source.bytes[at] != 0x20 }?.embedded
            ?? (path == entry.file.source.path ? entry.embedded : nil)
    }

    /// Whether a masked copy keeps text at `at`'s line next to it (the edit lands in that embedded config).
    static func holds(_ masked: [UInt8], _ at: Int) -> Bool {
        guard at <= masked.count, !masked.isEmpty else { return false }
        var i = min(at, masked.count - 1)
        // An insertion at a line break (or at the end) belongs to the text before it.
        if masked[i] == 0x0A { i -= 1 }
        while i >= 0, masked[i] != 0x0A {
            if masked[i] != 0x20, masked[i] != 0x09, masked[i] != 0x0D { return true }
            i -= 1
        }
        i = at
        while i < masked.count, masked[i] != 0x0A {
            if masked[i] != 0x20, masked[i] != 0x09, masked[i] != 0x0D { return true }
            i += 1
        }
        return false
    }

    /// A fix may only touch files under what the user asked to lint (never /etc/nginx through an absolute
    /// include) and never a snippet that several places include (it would change them all): such a fix is shown only.
    /// Why a fix with these edits may not be applied automatically (a file included in several places, or outside
    /// the linted paths); nil when it may.
    /// `shared`: the counts of `sites` above one (or all of them), the only ones that limit a file's own fix.
    func fixLimit(_ edits: [Edit], roots: [(root: String, prefix: String)], inside: inout FixScope, sites: [String: Int],
                  shared: [String: Int]? = nil, carried: [String: [Entry]]) -> String? {
        var why: String?
        for e in edits {
            let path = e.file.path
            let (n, ok) = inside.answer(path, sites: shared ?? sites, roots: roots)
            if let n, n > 1 { why = "\(path) is included in \(n) places"; break }
            // A config written inside this file (a ConfigMap entry, a heredoc) that several includes pull in.
            if !carried.isEmpty, let entries = carried[path] {
                let holding = entries.filter { Self.holds($0.file.source.bytes, e.range.lowerBound) }
                let n = holding.flatMap(\.keys).reduce(0) { $0 + (sites[$1] ?? 0) }
                if n > 1 { why = "the \(holding.first?.embedded ?? "embedded config") is included in \(n) places"; break }
            }
            if !ok { why = "\(path) is outside the linted paths"; break }
        }
        return why
    }

    /// The finding with its fix shown only, for `why`.
    static func limited(_ f: Finding, _ why: String) -> Finding {
        let fix = f.fix!
        return Finding(rule: f.rule, name: f.name, severity: f.severity, range: f.range, message: f.message,
                       fix: Fix(title: "\(fix.title) (not applied automatically: \(why))", safety: .display), related: f.related)
    }

}

extension Linter {
    /// The `fail-on` of the configuration that governs the first path (the command line's wins over it).
    public func failOn(for paths: [String]) -> Severity? {
        var errors: [InputError] = []
        let first = paths.first.map { $0 == "-" ? (options.stdin?.path ?? ".") : $0 } ?? "."
        let probe = FileSystem.kind(first) == .directory ? Path.join(first, ".sselint-probe") : first
        return configs.config(for: probe, errors: &errors).failOn
    }
}

/// What a one-shot process keeps until it exits (the OS frees it at once, without a deinit per object).
enum ExitRetention {
    nonisolated(unsafe) static var kept: [Any] = []
    static func keep(_ value: Any) { kept.append(value) }
}

/// `SSELINT_TIMINGS=1`: each stage's wall time on stderr, for profiling (bench/README.md).
struct StageClock {
    static let enabled = getenv("SSELINT_TIMINGS") != nil
    private var last = DispatchTime.now().uptimeNanoseconds
    mutating func lap(_ stage: String) {
        guard Self.enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let mib = usage.ru_maxrss / 1024  // KiB on Linux
        #else
        getrusage(RUSAGE_SELF, &usage)
        let mib = usage.ru_maxrss / 1_048_576  // bytes on macOS
        #endif
        // Resident memory now, split into the heap's (anonymous) and the binary's and files' pages (Linux).
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let rss = status.split(separator: "\n").filter { $0.hasPrefix("RssAnon") || $0.hasPrefix("RssFile") }
            .map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.map { "\(Int($0).map { $0 / 1024 } ?? 0)" } ?? "?" }
        let resident = rss.count == 2 ? ", now \(rss[0]) MiB heap + \(rss[1]) MiB mapped" : ""
        // Ended at: seconds of the monotonic clock, to line stages up with `perf sched record -k CLOCK_MONOTONIC`.
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        let at = String(format: "%.4f", Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9)
        FileHandle.standardError.write("sselint: \(stage): \(String(format: "%.1f", Double(now - last) / 1e6)) ms, peak \(mib) MiB\(resident), at \(at)\n".data(using: .utf8)!)
        last = now
    }
}
