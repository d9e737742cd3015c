import SSELintCore
import SSELintLaunch
import SSELintNginx
import SSELintProxy
import SSELintSource
import SSELintRules

/// Discovery and parsing of the nginx entry configs (the other half of Linter.lint).
extension Linter {
    /// What a run lints, by input: the first stage of the engine.
    struct Discovered {
        /// nginx entry configs, parsed (their includes are resolved later).
        var entries: [Entry]
        /// Launch files (Dockerfiles, compose, Kubernetes, systemd, Procfiles, supervisord, shell, Python).
        var launch: [String]
        /// App sources (JS/TS, Go, Rust; Python files come in as launch files and are scanned as both).
        var app: [String]
        /// Configs of other proxies (Caddy, Traefik, HAProxy, Apache): named, not linted yet.
        var proxies: [(name: String, path: String)]
        /// Server logs and probe transcripts.
        var evidence: [String]
        /// Input errors and notices of discovery itself.
        var report: Report
    }

    /// Finds every input and parses the nginx entry configs: files named on the command line as given; in
    /// directories each nginx.conf first, then every other config that no other one includes.
    func discover(_ paths: [String], _ ws: NginxWorkspace) -> Discovered {
        // Its steps timed too (SSELINT_TIMINGS), each from the end of the one before.
        var dclock = StageClock()
        let targets = paths.map { $0 == "-" ? (options.stdin?.path ?? "-") : $0 }
        // stdin is linted as the kind its --stdin-filename names (nginx, a launch file, or nothing yet).
        var stdinPath = options.stdin.map { Path.normalize($0.path) }
        var stdinLaunch: [String] = [], stdinApp: [String] = [], stdinEvidence: [String] = []
        var stdinProxy: [(name: String, path: String)] = []
        if let p = stdinPath {
            switch Discovery.classify(p, named: true, bytes: options.stdin?.bytes ?? []) {
            case .nginx: break
            case .launch: stdinLaunch = [p]; stdinPath = nil
            case .app: stdinApp = [p]; stdinPath = nil
            case .log, .probe: stdinEvidence = [p]; stdinPath = nil
            case .proxy(let name): stdinProxy = [(name, p)]; stdinPath = nil
            case .template, .skipped: stdinPath = nil
            }
        }
        var report = Report()
        var configErrors: [InputError] = []
        let stdinAny = options.stdin.map { Path.normalize($0.path) }
        let found = Discovery.discover(targets.filter { Path.normalize($0) != stdinAny }, gitignore: options.respectGitignore) {
            self.configs.isExcluded($0, errors: &configErrors)
        }
        dclock.lap("discover › walk")
        let memo = PathMemo(prefix: prefix(for:), notLinks: found.notLinks)
        report.errors = found.errors + configErrors
        report.notices = found.notices + stdinProxy.filter { !Discovery.linted.contains($0.name) }.map { Discovery.proxyNotice($0.path, $0.name) }
        var entries: [Entry] = []
        // Named files obey `exclude` too (pre-commit names every changed file).
        let explicit = found.explicitNginx.filter { !configs.isExcluded($0, errors: &report.errors) }
        // Container paths the compose files and Dockerfiles map into the tree, before includes are followed.
        if ws.mounts.isEmpty { ws.mounts = Self.mounts(found.launch) }
        // Every nginx file found is read and parsed once, on all cores; the loops below hit the cache.
        ws.preload(explicit + found.nginx)
        dclock.lap("discover › named configs")
        var explicitParsed: [(String, NginxFile)] = []
        for path in explicit + (stdinPath.map { [$0] } ?? []) {
            switch parseChecked(path, ws, explicit: true) {
            case .failure(let e):
                // A named `*.conf` of another program (supervisord.conf via pre-commit) is skipped, with a notice.
                if path != stdinPath, Path.basename(path) != "nginx.conf", path.hasSuffix(".conf"),
                   case .success(let bytes) = FileSystem.read(path, limit: options.maxFileSize), !bytes.contains(0),
                   !Discovery.looksLikeNginx(bytes) {
                    report.notices.append(Notice(path: path, message: "skipped: does not look like an nginx config", skip: .notNginx))
                } else {
                    report.errors.append(e)
                }
            case .success(let f): explicitParsed.append((path, f))
            }
        }
        var parsed: [(String, NginxFile)] = []
        var apacheInTree: [(name: String, path: String)] = []
        for path in found.nginx {
            let named = Path.basename(path) == "nginx.conf" || Path.basename(Path.dirname(path)).hasPrefix("sites-")
            switch parseChecked(path, ws, explicit: false) {
            case .success(let f):
                if named || Discovery.looksLikeNginx(f.source.bytes) { parsed.append((path, f)) }
                else { report.notices.append(Self.notNginx(path, binary: false)) }
            case .failure(let e):
                // Another program's *.conf (supervisord, redis…) is not ours to judge; an nginx-looking one is an error.
                if !named, case .success(let bytes) = FileSystem.read(path, limit: options.maxFileSize), !Discovery.looksLikeNginx(bytes) {
                    // An Apache httpd config (`<VirtualHost>`, `ProxyPass`) is read as such.
                    if !bytes.contains(0), Discovery.otherProxy(content: bytes) == "Apache" { apacheInTree.append((name: "Apache", path: path)); continue }
                    report.notices.append(Self.notNginx(path, binary: bytes.contains(0)))
                    continue
                }
                if e.message.hasPrefix("skipped:") { report.notices.append(Notice(path: e.path, line: e.line, message: e.message, skip: .template, verboseOnly: true)) }
                else { report.errors.append(e) }
            }
        }
        // Compared by real path: sites-enabled/x is usually a symlink to sites-available/x. Each file's real path
        // and each include's are worked out once, on all cores.
        let all = parsed + explicitParsed
        var includedPaths: [String] = []
        /// For each of `includedPaths`: the index in `all` of the file that includes it.
        var includers: [Int] = []
        for (k, (path, f)) in all.enumerated() where !f.includes.isEmpty {
            for target in includeTargets(f, prefix: memo.prefix(path), ws) where target != path {
                includedPaths.append(target)
                includers.append(k)
            }
        }
        dclock.lap("discover › include globs")
        let includedReals = memo.reals(includedPaths)
        dclock.lap("discover › real paths")
        // A named config's includes (conf.d/*.conf, thousands in a generated config) read and parsed on all cores
        // too, rather than one by one as resolving meets them.
        let includesLoaded = ws.preload(includedPaths)
        dclock.lap("discover › included files")
        let isIncluded = Self.membership(of: memo.reals(all.map(\.0)), in: includedReals)
        var entryIndices: Set<Int> = []
        // A named file that another named (or found) config includes is judged there, not on its own.
        for k in parsed.count..<all.count where !isIncluded[k] || all[k].0 == stdinPath {
            entries.append(Entry(file: all[k].1, prefix: memo.prefix(all[k].0)))
            entryIndices.insert(k)
        }
        var taken: Set<String> = Set(entries.map { memo.real($0.file.source.path) })
        let isNginxConf = parsed.map { Path.basename($0.0) == "nginx.conf" }
        let ordered = parsed.indices.filter { isNginxConf[$0] } + parsed.indices.filter { !isNginxConf[$0] }
        for k in ordered where !isIncluded[k] && taken.insert(memo.real(all[k].0)).inserted {
            entries.append(Entry(file: all[k].1, prefix: memo.prefix(all[k].0)))
            entryIndices.insert(k)
        }
        // Files only reachable from each other (an include cycle) are still linted, once. The walk from the entries
        // (globbing every include again) finds nothing new when every file that includes another is an entry that no
        // file includes, no two entries are the same file, and every include parsed into a file that includes none:
        // it then goes one level down from each entry, with the prefix used above, and reaches every included file.
        let candidates = all.indices.filter { isIncluded[$0] }
        let allReached = includers.allSatisfy(entryIndices.contains) && !includers.contains { isIncluded[$0] }
            && taken.count == entries.count && includesLoaded.allSatisfy { $0 == .parsed(includes: false) }
        if !candidates.isEmpty && !allReached {
            let reached = reachable(from: entries, ws, memo)
            for k in candidates where !reached.contains(memo.real(all[k].0)) && taken.insert(memo.real(all[k].0)).inserted {
                entries.append(Entry(file: all[k].1, prefix: memo.prefix(all[k].0)))
            }
        }
        dclock.lap("discover › entries")
        let launch = (found.launch + stdinLaunch).filter { !configs.isExcluded($0, errors: &report.errors) }
        let app = (found.app + stdinApp).filter { !configs.isExcluded($0, errors: &report.errors) }
        return Discovered(entries: entries, launch: launch, app: app, proxies: Array(zip(found.proxies, found.proxyFiles)).map { (name: $0.0, path: $0.1) } + stdinProxy + apacheInTree,
                          evidence: found.logs + found.probes + stdinEvidence, report: report)
    }

    /// Whether fixed contents still parse (a fix that breaks its file is dropped).
    func parses(_ path: String, _ bytes: [UInt8]) -> Bool {
        let f = SourceFile(path: path, bytes: bytes)
        // App code: a scanner that cannot read all of it (before or after the fix) means hands off.
        if path.hasSuffix(".py") || Discovery.isAppSource(path), !AppScanner.scan(f).problems.isEmpty { return false }
        if Discovery.isAppSource(path) { return true }
        if let carrier = LaunchFiles.carrier(for: path, bytes: bytes) {
            if case .success = LaunchFiles.parse(f, carrier: carrier, read: { _ in nil }) { return true }
            return false
        }
        switch Discovery.otherProxy(path) ?? Discovery.otherProxy(content: bytes.prefix(1 << 20).map { $0 }) {
        case "HAProxy": if case .success = HAProxyConfig.parse(f) { return true } else { return false }
        case "Caddy": if case .success = Caddyfile.parse(f) { return true } else { return false }
        case "Envoy": if case .success = RouteTimeouts.checkYAML(f) { return true } else { return false }
        case "Apache": if case .success = ApacheConfig.parse(f) { return true } else { return false }
        case "Traefik": if case .success = TraefikFile.parse(f) { return true } else { return false }
        default: break
        }
        if Discovery.isCaddyJSON(path, bytes: bytes) { if case .success = CaddyJSONConfig.parse(f) { return true } else { return false } }
        if Discovery.isTraefikByContent(path, bytes: bytes) { if case .success = TraefikFile.parse(f) { return true } else { return false } }
        if case .success = NginxParser.parse(f) { return true }
        return false
    }

    /// Whether each of `items` is among `pool`: a few named configs against thousands of included files are
    /// compared one by one (a table of the thousands hashed each of them); many, through a table.
    static func membership(of items: [String], in pool: [String]) -> [Bool] {
        if items.count <= 8 { return items.map(pool.contains) }
        let table = Set(pool)
        return items.map(table.contains)
    }

    /// Real paths of every file the entries include, directly or not (one walk for all of them).
    private func reachable(from entries: [Entry], _ ws: NginxWorkspace, _ memo: PathMemo) -> Set<String> {
        var seen: Set<String> = []
        var stack = entries.map { ($0.file, $0.prefix ?? Path.dirname($0.file.source.path)) }
        while let (f, prefix) = stack.popLast() {
            guard seen.insert(memo.real(f.source.path)).inserted else { continue }
            for t in includeTargets(f, prefix: prefix, ws) {
                if case .success(let g) = ws.file(t) { stack.append((g, prefix)) }
            }
        }
        return seen
    }

    /// A file found in a tree under an nginx-like name that is not an nginx config: counted, listed with --verbose.
    static func notNginx(_ path: String, binary: Bool) -> Notice {
        Notice(path: path, message: binary ? "skipped: a binary file" : "skipped: does not look like an nginx config",
               skip: binary ? .binary : .notNginx, verboseOnly: true)
    }

    /// Parses, and rejects templates with a clear message instead of a cascade of syntax errors.
    private func parseChecked(_ path: String, _ ws: NginxWorkspace, explicit: Bool) -> Result<NginxFile, InputError> {
        let result = ws.file(path)
        if explicit && Discovery.isTemplateName(Path.basename(path)) && !Discovery.isEnvsubstNginxTemplate(path) {
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

    /// Real paths and prefix directories asked for again and again while entries are chosen (thousands of
    /// included files: each asked up to five times, each answer a few system calls), looked up once.
    final class PathMemo {
        private var reals: [String: String] = [:]
        private var prefixes: [String: String] = [:]
        private let find: (String) -> String
        /// Files the walk found as plain files: no link to read.
        private let notLinks: Set<String>
        init(prefix: @escaping (String) -> String, notLinks: Set<String>) { find = prefix; self.notLinks = notLinks }
        func real(_ p: String) -> String {
            if let r = reals[p] { return r }
            let r = Self.real(p, notLinks)
            reals[p] = r
            return r
        }
        /// The real paths of many files (each asked for once: not kept).
        func reals(_ paths: [String]) -> [String] {
            FileSystem.realPaths(paths, plain: notLinks.contains)
        }
        private static func real(_ p: String, _ notLinks: Set<String>) -> String {
            (notLinks.contains(p) ? FileSystem.realPathOfPlainFile(p) : FileSystem.realPath(p)) ?? p
        }
        /// The prefix depends on the file's directory only.
        func prefix(_ path: String) -> String {
            let dir = Path.dirname(path)
            if let known = prefixes[dir] { return known }
            let found = find(path)
            prefixes[dir] = found
            return found
        }
    }

    private func includeTargets(_ f: NginxFile, prefix: String, _ ws: NginxWorkspace) -> [String] {
        // Last first, as a walk of the tree from its end meets them (the parser lists them in post-order).
        f.includes.reversed().flatMap { ws.includeTargets($0, prefix: prefix).paths.map(Path.normalize) }
    }
}
