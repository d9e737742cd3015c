#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SSELintCore
import SSELintLaunch

/// Finds the files sselint understands under the paths it is given.
struct Discovery {
    struct Found {
        /// nginx files found by name, to be sorted into entry configs and included files.
        var nginx: [String] = []
        /// nginx files the user named explicitly (always linted as entries).
        var explicitNginx: [String] = []
        /// Launch files, found or named: Dockerfiles, compose files, Kubernetes manifests, systemd units, Procfiles,
        /// supervisord configs, shell scripts, Python files (gunicorn configs, `uvicorn.run` entry points) and the
        /// settings files read for their values (`.env`, and YAML/TOML/INI/JSON that mention cancellation).
        var launch: [String] = []
        /// App sources in JS/TS, Go and Rust (Python files come with the launch files: they can be both).
        var app: [String] = []
        /// Configs of proxies other than nginx (Caddyfile, traefik, haproxy, envoy), by name.
        var proxies: [String] = []
        /// Their files, in the same order.
        var proxyFiles: [String] = []
        /// Files the walk saw as regular files, not links (their real path is their directory's plus their name).
        var notLinks: Set<String> = []
        /// Server logs (`*.log`) and probe transcripts (`*.probe`): judged only when named, never found in a tree.
        var logs: [String] = []
        var probes: [String] = []
        var errors: [InputError] = []
        var notices: [Notice] = []
    }

    static let templateExtensions = [".template", ".tpl", ".liquid", ".j2", ".jinja", ".jinja2", ".erb", ".mustache", ".hbs", ".tmpl"]
    static let skippedDirectories: Set<String> = [".git", ".hg", ".svn", ".build", "node_modules", ".venv", "venv", "__pycache__", ".tox"]
    /// Configs kept for the record, not deployed: findings there are fixed by nobody. Counted in the summary.
    static let archivedDirectories: Set<String> = ["archive", "archived", "attic", "deprecated"]

    static func isTemplateName(_ name: String) -> Bool {
        templateExtensions.contains { name.hasSuffix($0) }
    }

    /// A `.template`/`.tpl` file whose only markers are envsubst's `${VAR}` (no Jinja or Go template syntax).
    static func isEnvsubstNginxTemplate(_ path: String) -> Bool {
        let name = Path.basename(path)
        guard name.hasSuffix(".template") || name.hasSuffix(".tpl"), !name.hasSuffix(".yaml.tpl"), !name.hasSuffix(".yml.tpl"),
              case .success(let bytes) = FileSystem.read(path, limit: 1 << 20) else { return false }
        for i in 0..<max(0, bytes.count - 1) where bytes[i] == UInt8(ascii: "{") && (bytes[i + 1] == UInt8(ascii: "{") || bytes[i + 1] == UInt8(ascii: "%")) {
            return false
        }
        // It must read as nginx: a block or a directive ending in `;` (not an env file or a compose template).
        return bytes.contains(UInt8(ascii: ";")) && (bytes.contains(UInt8(ascii: "{")) || name.contains("nginx") || name.contains(".conf"))
    }

    /// A name that nginx configs go by; other `*.conf` files must also look like nginx (supervisord.conf does not).
    static func isNginxCandidate(_ path: String, parent: String) -> Bool {
        let name = Path.basename(path)
        if name.hasPrefix(".") { return false }
        if name == "nginx.conf" || parent == "sites-enabled" || parent == "sites-available" { return true }
        return name.hasSuffix(".conf") || name.hasSuffix(".nginx") || name.hasPrefix("nginx") && name.contains(".conf")
    }

    /// Files of the kinds sselint reads besides nginx (launch files, app code, settings), by name. A file named
    /// explicitly (as pre-commit does) that `isLaunch` and `isAppSource` did not take, such as YAML that is neither
    /// compose nor Kubernetes, is skipped quietly rather than misread as nginx.
    static func isOtherKnownInput(_ path: String) -> Bool {
        let name = Path.basename(path).lowercased()
        let exts = [".py", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".go", ".rs", ".sh", ".yml", ".yaml", ".service", ".env", ".json", ".toml", ".ini", ".dockerfile"]
        return exts.contains { name.hasSuffix($0) } || name.hasPrefix("dockerfile") || name.hasPrefix("containerfile")
            || name.hasPrefix("procfile") || name.hasPrefix(".env") || name.hasPrefix("supervisord")
    }

    static let appExtensions = [".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx", ".go", ".rs"]
    static func isAppSource(_ path: String) -> Bool {
        let name = Path.basename(path).lowercased()
        return appExtensions.contains { name.hasSuffix($0) } && !name.hasSuffix(".d.ts")
    }
    /// Proxies whose configs sselint does not read yet, but whose presence changes a verdict (HDR005).
    static func otherProxy(_ path: String) -> String? {
        let name = Path.basename(path).lowercased()
        if name == "caddyfile" || name.hasPrefix("caddyfile.") || name.hasSuffix(".caddyfile") { return "Caddy" }
        if name.hasPrefix("traefik.") { return "Traefik" }
        if name == "haproxy.cfg" { return "HAProxy" }
        if (name.hasPrefix("envoy.") || name.hasSuffix(".envoy.yaml") || name.hasSuffix(".envoy.yml")) && (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) { return "Envoy" }
        return nil
    }

    /// Traefik's static or file-provider config under any name (`dynamic.yml`, `conf/traefik-routes.toml`): YAML or
    /// TOML that no launch reader claims by name, with Traefik's own top-level keys.
    static func isTraefikByContent(_ path: String, bytes: [UInt8]?) -> Bool {
        let name = Path.basename(path).lowercased()
        guard [".yml", ".yaml", ".toml"].contains(where: { name.hasSuffix($0) }), LaunchFiles.carrier(for: path) == nil else { return false }
        guard let b = bytes ?? (try? FileSystem.read(path, limit: 8 << 20).get()) else { return false }
        let head = String(decoding: b.prefix(1 << 16), as: UTF8.self)
        return !(head.contains("apiVersion:") && head.contains("kind:")) && TraefikFile.looksLikeTraefik(b)
    }

    /// Caddy's JSON config under any `.json` name (caddy.json, what `caddy adapt` writes).
    static func isCaddyJSON(_ path: String, bytes: [UInt8]?) -> Bool {
        guard Path.basename(path).lowercased().hasSuffix(".json") else { return false }
        guard let b = bytes ?? (try? FileSystem.read(path, limit: 8 << 20).get()) else { return false }
        return CaddyJSONConfig.looksLikeCaddyJSON(b)
    }

    /// A proxy config recognised by what it says: HAProxy's sections, Apache's `<VirtualHost>`/`ProxyPass`, a
    /// Caddyfile's site blocks (`example.com {` with `reverse_proxy`).
    static func otherProxyByContent(_ path: String) -> String? {
        guard case .success(let bytes) = FileSystem.read(path, limit: 1 << 20) else { return nil }
        return otherProxy(content: bytes)
    }

    static func otherProxy(content bytes: [UInt8]) -> String? {
        // One pass over the lines by bytes (splitting a large nginx config into Strings was a fifth of a small run).
        var section = false, haproxyDetail = false, apache = false, caddy = false, semicolonEnd = false
        bytes.withUnsafeBufferPointer { b in
            func has(_ prefix: StaticString, _ from: Int, _ to: Int) -> Bool {
                let n = prefix.utf8CodeUnitCount
                guard to - from >= n else { return false }
                let p = prefix.utf8Start
                for k in 0..<n where b[from + k] != p[k] { return false }
                return true
            }
            var i = 0
            let n = b.count
            while i < n {
                var e = i
                while e < n, b[e] != 0x0A { e += 1 }
                var from = i, to = e
                while from < to, b[from] == 0x20 || b[from] == 0x09 || b[from] == 0x0D { from += 1 }
                while to > from, b[to - 1] == 0x20 || b[to - 1] == 0x09 || b[to - 1] == 0x0D { to -= 1 }
                i = e + 1
                guard from < to, b[from] != 0x23 else { continue }
                let len = to - from
                if (len == 6 && has("global", from, to)) || (len == 8 && has("defaults", from, to)) || has("frontend ", from, to) || has("backend ", from, to) { section = true }
                if b[to - 1] == 0x3B { semicolonEnd = true }
                if has("timeout ", from, to) || has("mode ", from, to) || (has("server ", from, to) && b[to - 1] != 0x3B) { haproxyDetail = true }
                if has("<VirtualHost", from, to) || has("ProxyPass ", from, to) || has("<Location", from, to) { apache = true }
                if has("reverse_proxy ", from, to) || has("encode ", from, to) || has("file_server", from, to) { caddy = true }
            }
        }
        if section && haproxyDetail { return "HAProxy" }
        if apache { return "Apache" }
        if caddy && !semicolonEnd { return "Caddy" }
        return nil
    }

    /// Test code is not judged by the app rules (a mock server in a test is not the deployment), nor are vendored
    /// or built files (`vendor/`, `dist/`, `build/`, `.next/`, `*.min.js`). `relative` is the path below the
    /// directory the user named, so that linting /home/ci/test/repo still judges the repo.
    static func isTestSource(_ relative: String) -> Bool {
        let p = "/" + Path.normalize(relative)
        let name = Path.basename(relative)
        let dirs = ["/tests/", "/test/", "/__tests__/", "/vendor/", "/dist/", "/build/", "/.next/", "/site-packages/", "/target/debug/", "/target/release/"]
        return dirs.contains { p.contains($0) } || name.hasPrefix("test_") || name.hasSuffix("_test.py") || name.hasSuffix("_test.go")
            || name.contains(".test.") || name.contains(".spec.") || name == "conftest.py" || name.hasSuffix(".min.js")
    }

    /// `path` relative to the first of `roots` that holds it (else the path itself).
    static func relative(_ path: String, to roots: [String]) -> String {
        let abs = Path.absolute(path)
        for r in roots {
            let root = Path.absolute(r)
            if abs == root { return Path.basename(abs) }
            let prefix = root.hasSuffix("/") ? root : root + "/"
            if abs.hasPrefix(prefix) { return String(abs.dropFirst(prefix.count)) }
        }
        return path
    }

    /// A launch file sselint reads: by name (`LaunchFiles.carrier(for:)`), or for extensionless and YAML/TOML/INI/CFG/JSON
    /// files by content (a Kubernetes manifest, a shell script by its shebang, a settings file). `bytes`: the
    /// content when it is not on disk (stdin).
    static func isLaunch(_ path: String, bytes: [UInt8]? = nil) -> Bool {
        if LaunchFiles.carrier(for: path) != nil { return true }
        if let bytes { return LaunchFiles.carrier(for: path, bytes: bytes) != nil }
        let name = path.lowercased()
        let noExtension = !Path.basename(name).contains(".")
        guard noExtension || [".yml", ".yaml", ".toml", ".ini", ".cfg", ".json"].contains(where: { name.hasSuffix($0) }) else { return false }
        guard case .success(let b) = FileSystem.read(path, limit: 8 << 20) else { return false }
        return LaunchFiles.carrier(for: path, bytes: b) != nil
    }

    /// What a file is to sselint.
    enum Kind: Equatable {
        case nginx, launch, app, log, probe
        /// Another proxy's config (Caddy, Traefik, HAProxy, Apache, Envoy): named, not parsed as nginx.
        case proxy(String)
        /// An nginx template sselint cannot render (Jinja, Go templates): skipped with a notice.
        case template
        case skipped
    }

    /// Other proxies whose configs sselint parses and judges (the PRX rules); the rest are named and skipped.
    static let linted: Set<String> = ["HAProxy", "Caddy", "Traefik", "Envoy", "Apache", "Terraform", "Platform", "Package"]
    /// Infrastructure inputs read like proxies (their limits sit in the stream's path) but not proxies the app's
    /// headers speak to.
    static let platformInputs: Set<String> = ["Terraform", "Platform", "Package"]

    /// Another proxy's config, named: skipped (never parsed as nginx), and said so.
    static func proxyNotice(_ path: String, _ proxy: String, named: Bool = true) -> Notice {
        Notice(path: path, message: "skipped: \(["Apache", "Envoy"].contains(proxy) ? "an" : "a") \(proxy) config; sselint does not read \(proxy) configs yet",
               skip: .otherProxy, verboseOnly: !named)
    }

    /// The one classifier: for files found in a tree (`named: false`) and files named on the command line or
    /// read from stdin (`named: true`, `bytes` for stdin). A named file is taken as nginx unless it is something
    /// else sselint knows; in a tree only nginx names count, templates are recognised, and logs are never picked up.
    static func classify(_ path: String, named: Bool, bytes: [UInt8]? = nil) -> Kind {
        let name = Path.basename(path), parent = Path.basename(Path.dirname(path))
        // sselint's own configuration is read as such, never linted as a settings file.
        if name == ConfigurationLoader.fileName { return .skipped }
        // Another proxy's config by its name (traefik.yml, haproxy.cfg, Caddyfile): never launch YAML or nginx.
        if let proxy = otherProxy(path) { return .proxy(proxy) }
        if !named {
            // envsubst templates (the official image's /etc/nginx/templates) are linted with the deployment's values.
            if isEnvsubstNginxTemplate(path), name.contains("nginx") || name.contains(".conf") || parent.contains("nginx") || parent == "templates" { return .nginx }
            if isTemplateName(name), name.contains("nginx") || name.contains(".conf") || parent.contains("nginx") { return .template }
        }
        let lower = name.lowercased()
        if lower.hasSuffix(".tf") || lower.hasSuffix(".tfvars") { return .proxy("Terraform") }
        // A Node package's manifest: what `npm start` runs (whether a Next app serves itself).
        if lower == "package.json" { return .proxy("Package") }
        if lower == "vercel.json" || ((lower == "app.yaml" || lower == "app.yml")
            && (bytes ?? (try? FileSystem.read(path, limit: 1 << 20).get())).map({ PlatformLimits.isPlatformFile(path, bytes: $0) }) == true) {
            return .proxy("Platform")
        }
        // Files judged by their content are read once here for all three checks (not once per check).
        let content = bytes ?? (LaunchFiles.carrier(for: path) == nil && [".yml", ".yaml", ".toml", ".json"].contains(where: { lower.hasSuffix($0) })
            ? try? FileSystem.read(path, limit: 8 << 20).get() : nil)
        if isTraefikByContent(path, bytes: content) { return .proxy("Traefik") }
        if isCaddyJSON(path, bytes: content) { return .proxy("Caddy") }
        if isLaunch(path, bytes: content) { return .launch }
        if isAppSource(path) { return .app }
        if named {
            if path.hasSuffix(".log") || path.hasSuffix(".log.txt") { return .log }
            if path.hasSuffix(".probe") { return .probe }
            if isOtherKnownInput(path) && !isNginxCandidate(path, parent: parent) { return .skipped }
        }
        if let proxy = otherProxy(path) ?? (named && bytes == nil ? otherProxyByContent(path) : nil) { return .proxy(proxy) }
        return named || isNginxCandidate(path, parent: parent) ? .nginx : .skipped
    }

    private static let nginxMarkers: [[UInt8]] = ["server {", "server{", "location ", "proxy_pass", "server_name", "worker_processes",
                                                  "upstream ", "events {", "http {", "listen ", "include ", "fastcgi_pass",
                                                  "uwsgi_pass", "add_header", "map $"].map { Array($0.utf8) }

    /// Whether the first 64 KiB read as nginx: no INI section line (`[name]`) and one of nginx's common words.
    /// On bytes: a line is cut at a `\n` that does not end a `\r\n` (as the Character-wise split this replaces cut
    /// it), and the words are ASCII.
    static func looksLikeNginx(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { all in
            let b = UnsafeBufferPointer(rebasing: all.prefix(1 << 16))
            // Without a `[` there is no section line to look for (most configs: no walk over every byte).
            let bracket = b.baseAddress.map { memchr($0, 0x5B, b.count) != nil } ?? false
            var atLineStart = true, sectionLine = false
            for i in (bracket ? b.indices : b.startIndex..<b.startIndex) {
                let c = b[i]
                if c == 0x0A && (i == 0 || b[i - 1] != 0x0D) { atLineStart = true; sectionLine = false; continue }
                if atLineStart { atLineStart = false; sectionLine = c == 0x5B; continue }
                if sectionLine && c == 0x5D { return false }
            }
            return nginxMarkers.contains { b.containsBytes($0) }
        }
    }

    /// `excluded` applies the configuration's `exclude` globs; `gitignore` honours .gitignore in git work trees.
    static func discover(_ paths: [String], gitignore: Bool, excluded: (String) -> Bool) -> Found {
        var found = Found()
        var visited: Set<String> = []
        for p in paths {
            switch FileSystem.kind(p) {
            case .missing: found.errors.append(InputError(path: p, line: 1, column: 1, message: "no such file or directory"))
            case .file, .other:
                let path = Path.normalize(p)
                switch classify(p, named: true) {
                case .launch: found.launch.append(path)
                case .app: found.app.append(path)
                case .log: found.logs.append(path)
                case .probe: found.probes.append(path)
                case .proxy(let proxy):
                    // Another proxy's config named explicitly is never parsed as nginx.
                    found.proxies.append(proxy)
                    found.proxyFiles.append(path)
                    if !linted.contains(proxy) { found.notices.append(proxyNotice(path, proxy)) }
                case .nginx: found.explicitNginx.append(path)
                case .template, .skipped: continue
                }
            case .directory: walk(Path.normalize(p), gitignore: gitignore, excluded: excluded, &found, &visited)
            }
        }
        return found
    }

    private static func walk(_ root: String, gitignore: Bool, excluded: (String) -> Bool, _ found: inout Found, _ visited: inout Set<String>) {
        var ignore = GitIgnore()
        let tree = gitignore ? GitIgnore.workTree(containing: root) : nil
        if let tree {
            ignore.load(Path.join(tree, ".git/info/exclude"), base: tree)
            // .gitignore files between the work tree root and the linted directory apply too.
            var dirs: [String] = []
            var d = Path.absolute(root)
            while d.count > tree.count { dirs.append(Path.dirname(d)); d = Path.dirname(d) }
            for dir in dirs.reversed() { ignore.load(Path.join(dir, ".gitignore"), base: dir) }
        }
        // Files are classified after the walk, side by side (most are read to see what they are); what the walk
        // finds is replayed in its order, so the result does not depend on the scheduling.
        enum Seen { case file(String), notice(Notice) }
        var seen: [Seen] = []
        // Each directory with its real path when its parent's listing gave it as a directory, not a link (the
        // parent's real path plus its name; realpath(3) read every component's link, four calls a directory).
        var stack: [(dir: String, real: String?)] = [(root, nil)]
        while let (dir, known) = stack.popLast() {
            guard let real = known ?? FileSystem.realPath(dir) else { continue }
            guard visited.insert(real).inserted else {
                // A link back to a directory above it is a loop; a second way into the same tree is just skipped.
                if let parent = FileSystem.realPath(Path.dirname(dir)), parent == real || parent.hasPrefix(real + "/") {
                    found.errors.append(InputError(path: dir, line: 1, column: 1, message: "directory loop through symlinks: \(dir) leads back to \(real)"))
                }
                continue
            }
            guard case .success(let entries) = FileSystem.listWithKinds(dir) else {
                // A directory that does not resolve is skipped quietly, as when every one was resolved first (a name
                // that is not UTF-8, a parent that can be read but not entered, gone since its parent was listed).
                if known != nil, FileSystem.realPath(dir) == nil { continue }
                found.errors.append(InputError(path: dir, message: "cannot list directory"))
                continue
            }
            // Only a directory that lists a .gitignore has one to load (trying every directory was a failed open each).
            // By name in any case: a case-insensitive disk opens `.GitIgnore` by that path too.
            if tree != nil, entries.contains(where: { $0.name.utf8.count == 10 && $0.name.lowercased() == ".gitignore" }) {
                ignore.load(Path.join(dir, ".gitignore"), base: Path.absolute(dir))
            }
            var subdirs: [(dir: String, real: String?)] = []
            // The rules are worked out for the directory once, then each entry is matched by its name.
            let rules = tree == nil ? nil : ignore.directory(Path.absolute(dir))
            for (name, kind, maybeLink) in entries {
                let path = Path.join(dir, name)
                if let rules, ignore.isIgnored(name, in: rules, isDirectory: kind == .directory) { continue }
                if excluded(path) { continue }
                switch kind {
                case .directory:
                    if archivedDirectories.contains(name.lowercased()) {
                        seen.append(.notice(Notice(path: path, message: "skipped: an archived directory (name it on the command line to lint it)", skip: .archived, verboseOnly: true)))
                    } else if !skippedDirectories.contains(name) {
                        let childReal = maybeLink ? nil : Path.join(real, name)
                        if let childReal { FileSystem.noteDirectory(path, real: childReal) }
                        subdirs.append((path, childReal))
                    }
                case .file, .other:
                    seen.append(.file(path))
                    if kind == .file && !maybeLink { found.notLinks.insert(path) }
                default: continue
                }
            }
            stack.append(contentsOf: subdirs.reversed())
        }
        let kinds = Parallel.map(seen, minimum: 64) { item -> Kind? in
            if case .file(let path) = item { return classify(path, named: false) }
            return nil
        }
        for (item, kind) in zip(seen, kinds) {
            switch item {
            case .notice(let n): found.notices.append(n)
            case .file(let path):
                switch kind {
                case .nginx: found.nginx.append(path)
                case .template: found.notices.append(Notice(path: path, message: "skipped: a template (render it, then lint the result)", skip: .template, verboseOnly: true))
                case .launch: found.launch.append(path)
                case .app: if !isTestSource(relative(path, to: [root])) { found.app.append(path) }
                case .proxy(let proxy):
                    found.proxies.append(proxy)
                    found.proxyFiles.append(path)
                    if !linted.contains(proxy) { found.notices.append(proxyNotice(path, proxy, named: false)) }
                case .log, .probe, .skipped, nil: continue
                }
            }
        }
    }
}
