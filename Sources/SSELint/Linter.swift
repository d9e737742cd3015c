import SSELintCore
import SSELintLaunch
import SSELintNginx
import SSELintRules

/// The engine: discovery, configuration, parsing, include resolution, rules, suppressions, baseline, fixes.
/// Owns all I/O and policy; rules only read documents and report.
public final class Linter {
    public let options: LintOptions
    public let app: AppKnowledge?
    let configs: ConfigResolver
    /// Files that more than one `include` pulls in, in the last lint (fixes leave them alone).
    public private(set) var sharedFiles: Set<String> = []

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
    }

    /// Which files would be linted, and as what (`--list-files`).
    public func listFiles(_ paths: [String]) -> (files: [(path: String, kind: String)], errors: [InputError]) {
        let ws = workspace()
        let (entries, launchPaths, report) = discover(paths, ws)
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
        return (out, report.errors)
    }

    func workspace(overlay: [String: [UInt8]] = [:]) -> NginxWorkspace {
        var o = overlay
        if let s = options.stdin, o[Path.normalize(s.path)] == nil { o[Path.normalize(s.path)] = s.bytes }
        return NginxWorkspace(settings: Settings(maxFileSize: options.maxFileSize), overlay: o)
    }

    /// One lint pass over `paths`, reading files through `workspace` (which may hold fixed contents).
    public func lint(_ paths: [String], workspace: NginxWorkspace? = nil) -> (report: Report, workspace: NginxWorkspace) {
        let ws = workspace ?? self.workspace()
        var (entries, launchPaths, report) = discover(paths, ws)
        var sources: [String: (SourceFile, [Comment])] = [:]
        var linted: [String] = []
        var seenFiles: Set<String> = []
        var findings: [Finding] = []
        var seenFindings: Set<String> = []
        var ran: [String: Set<String>] = [:]
        var includeSites: [String: Int] = [:]

        for entry in entries {
            let config = configs.config(for: entry.file.source.path, errors: &report.errors)
            let settings = configs.settings(config)
            let resolved = ws.resolve(entry.file, prefix: settings.nginxPrefix ?? entry.prefix)
            report.errors += resolved.errors
            report.notices += resolved.notices
            for (path, n) in resolved.includeCount { includeSites[path, default: 0] += n }
            for f in resolved.files where seenFiles.insert(f.path).inserted { linted.append(f.path) }
            let analysis = NginxAnalysis(config: resolved, settings: settings, app: app)
            let rules = RuleCatalog.nginxRules.filter { configs.runs($0.id, config) }
            for f in resolved.files { ran[f.path, default: []].formUnion(rules.map { $0.id }) }
            for rule in rules {
                var ctx = RuleContext(metadata: RuleCatalog.metadata[rule.id]!, settings: settings)
                rule.init().check(analysis, &ctx)
                for f in ctx.findings {
                    // A file included in two places reports the same line once.
                    let key = "\(f.rule)|\(f.range.file.path)|\(f.range.start.offset)|\(f.message)"
                    if seenFindings.insert(key).inserted { findings.append(f) }
                }
            }
        }
        // Launch files: parse them all first, so cross-file evidence (blocking calls in the app, for RUN007) is
        // complete before any rule runs.
        var launchFiles: [LaunchFile] = []
        for path in launchPaths {
            let read = { (p: String) -> SourceFile? in
                guard case .success(let b) = ws.bytes(p) else { return nil }
                return SourceFile(path: Path.normalize(p), bytes: b)
            }
            switch ws.bytes(path).flatMap({ bytes in
                LaunchFiles.parse(SourceFile(path: Path.normalize(path), bytes: bytes),
                                  carrier: LaunchFiles.carrier(for: path, bytes: bytes) ?? .dockerfile, read: read)
            }) {
            case .failure(let e): report.errors.append(e)
            case .success(let file): launchFiles.append(file)
            }
        }
        // gunicorn configs, and those a command loads with -c (judged through that command, not again alone).
        var gunicornConfigs: [String: ServerLaunch] = [:]
        for f in launchFiles where f.carrier == .gunicornConfig {
            if let s = f.commands.first.flatMap(ServerLaunch.find) { gunicornConfigs[Path.absolute(f.source.path)] = s }
        }
        var loadedConfigs: Set<String> = []
        if !gunicornConfigs.isEmpty {
            for f in launchFiles where f.carrier != .gunicornConfig {
                for s in LaunchAnalysis(file: f, settings: Settings(), gunicornConfigs: gunicornConfigs).servers {
                    if let ext = s.options.values.first(where: { $0.external != nil })?.external { loadedConfigs.insert(ext.file.path) }
                }
            }
        }
        // Which Python files the scanned launch commands run (for `__main__` entry points).
        var entryScripts: Set<String>?
        for f in launchFiles where f.carrier != .python && f.carrier != .gunicornConfig && f.carrier != .settings {
            for c in f.commands {
                let w = c.command.words.map { $0.resolved(c.environment) ?? $0.text }
                guard let first = w.first, Path.basename(first).hasPrefix("python") else {
                    if !w.isEmpty { entryScripts = entryScripts ?? [] }
                    continue
                }
                var scripts = entryScripts ?? []
                if let m = w.firstIndex(of: "-m"), m + 1 < w.count {
                    scripts.insert((w[m + 1].split(separator: ".").last.map(String.init) ?? w[m + 1]) + ".py")
                    scripts.insert("__main__.py")
                } else if let script = w.dropFirst().first(where: { !$0.hasPrefix("-") }) {
                    scripts.insert(Path.basename(script))
                }
                entryScripts = scripts
            }
        }
        let blocking = launchFiles.flatMap { f in (f.python?.blockingCalls ?? []).map { SourceRange(file: f.source, start: $0.range.lowerBound, end: $0.range.upperBound) } }
        for file in launchFiles {
            report.notices += file.notices
            // Python files without anything to judge are not reported as linted.
            if file.commands.isEmpty && file.python.map({ $0.debugApps.isEmpty && $0.uvicornRuns.isEmpty }) ?? false { continue }
            let config = configs.config(for: file.source.path, errors: &report.errors)
            let settings = configs.settings(config)
            if seenFiles.insert(file.source.path).inserted { linted.append(file.source.path) }
            sources[file.source.path] = (file.source, file.comments)
            let analysis = LaunchAnalysis(file: file, settings: settings, appBlockingCalls: blocking, gunicornConfigs: gunicornConfigs)
            analysis.pythonEntryScripts = entryScripts
            var rules = RuleCatalog.launchRules.filter { configs.runs($0.id, config) }
            if loadedConfigs.contains(file.source.path) { rules.removeAll { $0.id.hasPrefix("RUN") } }
            ran[file.source.path, default: []].formUnion(rules.map { $0.id })
            for rule in rules {
                var ctx = RuleContext(metadata: RuleCatalog.metadata[rule.id]!, settings: settings)
                rule.init().check(analysis, &ctx)
                findings += ctx.findings
            }
        }
        for path in linted where sources[path] == nil {
            if case .success(let f) = ws.file(path) {
                sources[path] = (f.source, f.comments.map { Comment(text: $0.text, start: $0.start, end: $0.end) })
            }
        }
        // Per-file configuration: exclude, per-file-ignores, severity overrides.
        findings = findings.compactMap { configs.apply($0, errors: &report.errors) }
        if options.inlineSuppressions {
            let applied = Suppressions.apply(findings, sources: sources, ran: ran, configs: configs, errors: &report.errors)
            // SUP001 findings are new here: the per-file configuration applies to them too.
            findings = applied.kept.compactMap { $0.rule == "SUP001" ? configs.apply($0, errors: &report.errors) : $0 }
            report.suppressed = applied.suppressed
        }
        if let baseline = options.baseline {
            let applied = Suppressions.applyBaseline(findings, baseline: baseline, linted: Set(linted))
            findings = applied.kept
            report.suppressed += applied.suppressed
            report.staleBaseline = applied.stale
        }
        report.findings = findings.sorted {
            ($0.range.file.path, $0.range.start.offset, $0.rule) < ($1.range.file.path, $1.range.start.offset, $1.rule)
        }
        var seenErrors: Set<InputError> = []
        report.errors = report.errors.filter { seenErrors.insert($0).inserted }
        report.notices = Array(Set(report.notices)).sorted { ($0.path, $0.line, $0.message) < ($1.path, $1.line, $1.message) }
        report.files = linted
        sharedFiles = Set(includeSites.filter { $0.value > 1 }.keys)
        let roots = paths.map { Path.absolute($0 == "-" ? (options.stdin?.path ?? $0) : $0) }
        var insideRoots: [String: Bool] = [:]
        report.findings = report.findings.map { limitFix($0, roots: roots, inside: &insideRoots, sites: includeSites) }
        return (report, ws)
    }

    /// A fix may only touch files under what the user asked to lint (never /etc/nginx through an absolute
    /// include) and never a snippet that several places include (it would change them all): such a fix is shown only.
    private func limitFix(_ f: Finding, roots: [String], inside: inout [String: Bool], sites: [String: Int]) -> Finding {
        guard let fix = f.fix, !fix.edits.isEmpty else { return f }
        var why: String?
        for e in fix.edits {
            if let n = sites[e.file.path], n > 1 { why = "\(e.file.path) is included in \(n) places"; break }
            let ok = inside[e.file.path] ?? {
                let abs = Path.absolute(e.file.path)
                return roots.contains { abs == $0 || abs.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
            }()
            inside[e.file.path] = ok
            if !ok { why = "\(e.file.path) is outside the linted paths"; break }
        }
        guard let why else { return f }
        return Finding(rule: f.rule, name: f.name, severity: f.severity, range: f.range, message: f.message,
                       fix: Fix(title: "\(fix.title) (not applied automatically: \(why))", safety: .display), related: f.related)
    }

    /// Finds and parses the entry configs: files named on the command line as given; in directories each
    /// nginx.conf first, then every other config that no other one includes.
    func discover(_ paths: [String], _ ws: NginxWorkspace) -> ([Entry], [String], Report) {
        let targets = paths.map { $0 == "-" ? (options.stdin?.path ?? "-") : $0 }
        // stdin is linted as the kind its --stdin-filename names (nginx, a launch file, or nothing yet).
        var stdinPath = options.stdin.map { Path.normalize($0.path) }
        var stdinLaunch: [String] = []
        if let p = stdinPath {
            if LaunchFiles.carrier(for: p, bytes: options.stdin?.bytes) != nil { stdinLaunch = [p]; stdinPath = nil }
            else if Discovery.isOtherKnownInput(p) && !Discovery.isNginxCandidate(p, parent: Path.basename(Path.dirname(p))) { stdinPath = nil }
        }
        var report = Report()
        var configErrors: [InputError] = []
        let stdinAny = options.stdin.map { Path.normalize($0.path) }
        let found = Discovery.discover(targets.filter { Path.normalize($0) != stdinAny }, gitignore: options.respectGitignore) {
            self.configs.isExcluded($0, errors: &configErrors)
        }
        report.errors = found.errors + configErrors
        report.notices = found.notices
        var entries: [Entry] = []
        // Named files obey `exclude` too (pre-commit names every changed file).
        let explicit = found.explicitNginx.filter { !configs.isExcluded($0, errors: &report.errors) }
        var explicitParsed: [(String, NginxFile)] = []
        for path in explicit + (stdinPath.map { [$0] } ?? []) {
            switch parseChecked(path, ws, explicit: true) {
            case .failure(let e):
                // A named `*.conf` of another program (supervisord.conf via pre-commit) is skipped, with a notice.
                if path != stdinPath, Path.basename(path) != "nginx.conf", path.hasSuffix(".conf"),
                   case .success(let bytes) = FileSystem.read(path, limit: options.maxFileSize), !bytes.contains(0),
                   !Discovery.looksLikeNginx(bytes) {
                    report.notices.append(Notice(path: path, message: "skipped: does not look like an nginx config"))
                } else {
                    report.errors.append(e)
                }
            case .success(let f): explicitParsed.append((path, f))
            }
        }
        var parsed: [(String, NginxFile)] = []
        for path in found.nginx {
            let named = Path.basename(path) == "nginx.conf" || Path.basename(Path.dirname(path)).hasPrefix("sites-")
            switch parseChecked(path, ws, explicit: false) {
            case .success(let f):
                if named || Discovery.looksLikeNginx(f.source.bytes) { parsed.append((path, f)) }
            case .failure(let e):
                // Another program's *.conf (supervisord, redis…) is not ours to judge; an nginx-looking one is an error.
                if !named, case .success(let bytes) = FileSystem.read(path, limit: options.maxFileSize),
                   !Discovery.looksLikeNginx(bytes) { continue }
                if e.message.hasPrefix("skipped:") { report.notices.append(Notice(path: e.path, line: e.line, message: e.message)) }
                else { report.errors.append(e) }
            }
        }
        // Compared by real path: sites-enabled/x is usually a symlink to sites-available/x.
        var included: Set<String> = []
        for (path, f) in parsed + explicitParsed {
            for target in includeTargets(f, prefix: prefix(for: path), ws) where target != path {
                included.insert(FileSystem.realPath(target) ?? target)
            }
        }
        let isIncluded = { (p: String) in included.contains(FileSystem.realPath(p) ?? p) }
        let ordered = parsed.filter { Path.basename($0.0) == "nginx.conf" } + parsed.filter { Path.basename($0.0) != "nginx.conf" }
        // A named file that another named (or found) config includes is judged there, not on its own.
        for (path, f) in explicitParsed where !isIncluded(path) || path == stdinPath {
            entries.append(Entry(file: f, prefix: prefix(for: path)))
        }
        var taken: Set<String> = Set(entries.map { FileSystem.realPath($0.file.source.path) ?? $0.file.source.path })
        for (path, f) in ordered where !isIncluded(path) && taken.insert(FileSystem.realPath(path) ?? path).inserted {
            entries.append(Entry(file: f, prefix: prefix(for: path)))
        }
        // Files only reachable from each other (an include cycle) are still linted, once.
        let candidates = (parsed + explicitParsed).filter { isIncluded($0.0) }
        let reached = candidates.isEmpty ? [] : reachable(from: entries, ws)
        for (path, f) in candidates where !reached.contains(FileSystem.realPath(path) ?? path) && taken.insert(FileSystem.realPath(path) ?? path).inserted {
            entries.append(Entry(file: f, prefix: prefix(for: path)))
        }
        let launch = (found.launch + stdinLaunch).filter { !configs.isExcluded($0, errors: &report.errors) }
        return (entries, launch, report)
    }

    /// Whether fixed contents still parse (a fix that breaks its file is dropped).
    func parses(_ path: String, _ bytes: [UInt8]) -> Bool {
        let f = SourceFile(path: path, bytes: bytes)
        if let carrier = LaunchFiles.carrier(for: path, bytes: bytes) {
            if case .success = LaunchFiles.parse(f, carrier: carrier, read: { _ in nil }) { return true }
            return false
        }
        if case .success = NginxParser.parse(f) { return true }
        return false
    }

    /// Real paths of every file the entries include, directly or not (one walk for all of them).
    private func reachable(from entries: [Entry], _ ws: NginxWorkspace) -> Set<String> {
        var seen: Set<String> = []
        var stack = entries.map { ($0.file, $0.prefix ?? Path.dirname($0.file.source.path)) }
        while let (f, prefix) = stack.popLast() {
            guard seen.insert(FileSystem.realPath(f.source.path) ?? f.source.path).inserted else { continue }
            for t in includeTargets(f, prefix: prefix, ws) {
                if case .success(let g) = ws.file(t) { stack.append((g, prefix)) }
            }
        }
        return seen
    }

    /// Parses, and rejects templates with a clear message instead of a cascade of syntax errors.
    private func parseChecked(_ path: String, _ ws: NginxWorkspace, explicit: Bool) -> Result<NginxFile, InputError> {
        let result = ws.file(path)
        if explicit && Discovery.isTemplateName(Path.basename(path)) {
            return .failure(InputError(path: path, line: 1, column: 1, message: "this is a template (\(Path.basename(path))); render it, then lint the result"))
        }
        switch result {
        case .success(let f):
            return .success(f)
        case .failure(let e):
            if e.message.hasPrefix("looks like a template") {
                return .failure(InputError(path: e.path, line: e.line, column: e.column, message: explicit ? e.message : "skipped: " + e.message))
            }
            return .failure(e)
        }
    }

    /// The nginx prefix of a file: the nearest directory above it holding an nginx.conf, else its own directory.
    /// (`--nginx-prefix` / `nginx-prefix:` override it per run.)
    private func prefix(for path: String) -> String {
        var dir = Path.dirname(path)
        for _ in 0..<4 {
            if FileSystem.kind(Path.join(dir, "nginx.conf")) == .file { return dir }
            let up = Path.dirname(dir)
            if up == dir || up.isEmpty { break }
            dir = up
        }
        // conf.d/, sites-enabled/ and friends sit in the prefix directory even when nginx.conf is not in the tree.
        let parent = Path.dirname(path)
        if ["conf.d", "sites-enabled", "sites-available", "http.d", "servers", "vhosts", "snippets"].contains(Path.basename(parent)) {
            let up = Path.dirname(parent)
            return up.isEmpty ? "." : up
        }
        return parent
    }

    private func includeTargets(_ f: NginxFile, prefix: String, _ ws: NginxWorkspace) -> [String] {
        var out: [String] = []
        var stack = f.directives
        while let d = stack.popLast() {
            if d.name == "include" { out += ws.includeTargets(d, prefix: prefix).paths.map(Path.normalize) }
            if let b = d.block { stack += b }
        }
        return out
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
