import SSELintCore
import SSELintNginx
import SSELintRules

/// The engine: discovery, parsing, include resolution, rules, fixes. Owns all I/O and policy.
public final class Linter {
    public let settings: Settings
    public let app: AppKnowledge?
    /// Rule ids or prefixes (`NGX`, `NGX001`) to run; empty = every rule enabled by default.
    public let select: [String]
    /// Rule ids or prefixes never to run.
    public let ignore: [String]

    public init(settings: Settings = Settings(), app: AppKnowledge? = nil, select: [String] = [], ignore: [String] = []) {
        self.settings = settings; self.app = app; self.select = select; self.ignore = ignore
    }

    /// Selected explicitly (even a rule that is off by default), or on by default and not ignored.
    func runs(_ meta: RuleMetadata) -> Bool {
        if ignore.contains(where: { meta.id.hasPrefix($0) }) { return false }
        if select.isEmpty { return meta.enabledByDefault }
        return select.contains { meta.id.hasPrefix($0) }
    }

    /// One lint pass over `paths`, reading files through `workspace` (which may hold fixed contents).
    public func lint(_ paths: [String], workspace: NginxWorkspace? = nil) -> (report: Report, workspace: NginxWorkspace) {
        let ws = workspace ?? NginxWorkspace(settings: settings)
        let found = Discovery.discover(paths, settings: settings)
        var report = Report(errors: found.errors, notices: found.notices)
        var linted: [String] = []
        var seenFiles: Set<String> = []
        var findings: [Finding] = []
        var seenFindings: Set<String> = []

        func lintEntry(_ file: NginxFile, prefix: String?) {
            let resolved = ws.resolve(file, prefix: prefix)
            report.errors += resolved.errors
            report.notices += resolved.notices
            for f in resolved.files where seenFiles.insert(f.path).inserted { linted.append(f.path) }
            let analysis = NginxAnalysis(config: resolved, settings: settings, app: app)
            for rule in RuleCatalog.nginxRules {
                guard let meta = RuleCatalog.metadata[rule.id], runs(meta) else { continue }
                var ctx = RuleContext(metadata: meta, settings: settings)
                rule.init().check(analysis, &ctx)
                for f in ctx.findings {
                    // A file included in two places reports the same line once.
                    let key = "\(f.rule)|\(f.range.file.path)|\(f.range.start.offset)|\(f.message)"
                    if seenFindings.insert(key).inserted { findings.append(f) }
                }
            }
        }

        // Files named on the command line are entries as given.
        for path in found.explicitNginx {
            switch parseChecked(path, ws, explicit: true) {
            case .failure(let e): report.errors.append(e)
            case .success(let f): lintEntry(f, prefix: prefix(for: path))
            }
        }
        // Files found in directories: nginx.conf first, then every other file that no other one includes.
        var parsed: [(String, NginxFile)] = []
        for path in found.nginx {
            let named = Path.basename(path) == "nginx.conf" || Path.basename(Path.dirname(path)).hasPrefix("sites-")
            switch parseChecked(path, ws, explicit: false) {
            case .success(let f):
                if named || Discovery.looksLikeNginx(f.source.bytes) { parsed.append((path, f)) }
            case .failure(let e):
                // Another program's *.conf (supervisord, redis…) is not ours to judge; an nginx-looking one is an error.
                if !named, case .success(let bytes) = FileSystem.read(path, limit: settings.maxFileSize),
                   !Discovery.looksLikeNginx(bytes) { continue }
                if e.message.hasPrefix("skipped:") { report.notices.append(Notice(path: e.path, line: e.line, message: e.message)) }
                else { report.errors.append(e) }
            }
        }
        var included: Set<String> = []
        for (path, f) in parsed {
            for target in includeTargets(f, prefix: prefix(for: path), ws) where target != path { included.insert(target) }
        }
        let entries = parsed.filter { Path.basename($0.0) == "nginx.conf" } + parsed.filter { Path.basename($0.0) != "nginx.conf" }
        for (path, f) in entries where !included.contains(path) && !seenFiles.contains(path) {
            lintEntry(f, prefix: prefix(for: path))
        }
        // Files that are only reachable from each other (an include cycle) still get linted once.
        for (path, f) in parsed where !seenFiles.contains(path) { lintEntry(f, prefix: prefix(for: path)) }

        report.findings = findings.sorted {
            ($0.range.file.path, $0.range.start.offset, $0.rule) < ($1.range.file.path, $1.range.start.offset, $1.rule)
        }
        report.errors = dedupe(report.errors)
        report.notices = Array(Set(report.notices)).sorted { ($0.path, $0.line, $0.message) < ($1.path, $1.line, $1.message) }
        report.files = linted
        return (report, ws)
    }

    /// Parses, and rejects templates with a clear message instead of a cascade of syntax errors.
    private func parseChecked(_ path: String, _ ws: NginxWorkspace, explicit: Bool) -> Result<NginxFile, InputError> {
        let result = ws.file(path)
        if explicit && Discovery.isTemplateName(Path.basename(path)) {
            return .failure(InputError(path: path, line: 1, column: 1, message: "this is a template (\(Path.basename(path))); render it, then lint the result"))
        }
        switch result {
        case .success(let f):
            if let t = f.directives.first(where: { $0.name.hasPrefix("${") || $0.name.hasPrefix("{{") || $0.name.hasPrefix("{%") }) {
                let msg = "looks like a template: \"\(t.name)\" stands where a directive belongs; render it, then lint the result"
                return .failure(InputError(at: t.range.start, in: f.source, explicit ? msg : "skipped: " + msg))
            }
            return .success(f)
        case .failure(let e):
            if case .success(let bytes) = FileSystem.read(path, limit: settings.maxFileSize), Linter.hasTemplateMarkers(bytes) {
                let msg = "looks like a template ({{ }}, {% %} or ${VAR} markers) and does not parse as nginx (\(e.message) at line \(e.line)); render it, then lint the result"
                return .failure(InputError(path: e.path, line: e.line, column: e.column, message: explicit ? msg : "skipped: " + msg))
            }
            return .failure(e)
        }
    }

    static func hasTemplateMarkers(_ b: [UInt8]) -> Bool {
        for i in 0..<max(0, b.count - 1) where (b[i] == UInt8(ascii: "{") && (b[i + 1] == UInt8(ascii: "{") || b[i + 1] == UInt8(ascii: "%")))
            || (b[i] == UInt8(ascii: "$") && b[i + 1] == UInt8(ascii: "{")) {
            return true
        }
        return false
    }

    /// The nginx prefix of a discovered file: `--nginx-prefix`, else the nearest directory above it holding an
    /// nginx.conf, else its own directory.
    private func prefix(for path: String) -> String {
        if let p = settings.nginxPrefix { return p }
        var dir = Path.dirname(path)
        for _ in 0..<4 {
            if FileSystem.kind(Path.join(dir, "nginx.conf")) == .file { return dir }
            let up = Path.dirname(dir)
            if up == dir || up.isEmpty { break }
            dir = up
        }
        return Path.dirname(path)
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

    private func dedupe(_ errors: [InputError]) -> [InputError] {
        var seen: Set<InputError> = []
        return errors.filter { seen.insert($0).inserted }
    }
}
