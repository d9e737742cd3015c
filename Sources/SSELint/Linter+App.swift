import SSELintCore
import SSELintLaunch
import SSELintNginx
import SSELintRules
import SSELintSource

/// Launch files and app sources: parsed once per run, before any rule, into the cross-file model.
extension Linter {
    func parseLaunchFiles(_ paths: [String], _ ws: NginxWorkspace, _ report: inout Report) -> [LaunchFile] {
        // Parsed on all cores when there are many; the order of the results is the order of the paths.
        let results = Parallel.map(paths) { path in
            let read = { (p: String) -> SourceFile? in
                guard case .success(let b) = ws.bytes(p) else { return nil }
                return SourceFile(path: Path.normalize(p), bytes: b)
            }
            return ws.bytes(path).flatMap { bytes in
                LaunchFiles.parse(SourceFile(path: Path.normalize(path), bytes: bytes),
                                  carrier: LaunchFiles.carrier(for: path, bytes: bytes) ?? .dockerfile, read: read)
            }
        }
        var out: [LaunchFile] = []
        for r in results {
            switch r {
            case .failure(let e): report.errors.append(e)
            case .success(let file): out.append(file)
            }
        }
        return out
    }

    /// Scans the app: every Python file among the launch files (a file can both start a server and serve
    /// routes) and every JS/TS/Go source. What a scanner cannot read is an error at path:line; the rest is judged.
    func scanApps(launchFiles: [LaunchFile], appPaths: [String], roots: [String], _ ws: NginxWorkspace, _ report: inout Report) -> Deployment {
        let python = launchFiles.filter { ($0.carrier == .python || $0.carrier == .gunicornConfig)
            && !Discovery.isTestSource(Discovery.relative($0.source.path, to: roots)) }.map(\.source)
        var apps = Parallel.map(python) { PythonScanner.scan($0) }
        let scanned = Parallel.map(appPaths) { path in ws.bytes(path).map { Self.scanApp(SourceFile(path: Path.normalize(path), bytes: $0)) } }
        for r in scanned {
            switch r {
            case .failure(let e): report.errors.append(e)
            case .success(let app): apps.append(app)
            }
        }
        for a in apps { report.errors += a.problems }
        return Deployment(apps: apps, launches: launchFiles)
    }

    static func scanApp(_ f: SourceFile) -> AppFile {
        if f.path.hasSuffix(".py") { return PythonScanner.scan(f) }
        if f.path.hasSuffix(".go") { return GoScanner.scan(f) }
        if f.path.hasSuffix(".rs") { return RustScanner.scan(f) }
        return JSScanner.scan(f)
    }

    /// Which Python files the scanned launch commands run (for `__main__` entry points); nil when no command ran
    /// Python.
    static func entryScripts(_ launchFiles: [LaunchFile]) -> Set<String>? {
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
        return entryScripts
    }
}

import SSELintLogs

extension Linter {
    /// LOG rules on a server log, PRB rules on a probe transcript.
    func judge(evidence source: SourceFile, config: Configuration, settings: Settings, ran: inout [String: Set<String>]) -> [Finding] {
        if source.path.hasSuffix(".probe") {
            ran[source.path, default: []].formUnion(RuleCatalog.probeRules.filter { configs.runs($0.id, config) }.map { $0.id })
            return judgeProbe(source, config: config, settings: settings)
        }
        return judgeLog(source, config: config, settings: settings, ran: &ran)
    }

    func judgeLog(_ source: SourceFile, config: Configuration, settings: Settings, ran: inout [String: Set<String>]) -> [Finding] {
        var out: [Finding] = []
        let analysis = LogAnalysis(source: source, patterns: Self.logPatterns(config), settings: settings)
        let rules = RuleCatalog.logRules.filter { configs.runs($0.id, config) }
        ran[source.path, default: []].formUnion(rules.map { $0.id })
        for rule in rules {
            var ctx = RuleContext(metadata: RuleCatalog.metadata[rule.id]!, settings: settings)
            rule.init().check(analysis, &ctx)
            out += ctx.findings
        }
        return out
    }

    /// `logs:` in .sselint.yml renames the events for servers that log them differently.
    static func logPatterns(_ c: Configuration) -> LogPatterns {
        var p = LogPatterns()
        if let v = c.logPatterns["start"] { p.start = v }
        if let v = c.logPatterns["cancelled"] { p.cancelled = v }
        if let v = c.logPatterns["agent-timeout"] { p.agentTimeout = v }
        if let v = c.logPatterns["events"] { p.events = v }
        if let v = c.logPatterns["end"] { p.end = v }
        if let v = c.logPatterns["new-stream-reason"]?.first { p.newStreamReason = v }
        return p
    }
}

extension Linter {
    /// `sselint probe` / `sselint logs`: judges a probe transcript or a server log given as bytes (a live probe has
    /// no file; its transcript stands for it under the URL). The configuration is the one that governs `configFor`.
    public func judgeEvidence(path: String, bytes: [UInt8], asLog: Bool, configFor: String = ".") -> Report {
        var report = Report()
        let config = configs.config(for: configFor, errors: &report.errors)
        let settings = configs.settings(config)
        let source = SourceFile(path: path, bytes: bytes)
        var ran: [String: Set<String>] = [:]
        // The kind comes from the command, not the name (server.log.1, a URL).
        let findings = asLog ? judgeLog(source, config: config, settings: settings, ran: &ran)
                             : judgeProbe(source, config: config, settings: settings)
        report.findings = findings.compactMap { configs.apply($0, errors: &report.errors) }
            .sorted { ($0.range.start.offset, $0.rule) < ($1.range.start.offset, $1.rule) }
        report.files = [source.path]
        return report
    }

    func judgeProbe(_ source: SourceFile, config: Configuration, settings: Settings) -> [Finding] {
        let analysis = ProbeAnalysis(transcript: ProbeTranscript.parse(source), settings: settings)
        var out: [Finding] = []
        for rule in RuleCatalog.probeRules where configs.runs(rule.id, config) {
            var ctx = RuleContext(metadata: RuleCatalog.metadata[rule.id]!, settings: settings)
            rule.init().check(analysis, &ctx)
            out += ctx.findings
        }
        return out
    }
}
