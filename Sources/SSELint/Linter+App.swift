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
