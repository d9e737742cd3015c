import SSELintCore
import SSELintLaunch
import SSELintNginx
import SSELintRules
import SSELintSource

/// Launch files and app sources: parsed once per run, before any rule, into the cross-file model.
extension Linter {
    /// Launch files parsed, with the Python ones' token scans (read once: the app scan starts from the same scan).
    func parseLaunchFiles(_ paths: [String], _ ws: NginxWorkspace, _ report: inout Report) -> (files: [LaunchFile], python: [String: PythonScan]) {
        // Parsed on all cores when there are many; the order of the results is the order of the paths.
        let results = Parallel.map(paths) { path -> Result<(LaunchFile, PythonScan?), InputError> in
            let read = { (p: String) -> SourceFile? in
                guard case .success(let b) = ws.bytes(p) else { return nil }
                return SourceFile(path: Path.normalize(p), bytes: b)
            }
            return ws.bytes(path).flatMap { bytes in
                let source = SourceFile(path: Path.normalize(path), bytes: bytes)
                let carrier = LaunchFiles.carrier(for: path, bytes: bytes) ?? .dockerfile
                let scan = (carrier == .python || carrier == .gunicornConfig) && !bytes.contains(0) ? PythonScan(source) : nil
                return LaunchFiles.parse(source, carrier: carrier, read: read, pythonTokens: scan?.tokens).map { ($0, scan) }
            }
        }
        var out: [LaunchFile] = []
        var scans: [String: PythonScan] = [:]
        for r in results {
            switch r {
            case .failure(let e): report.errors.append(e)
            case .success(let (file, scan)):
                out.append(file)
                if let scan { scans[file.source.path] = scan }
            }
        }
        return (out, scans)
    }

    /// Scans the app: every Python file among the launch files (a file can both start a server and serve
    /// routes) and every JS/TS/Go source. What a scanner cannot read is an error at path:line; the rest is judged.
    func scanApps(launchFiles: [LaunchFile], python scans: [String: PythonScan], appPaths: [String], roots: [String], _ ws: NginxWorkspace, _ report: inout Report) -> Deployment {
        let python = launchFiles.filter { ($0.carrier == .python || $0.carrier == .gunicornConfig)
            && !Discovery.isTestSource(Discovery.relative($0.source.path, to: roots)) }.map(\.source)
        var apps = Parallel.map(python) { f in scans[f.path].map(PythonScanner.scan) ?? PythonScanner.scan(f) }
        let scanned = Parallel.map(appPaths) { path in ws.bytes(path).map { AppScanner.scan(SourceFile(path: Path.normalize(path), bytes: $0)) } }
        for r in scanned {
            switch r {
            case .failure(let e): report.errors.append(e)
            case .success(let app): apps.append(app)
            }
        }
        for a in apps { report.errors += a.problems }
        return Deployment(apps: apps, launches: launchFiles)
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
    func judge(evidence source: SourceFile, config: Configuration, settings: Settings, ran: inout [String: Set<RuleID>],
               report: inout Report) -> [Finding] {
        if source.path.hasSuffix(".probe") { return judgeProbe(source, config: config, settings: settings, ran: &ran, errors: &report.errors) }
        return judgeLog(source, config: config, settings: settings, ran: &ran, notices: &report.notices)
    }

    /// The rules of one input that `config` turns on, run over `document`; which ran is kept for `path` (a
    /// suppression of a rule that ran and found nothing is stale).
    func run<D>(_ rules: [any Rule.Type], on document: D, config: Configuration, settings: Settings,
                path: String, ran: inout [String: Set<RuleID>], concurrently: Bool = false) -> [Finding] {
        let on = rules.filter { configs.runs($0.id, config) }
        ran[path, default: []].formUnion(on.map { $0.id })
        return RuleRunner.run(on, on: document, settings: settings, concurrently: concurrently)
    }

    func judgeLog(_ source: SourceFile, config: Configuration, settings: Settings, ran: inout [String: Set<RuleID>],
                  notices: inout [Notice]) -> [Finding] {
        let patterns = Self.logPatterns(config)
        let analysis = LogAnalysis(source: source, patterns: patterns, settings: settings)
        if analysis.events.isEmpty {
            // "0 findings" would read as a clean log; say that nothing was judged, and what was looked for.
            let names = patterns.start + patterns.cancelled + patterns.agentTimeout + patterns.events + patterns.end
            notices.append(Notice(path: source.path, message: "no stream events recognised in \(source.path) (looked for \(names.joined(separator: ", "))); a server that names them differently sets them under `logs:` in .sselint.yml"))
        }
        return run(RuleCatalog.logRules, on: analysis, config: config, settings: settings, path: source.path, ran: &ran)
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
        // A configuration that does not load gives no verdict, as for `lint`: its errors, and no finding judged
        // with defaults it may have meant to change.
        guard report.errors.isEmpty else { return report }
        let settings = configs.settings(config)
        let source = SourceFile(path: path, bytes: bytes)
        var ran: [String: Set<RuleID>] = [:]
        // The kind comes from the command, not the name (server.log.1, a URL).
        let findings = asLog ? judgeLog(source, config: config, settings: settings, ran: &ran, notices: &report.notices)
                             : judgeProbe(source, config: config, settings: settings, ran: &ran, errors: &report.errors)
        report.findings = findings.compactMap { configs.apply($0, errors: &report.errors) }
            .sorted { ($0.range.start.offset, $0.rule) < ($1.range.start.offset, $1.rule) }
        report.files = [source.path]
        return report
    }

    func judgeProbe(_ source: SourceFile, config: Configuration, settings: Settings, ran: inout [String: Set<RuleID>],
                    errors: inout [InputError]) -> [Finding] {
        let transcript = ProbeTranscript.parse(source)
        // An error status is no stream at all: judging its headers would blame the wrong thing.
        if let problem = Self.errorStatus(transcript) {
            errors.append(InputError(path: source.path, line: source.position(of: transcript.statusRange.lowerBound).line, column: 1, message: problem))
            return []
        }
        let analysis = ProbeAnalysis(transcript: transcript, settings: settings)
        return run(RuleCatalog.probeRules, on: analysis, config: config, settings: settings, path: source.path, ran: &ran)
    }

    /// "the server answered 405 Method Not Allowed (Allow: GET): …" for a response status of 400 or more.
    static func errorStatus(_ t: ProbeTranscript) -> String? {
        guard let status = t.status else { return nil }
        let parts = status.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let code = Int(parts[1]), code >= 400 else { return nil }
        let reason = parts.count > 2 ? " \(parts[2])" : ""
        var text = "the server answered \(code)\(reason), not an event stream"
        switch code {
        case 405:
            let allow = t.header("allow")?.value
            let method = t.request?.method ?? "GET"
            text += allow.map { ": it allows \($0) for this URL" } ?? ": \(method) is not allowed for this URL"
            text += method == "GET" ? " (chat APIs stream from POST: add --data '{…}')" : " (EventSource endpoints stream from GET: drop --data and --method)"
        case 401, 403: text += ": pass credentials with -H 'Authorization: …'"
        case 404: text += ": check the URL's path"
        case 400, 415, 422: text += ": check the request body (--data) and its Content-Type (-H)"
        default: break
        }
        // A JSON or plain-text body usually says what was wrong ({"detail": "Not authenticated"}); an HTML page does not.
        let type = t.header("content-type")?.value.lowercased() ?? ""
        let body = type.contains("json") || type.hasPrefix("text/plain") ? t.lines.map(\.text).filter { !$0.isEmpty }.joined(separator: " ") : ""
        if !body.isEmpty { text += "; the response body: \(body.count > 160 ? body.prefix(157) + "..." : Substring(body))" }
        return text
    }
}
