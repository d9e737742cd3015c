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
        return (out, report.errors)
    }

    func workspace(overlay: [String: [UInt8]] = [:]) -> NginxWorkspace {
        var o = overlay
        if let s = options.stdin, o[Path.normalize(s.path)] == nil { o[Path.normalize(s.path)] = s.bytes }
        return NginxWorkspace(settings: Settings(maxFileSize: options.maxFileSize, maxIncludeDepth: options.maxIncludeDepth), overlay: o)
    }

    /// One lint pass over `paths`, reading files through `workspace` (which may hold fixed contents).
    public func lint(_ paths: [String], workspace: NginxWorkspace? = nil) -> (report: Report, workspace: NginxWorkspace) {
        if options.projectContext, !paths.isEmpty, paths.allSatisfy({ $0 != "-" && FileSystem.kind($0) == .file }) {
            return lintInProject(paths, workspace: workspace)
        }
        let ws = workspace ?? self.workspace()
        if ws.roots == nil { ws.roots = Self.roots(paths) }
        let found = discover(paths, ws)
        var (entries, report) = (found.entries, found.report)
        let (launchPaths, appPaths, proxies, evidence) = (found.launch, found.app, found.proxies, found.evidence)
        var sources: [String: (SourceFile, [Comment])] = [:]
        var linted: [String] = []
        var seenFiles: Set<String> = []
        var findings: [Finding] = []
        var seenFindings: Set<String> = []
        var ran: [String: Set<RuleID>] = [:]
        var includeSites: [String: Int] = [:]

        // Launch files and app code first: the nginx verdicts use what the app sends, and the app and launch
        // verdicts use what nginx does (one cross-file model for the whole run).
        let (launchFiles, pythonScans) = parseLaunchFiles(launchPaths, ws, &report)
        let deployment = scanApps(launchFiles: launchFiles, python: pythonScans, appPaths: appPaths, roots: paths.filter { $0 != "-" }, ws, &report)
        deployment.otherProxies = proxies.map(\.name)
        // A Caddy config that turns response buffering off itself (`flush_interval -1`) needs nothing from the app.
        deployment.otherProxyUnbuffered = proxies.first { p in
            p.name == "Caddy" && ((try? ws.bytes(p.path).get()).map { String(decoding: $0, as: UTF8.self).contains("flush_interval -1") } ?? false)
        }?.path
        deployment.streamPath = SSEDetector.streamPathMatcher(configs.settings(configs.config(for: paths.first ?? ".", errors: &report.errors)))
        deployment.ingress = IngressFacts.scan(launchFiles.map(\.source).filter { $0.path.hasSuffix(".yaml") || $0.path.hasSuffix(".yml") })
        deployment.nginxScanned = !entries.isEmpty
        let knowledge: AppKnowledge? = deployment.hasApp ? deployment : app
        let nginxImages = launchFiles.flatMap { ContainerImages.scan($0.source, carrier: $0.carrier) }.filter(\.isNginx)
        let templateEnv = Self.templateEnv(launchFiles)
        entries += embeddedEntries(launchFiles, ws, &report)
        // Every entry resolved first: an embedded config that another config includes (a ConfigMap mounted into
        // conf.d) is judged there, in the context nginx reads it in, not again alone.
        let prepared = entries.map { entry -> (Entry, Configuration, Settings, ResolvedConfig) in
            let config = configs.config(for: entry.file.source.path, errors: &report.errors)
            var settings = configs.settings(config)
            if settings.nginxVersion == nil { Self.takeVersion(from: nginxImages, for: entry.file.source.path, into: &settings) }
            var resolved = ws.resolve(entry.file, prefix: settings.nginxPrefix ?? entry.prefix)
            if resolved.files.contains(where: { NginxTemplate.isEnvsubstTemplate($0.path) }) { resolved = resolved.substituting(templateEnv) }
            return (entry, config, settings, resolved)
        }
        let includedKeys = Set(prepared.flatMap { $0.3.includeCount.keys })
        let carried = Dictionary(grouping: entries.filter { $0.embedded != nil }, by: { $0.file.source.path })

        for (entry, config, settings, resolved) in prepared where !entry.keys.contains(where: includedKeys.contains) {
            // What `nginx -t` would reject (context, block, arguments) is an input error at its place.
            let checked = NginxDirectiveTable.check(resolved)
            report.errors += checked.errors
            report.notices += checked.notices
            report.errors += resolved.errors
            report.notices += resolved.notices
            for (path, n) in resolved.includeCount { includeSites[path, default: 0] += n }
            for f in resolved.files where seenFiles.insert(f.path).inserted { linted.append(f.path) }
            let analysis = NginxAnalysis(config: resolved, settings: settings, app: knowledge)
            deployment.record(analysis)
            var rulesRan: [String: Set<RuleID>] = [:]
            let found = run(RuleCatalog.nginxRules, on: analysis, config: config, settings: settings, path: entry.file.source.path, ran: &rulesRan)
            for f in resolved.files { ran[f.path, default: []].formUnion(rulesRan[entry.file.source.path] ?? []) }
            // A file included in two places reports the same line once.
            for f in found.map({ inCarrier($0, entry: entry, carried: carried, ws) }) where seenFindings.insert("\(f.rule)|\(f.range.file.path)|\(f.range.start.offset)|\(f.message)").inserted {
                findings.append(f)
            }
        }
        // App code: HDR, CAN and PY rules, for files that declare something to judge.
        for (i, a) in deployment.apps.enumerated() where !a.routes.isEmpty || !a.responses.isEmpty || a.python.map(PythonScanner.hasFacts) ?? false {
            let path = a.source.path
            let config = configs.config(for: path, errors: &report.errors)
            let enabled = Set(RuleCatalog.appRules.map { $0.id }.filter { configs.runs($0, config) })
            let analysis = AppAnalysis(fileIndex: i, settings: configs.settings(config), deployment: deployment, enabledRules: enabled)
            if seenFiles.insert(path).inserted { linted.append(path) }
            if sources[path] == nil { sources[path] = (a.source, a.comments) }
            findings += run(RuleCatalog.appRules, on: analysis, config: config, settings: analysis.settings, path: path, ran: &ran)
        }
        // Server logs and probe transcripts named on the command line (`sselint logs`, `sselint probe --save`).
        for path in evidence {
            switch ws.bytes(path) {
            case .failure(let e): report.errors.append(e)
            case .success(let bytes):
                let source = SourceFile(path: Path.normalize(path), bytes: bytes)
                let config = configs.config(for: path, errors: &report.errors)
                let settings = configs.settings(config)
                if seenFiles.insert(source.path).inserted { linted.append(source.path) }
                sources[source.path] = (source, [])
                findings += judge(evidence: source, config: config, settings: settings, ran: &ran)
            }
        }
        // gunicorn configs, and those a command loads with -c (judged through that command, not again alone).
        var gunicornConfigs: [String: ServerLaunch] = [:]
        for f in launchFiles where f.carrier == .gunicornConfig {
            if let s = f.commands.first.flatMap(ServerLaunch.find) { gunicornConfigs[Path.absolute(f.source.path)] = s }
        }
        var context = LaunchAnalysis.Context()
        context.gunicornConfigs = gunicornConfigs
        context.pythonEntryScripts = Self.entryScripts(launchFiles)
        context.containerScripts = Self.containerScripts(launchFiles)
        context.localHelpers = Self.localHelperScripts(launchFiles)
        context.appWSGIStreams = deployment.wsgiStreams
        context.gracefulWorkers = Self.gracefulWorkers(deployment.apps)
        context.appServesSSE = deployment.servesSSE
        context.appStreamsEndOnShutdown = deployment.streamsEndOnShutdown
        // PY002's evidence for RUN007: blocking calls in async code of the scanned app.
        context.appBlockingCalls = deployment.apps.flatMap { a in (a.python?.blockingCalls ?? []).map { SourceRange(file: a.source, start: $0.range.lowerBound, end: $0.range.upperBound) } }
        // Python files without anything to judge are not reported as linted.
        let judged = launchFiles.filter { f in !(f.commands.isEmpty && f.python.map({ $0.debugApps.isEmpty && $0.uvicornRuns.isEmpty }) ?? false) }
        for file in launchFiles { report.notices += file.notices }
        // A config that a command loads with -c is judged through that command only (its own file has no servers).
        context.loadedConfigs = Set(judged.flatMap { f in
            LaunchAnalysis(file: f, settings: Settings(), context: context).servers.flatMap { $0.options.values.compactMap { $0.external?.file.path } }
        })
        for file in judged {
            let path = file.source.path
            let config = configs.config(for: path, errors: &report.errors)
            let analysis = LaunchAnalysis(file: file, settings: configs.settings(config), context: context)
            if seenFiles.insert(path).inserted { linted.append(path) }
            sources[path] = (file.source, file.comments)
            findings += run(RuleCatalog.launchRules, on: analysis, config: config, settings: analysis.settings, path: path, ran: &ran)
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
        // A fix may touch what the user named and, for a file named alone, the project around it: `sselint
        // deploy/nginx.conf --fix` fixes the snippets that config includes inside the repository.
        let roots = paths.map { Path.absolute($0 == "-" ? (options.stdin?.path ?? $0) : $0) }
            + paths.filter { $0 != "-" && FileSystem.kind($0) == .file }.map { Self.projectRoot(of: $0) }
        var insideRoots: [String: Bool] = [:]
        report.findings = report.findings.map { limitFix($0, roots: roots, inside: &insideRoots, sites: includeSites) }
        return (report, ws)
    }

    /// A finding in a config written inside another file says where the config lives; its fix is written onto the
    /// carrying file's own lines only, and one that cannot be (a quoted `echo` argument, a line that also holds
    /// YAML or shell) is shown, not offered.
    func inCarrier(_ f: Finding, entry: Entry, carried: [String: [Entry]], _ ws: NginxWorkspace) -> Finding {
        guard let carrier = Self.carrier(of: f, entry: entry, carried: carried) else { return f }
        var fix = f.fix
        if let x = fix, !x.edits.isEmpty, case .success(let real) = ws.bytes(f.range.file.path),
           !x.edits.allSatisfy({ Linter.fits($0, real: real) }) {
            fix = Fix(title: x.title, safety: .display, isolation: x.isolation)
        }
        return Finding(rule: f.rule, name: f.name, severity: f.severity, range: f.range, message: f.message + " (nginx config in \(carrier))",
                       fix: fix, related: f.related)
    }

    /// The embedded config a finding lies in (the entry's own, or one it includes from a ConfigMap or heredoc): the
    /// one whose kept bytes hold the finding's first byte.
    static func carrier(of f: Finding, entry: Entry, carried: [String: [Entry]]) -> String? {
        let path = f.range.file.path, at = f.range.start.offset
        if let name = entry.embedded, path == entry.file.source.path,
           at < entry.file.source.bytes.count, entry.file.source.bytes[at] != 0x20 { return name }
        return carried[path]?.first { at < $0.file.source.bytes.count && $0.file.source.bytes[at] != 0x20 }?.embedded
            ?? (path == entry.file.source.path ? entry.embedded : nil)
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
