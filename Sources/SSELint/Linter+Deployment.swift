import Foundation
import SSELintCore
import SSELintSource
import SSELintLaunch
import SSELintNginx
import SSELintRules

/// What the deployment around the nginx configs says: the nginx version of the image that runs them, values for
/// template placeholders, container paths mapped into the tree, configs embedded in other files, and the project
/// a file belongs to.
extension Linter {
    /// The nginx version from the deployment (after `--nginx-version`/`nginx-version:`): the image that copies
    /// or mounts this config, else every nginx image of the tree when they agree. A tag that moves (`latest`,
    /// `alpine`, `1`) or images that disagree leave the version unknown, and the findings say so.
    static func takeVersion(from images: [ImageUse], for config: String, into settings: inout Settings) {
        let path = Path.absolute(config)
        let carrying = images.filter { use in use.sources.contains { src in
            let s = Path.absolute(src)
            return path == s || path.hasPrefix(s.hasSuffix("/") ? s : s + "/")
        } }
        let candidates = carrying.isEmpty ? images : carrying
        guard let first = candidates.first else { return }
        let where_ = { (u: ImageUse) in "image \(u.image) at \(u.range.shortLocation)" }
        if let unpinned = candidates.first(where: { !$0.isPinned(relativeTo: NginxVersion.http11Default) }) {
            settings.nginxVersionUnpinned = where_(unpinned)
            return
        }
        let sides = Set(candidates.map { $0.nginxVersion! >= NginxVersion.http11Default })
        guard sides.count == 1 else {
            settings.nginxVersionUnpinned = candidates.map(where_).joined(separator: " and ") + " disagree"
            return
        }
        settings.nginxVersion = first.nginxVersion
        settings.nginxVersionSource = where_(first)
    }

    /// The directories a run lints: each directory given, and the directory of each file given.
    static func roots(_ paths: [String]) -> [String] {
        paths.filter { $0 != "-" }.map { p in
            let abs = Path.absolute(p)
            return FileSystem.kind(abs) == .directory ? abs : Path.dirname(abs)
        }
    }

    /// Values for `${VAR}` in nginx templates, from the deployment: compose `environment:` and Dockerfile `ENV`
    /// first, then `.env`, then the defaults of `.env.example`/`.env.sample`. A value that is itself a variable
    /// is left out (unknown).
    static func templateEnv(_ files: [LaunchFile]) -> NginxTemplate.Env {
        var env: NginxTemplate.Env = [:]
        func rank(_ f: LaunchFile) -> Int {
            let name = Path.basename(f.source.path).lowercased()
            if f.carrier != .settings { return 0 }
            if name == ".env" { return 1 }
            return name.contains("example") || name.contains("sample") || name.contains("template") ? 3 : 2
        }
        for f in files.sorted(by: { rank($0) < rank($1) }) {
            var pairs = f.settings
            for c in f.commands { pairs += c.env.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
            for (key, v) in pairs where env[key] == nil && !v.value.contains("$") && !v.value.isEmpty {
                env[key] = (v.value, v.range?.shortLocation ?? f.source.path)
            }
        }
        return env
    }

    /// The shell scripts Dockerfiles start as the container's process (`CMD ["/start.sh"]`,
    /// `ENTRYPOINT ["bash", "docker-entrypoint.sh"]`): the Dockerfile's directory (its build context) and the name.
    static func containerScripts(_ files: [LaunchFile]) -> [ContainerScript] {
        var out: [ContainerScript] = []
        for f in files where f.carrier == .dockerfile {
            let context = Path.absolute(Path.dirname(f.source.path))
            for c in f.commands {
                let w = c.command.words.map { $0.resolved(c.environment) ?? $0.text }
                guard let first = w.first else { continue }
                let script = first.hasSuffix(".sh") ? first
                    : ["sh", "bash", "/bin/sh", "/bin/bash", "dash"].contains(first) ? w.dropFirst().first { !$0.hasPrefix("-") } : nil
                if let script, script.hasSuffix(".sh") { out.append(ContainerScript(context: context, name: Path.basename(script))) }
            }
        }
        return out
    }

    /// Shell scripts that start an app server which a shipped launch file of another kind (Dockerfile, compose,
    /// Kubernetes, systemd, Procfile, supervisord) also starts, while no launch file names the script: local
    /// helpers. Maps the script's path to the launch that ships (path:line).
    static func localHelperScripts(_ files: [LaunchFile]) -> [String: String] {
        func targets(_ f: LaunchFile) -> [(app: String, at: String)] {
            f.commands.compactMap(ServerLaunch.find).compactMap { s in s.appTarget.map { ($0.text, s.nameRange.shortLocation) } }
        }
        // Each shipped file's targets side by side (thousands in a repository), the first launch of each app kept.
        let each = Parallel.map(files.filter { ![.shell, .python, .settings, .gunicornConfig].contains($0.carrier) }) { f in
            Production.developmentGlob(f.source.path, extra: []) == nil ? targets(f) : []
        }
        var shipped: [String: String] = [:]
        for targets in each {
            for t in targets where shipped[t.app] == nil { shipped[t.app] = t.at }
        }
        guard !shipped.isEmpty else { return [:] }
        var out: [String: String] = [:]
        for f in files where f.carrier == .shell {
            guard let at = targets(f).lazy.compactMap({ shipped[$0.app] }).first else { continue }
            let name = Array(Path.basename(f.source.path).utf8)
            let named = files.contains { o in o.source.path != f.source.path && o.carrier != .python && o.source.bytes.containsBytes(name) }
            if !named { out[f.source.path] = at }
        }
        return out
    }

    /// `class GracefulWorker(UvicornWorker):` in a file that sets `timeout_graceful_shutdown` (its CONFIG_KWARGS):
    /// the names of such worker classes.
    static func gracefulWorkers(_ apps: [AppFile]) -> Set<String> {
        var out: Set<String> = []
        for a in apps where a.language == .python {
            let text = String(decoding: a.source.bytes, as: UTF8.self)
            guard text.contains("timeout_graceful_shutdown"), text.contains("UvicornWorker") else { continue }
            for line in text.split(separator: "\n") where line.hasPrefix("class ") && line.contains("UvicornWorker") {
                let name = line.dropFirst(6).prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                if !name.isEmpty { out.insert(String(name)) }
            }
        }
        return out
    }

    /// nginx configs inside Kubernetes ConfigMaps and Dockerfile heredocs, parsed with the carrying file's
    /// positions. One that does not parse is a notice (the block may only look like nginx). Each is also placed at
    /// the container path its carrier or a pod's ConfigMap volume gives it, so that a config including that path
    /// reads it.
    func embeddedEntries(_ files: [LaunchFile], _ ws: NginxWorkspace, _ report: inout Report) -> [Entry] {
        var out: [Entry] = []
        let volumes = files.flatMap(\.configMapMounts)
        for f in files where f.carrier == .kubernetes || f.carrier == .dockerfile {
            for c in EmbeddedNginx.extract(f.source, carrier: f.carrier) {
                switch NginxParser.parse(SourceFile(path: f.source.path, bytes: c.bytes)) {
                case .success(let parsed):
                    var entry = Entry(file: parsed, prefix: Path.dirname(f.source.path), embedded: c.name)
                    var places: [(String, String)] = c.target.map { [($0, "\(f.source.path):\(c.line)")] } ?? []
                    if let (name, key) = c.configMap {
                        places += volumes.compactMap { m in m.path(configMap: name, key: key).map { ($0, m.by) } }
                    }
                    entry.keys = places.map { ws.addEmbedded(parsed, container: $0.0, by: $0.1) }
                    out.append(entry)
                case .failure(let e):
                    report.notices.append(Notice(path: f.source.path, line: e.line, message: "\(c.name) reads as nginx but does not parse (\(e.message)); not linted"))
                }
            }
        }
        return out
    }

    /// Files named alone (pre-commit, an editor): each project they belong to is linted whole, so that a file gets
    /// the verdict the deployment around it gives (the configs that include it, the app's routes and headers, the
    /// launch commands), and only the named files' findings, errors and notices are kept. A named file that the
    /// project run does not pick up (an nginx config under an unusual name) is linted as named.
    func lintInProject(_ paths: [String], workspace: NginxWorkspace?) -> (report: Report, workspace: NginxWorkspace) {
        var o = options
        o.projectContext = false
        let inner = Linter(options: o, app: app)
        // The root spelled as the files were: relative to the working directory when it lies there.
        let cwd = Path.absolute(".")
        var roots: [String] = []
        var configErrors: [InputError] = []
        let own = paths.filter { configs.config(for: $0, errors: &configErrors).project == false || Self.markedRoot(of: $0) == nil }
        for p in paths where !own.contains(p) {
            let root = Self.markedRoot(of: p)!
            let spelled = p.hasPrefix("/") ? root : root == cwd ? "." : Path.relative(root, to: cwd)
            if !roots.contains(spelled) { roots.append(spelled) }
        }
        var (report, ws) = roots.isEmpty ? (Report(), workspace ?? self.workspace()) : inner.lint(roots, workspace: workspace)
        sharedFiles = inner.sharedFiles
        // What a named nginx config includes is part of what was named (`sselint nginx.conf` reports its snippets).
        let projectPaths = paths.filter { !own.contains($0) }
        // Only the named nginx configs are resolved again for that (app and launch files include nothing).
        let nginxNamed = projectPaths.filter { Discovery.classify($0, named: true) == .nginx }
        let included = nginxNamed.isEmpty ? [] : Set(inner.listFiles(nginxNamed).files.filter { $0.kind.hasPrefix("nginx (included") }.map { Path.absolute($0.path) })
        let asked = Set(projectPaths.map(Path.absolute)).union(included)
        let keep = { (path: String) in asked.contains(Path.absolute(path)) }
        let linted = Set(report.files.map(Path.absolute))
        report.findings = report.findings.filter { keep($0.range.file.path) }
        report.suppressed = report.suppressed.filter { keep($0.finding.range.file.path) }
        // Configuration errors stay: they change every verdict.
        report.errors = report.errors.filter { keep($0.path) || Path.basename($0.path) == ConfigurationLoader.fileName || $0.path == options.configPath }
        // The outer resolver's (the named files' own `.sselint.yml` or `--config`) are errors of this run too.
        var seen: Set<InputError> = []
        report.errors = (configErrors + report.errors).filter { seen.insert($0).inserted }
        report.notices = report.notices.filter { keep($0.path) }
        report.files = report.files.filter(keep)
        let missed = own + paths.filter { !own.contains($0) && !linted.contains(Path.absolute($0)) }
        if !missed.isEmpty {
            let alone = inner.lint(missed, workspace: ws).report
            // Taken whole when there is nothing to add them to (appending copied each of thousands of findings).
            func join<T>(_ mine: inout [T], _ theirs: [T]) { if mine.isEmpty { mine = theirs } else { mine += theirs } }
            join(&report.findings, alone.findings)
            join(&report.suppressed, alone.suppressed)
            join(&report.errors, alone.errors)
            join(&report.notices, alone.notices)
            join(&report.files, alone.files)
        }
        return (report, ws)
    }

    /// The project a file belongs to: the nearest directory above it with a `.sselint.yml` or a `.git`, else the
    /// file's own directory.
    static func projectRoot(of file: String) -> String {
        markedRoot(of: file) ?? Path.dirname(Path.absolute(file))
    }

    /// The nearest directory above a file with a `.sselint.yml` or a `.git`; nil when there is none (a file in /tmp
    /// or a home directory is then judged alone rather than with everything beside it).
    static func markedRoot(of file: String) -> String? {
        let home = ProcessInfo.processInfo.environment["HOME"].map(Path.normalize)
        var dir = Path.dirname(Path.absolute(file))
        while true {
            // A home directory kept in git (dotfiles) is not a project to lint whole.
            if dir == home { return nil }
            if FileSystem.kind(Path.join(dir, ConfigurationLoader.fileName)) == .file || FileSystem.kind(Path.join(dir, ".git")) != .missing { return dir }
            let up = Path.dirname(dir)
            if up == dir { return nil }
            dir = up
        }
    }

    /// Bind mounts and COPY destinations of the compose files and Dockerfiles among `launch`, longest container
    /// path first (the most specific mapping wins).
    static func mounts(_ launch: [String]) -> [(container: String, host: String, by: String)] {
        // Each file read and scanned on its own (side by side), the mappings kept in the files' order.
        let each = Parallel.map(launch) { path -> [(container: String, host: String, by: String)] in
            guard case .success(let bytes) = FileSystem.read(path, limit: 4 << 20),
                  let carrier = LaunchFiles.carrier(for: path, bytes: bytes), carrier == .compose || carrier == .dockerfile else { return [] }
            return ContainerImages.scan(SourceFile(path: Path.normalize(path), bytes: bytes), carrier: carrier).flatMap { use in
                use.mounts.map { ($0.container, $0.host, use.range.shortLocation) }
            }
        }
        return each.flatMap { $0 }.sorted { $0.container.count > $1.container.count }
    }
}
