import SSELintCore

/// Finds the files sselint understands under the paths it is given.
struct Discovery {
    struct Found {
        /// nginx files found by name, to be sorted into entry configs and included files.
        var nginx: [String] = []
        /// nginx files the user named explicitly (always linted as entries).
        var explicitNginx: [String] = []
        var errors: [InputError] = []
        var notices: [Notice] = []
    }

    static let templateExtensions = [".template", ".tpl", ".liquid", ".j2", ".jinja", ".jinja2", ".erb", ".mustache", ".hbs", ".tmpl"]
    static let skippedDirectories: Set<String> = [".git", ".hg", ".svn", ".build", "node_modules", ".venv", "venv", "__pycache__", ".tox"]

    static func isTemplateName(_ name: String) -> Bool {
        templateExtensions.contains { name.hasSuffix($0) }
    }

    /// A name that nginx configs go by; other `*.conf` files must also look like nginx (supervisord.conf does not).
    static func isNginxCandidate(_ path: String, parent: String) -> Bool {
        let name = Path.basename(path)
        if name.hasPrefix(".") { return false }
        if name == "nginx.conf" || parent == "sites-enabled" || parent == "sites-available" { return true }
        return name.hasSuffix(".conf") || name.hasSuffix(".nginx") || name.hasPrefix("nginx") && name.contains(".conf")
    }

    static func looksLikeNginx(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes.prefix(1 << 16), as: UTF8.self)
        if text.split(separator: "\n").contains(where: { $0.hasPrefix("[") && $0.contains("]") }) { return false }
        let markers = ["server {", "server{", "location ", "proxy_pass", "server_name", "worker_processes", "upstream ", "events {", "http {", "listen ", "include ", "fastcgi_pass", "uwsgi_pass", "add_header", "map $"]
        return markers.contains { text.contains($0) }
    }

    static func discover(_ paths: [String], settings: Settings) -> Found {
        var found = Found()
        var visited: Set<String> = []
        for p in paths {
            switch FileSystem.kind(p) {
            case .missing: found.errors.append(InputError(path: p, message: "no such file or directory"))
            case .file, .other: found.explicitNginx.append(Path.normalize(p))
            case .directory: walk(Path.normalize(p), &found, &visited)
            }
        }
        return found
    }

    private static func walk(_ root: String, _ found: inout Found, _ visited: inout Set<String>) {
        var stack = [root]
        while let dir = stack.popLast() {
            guard let real = FileSystem.realPath(dir) else { continue }
            guard visited.insert(real).inserted else {
                found.errors.append(InputError(path: dir, message: "directory loop through symlinks: \(dir) is \(real), already visited"))
                continue
            }
            guard case .success(let names) = FileSystem.list(dir) else {
                found.errors.append(InputError(path: dir, message: "cannot list directory"))
                continue
            }
            var subdirs: [String] = []
            for name in names {
                let path = Path.join(dir, name)
                switch FileSystem.kind(path) {
                case .directory:
                    if !skippedDirectories.contains(name) { subdirs.append(path) }
                case .file, .other:
                    let parent = Path.basename(dir)
                    if isTemplateName(name), name.contains("nginx") || name.contains(".conf") || parent.contains("nginx") {
                        found.notices.append(Notice(path: path, message: "skipped: a template (render it, then lint the result)"))
                    } else if isNginxCandidate(path, parent: parent) {
                        found.nginx.append(path)
                    }
                default: continue
                }
            }
            stack.append(contentsOf: subdirs.reversed())
        }
    }
}
