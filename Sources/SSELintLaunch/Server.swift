import SSELintCore
import SSELintShell

/// A command that starts an ASGI server, with its options in every spelling (`--workers 4`, `--workers=4`,
/// `-w 4`, `UVICORN_WORKERS=4`, `WEB_CONCURRENCY=4`).
public struct ServerLaunch: Sendable {
    public enum Kind: String, Sendable { case uvicorn, gunicorn, hypercorn, fastapiRun = "fastapi run", fastapiDev = "fastapi dev" }
    public struct Option: Sendable {
        /// The value (`"true"` for a bare flag).
        public let value: String
        /// Word indices of the flag (and its separate value), when set on the command line.
        public let words: [Int]
        /// Set through an environment variable instead.
        public let env: (name: String, value: EnvValue)?
        /// Set in the config file that `-c FILE` loads (then `words` are the `-c FILE` words): where, in that file.
        public var external: SourceRange? = nil
    }
    public let kind: Kind
    public let launch: LaunchCommand
    /// Index of the word that names the server (`uvicorn`, `gunicorn`, `fastapi`).
    public let nameWord: Int
    public let options: [String: Option]

    public var reload: Option? {
        guard options["no-reload"] == nil else { return nil }
        return kind == .fastapiDev ? options["reload"] ?? Option(value: "true", words: [nameWord + 1], env: nil) : options["reload"]
    }
    public var workers: Int? { options["workers"].flatMap { Int($0.value) } }
    /// What the server is told to serve: the first word after its name like `pkg.module:app` or
    /// `main:create_app()` (not a bind address such as `0.0.0.0:8000`).
    public var appTarget: ShellWord? { launch.command.words.dropFirst(nameWord + 1).first { Self.isAppTarget($0.text) } }

    public static func isAppTarget(_ w: String) -> Bool {
        let parts = w.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let m = parts[0].first, m.isLetter || m == "_", let a = parts[1].first, a.isLetter || a == "_" else { return false }
        return parts[0].allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
    }
    public var usesUvicornWorker: Bool { options["worker-class"].map { $0.value.contains("UvicornWorker") } ?? false }

    /// Options that take a value, by server; the key is the long name.
    static let valued: [Kind: [String: String]] = [
        .uvicorn: ["--workers": "workers", "--log-level": "log-level", "--timeout-graceful-shutdown": "timeout-graceful-shutdown",
                   "--limit-concurrency": "limit-concurrency", "--http": "http", "--host": "host", "--port": "port",
                   "--timeout-keep-alive": "timeout-keep-alive", "--env-file": "env-file", "--reload-dir": "reload-dir",
                   "--loop": "loop", "--ws": "ws", "--root-path": "root-path", "--uds": "uds", "--fd": "fd",
                   "--forwarded-allow-ips": "forwarded-allow-ips", "--app-dir": "app-dir", "--factory-arg": "factory-arg"],
        .gunicorn: ["--workers": "workers", "-w": "workers", "--worker-class": "worker-class", "-k": "worker-class",
                    "--timeout": "timeout", "-t": "timeout", "--graceful-timeout": "graceful-timeout", "--log-level": "log-level",
                    "--config": "config", "-c": "config", "--bind": "bind", "-b": "bind", "--keep-alive": "keep-alive",
                    "--threads": "threads", "--max-requests": "max-requests", "--chdir": "chdir", "--name": "name", "-n": "name"],
        .hypercorn: ["--workers": "workers", "-w": "workers", "--log-level": "log-level", "--bind": "bind", "-b": "bind",
                     "--config": "config", "-c": "config", "--graceful-timeout": "graceful-timeout", "--worker-class": "worker-class", "-k": "worker-class",
                     "--certfile": "certfile", "--keyfile": "keyfile"],
        .fastapiRun: ["--workers": "workers", "--host": "host", "--port": "port", "--root-path": "root-path", "--app": "app"],
    ]
    static let flags: [Kind: [String: String]] = [
        .uvicorn: ["--reload": "reload", "--debug": "debug", "--proxy-headers": "proxy-headers", "--factory": "factory",
                   "--no-access-log": "no-access-log", "--use-colors": "use-colors"],
        .gunicorn: ["--reload": "reload", "--preload": "preload", "--daemon": "daemon", "-D": "daemon"],
        .hypercorn: ["--reload": "reload", "--debug": "debug"],
        .fastapiRun: ["--reload": "reload", "--no-reload": "no-reload", "--proxy-headers": "proxy-headers"],
    ]
    static let envOptions: [Kind: [String: String]] = [
        .uvicorn: ["UVICORN_RELOAD": "reload", "UVICORN_WORKERS": "workers", "WEB_CONCURRENCY": "workers",
                   "UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN": "timeout-graceful-shutdown", "UVICORN_LIMIT_CONCURRENCY": "limit-concurrency",
                   "UVICORN_LOG_LEVEL": "log-level", "UVICORN_HTTP": "http"],
        .gunicorn: ["WEB_CONCURRENCY": "workers"],
        .fastapiRun: ["WEB_CONCURRENCY": "workers"],
    ]

    /// The servers a launch command starts (none for anything else).
    public static func find(in launch: LaunchCommand) -> ServerLaunch? {
        let env = launch.environment
        let w = launch.command.words
        let values = w.map { $0.resolved(env) ?? $0.text }
        guard !values.isEmpty else { return nil }
        var k = 0
        // `python -m uvicorn`, `python3.12 -m gunicorn`
        let base = { (s: String) in s.lastPiece("/").map(String.init) ?? s }
        if base(values[0]).hasPrefix("python"), values.count > 2, values[1] == "-m" { k = 2 }
        let name = base(values[k])
        var kind: Kind
        switch name {
        case "uvicorn": kind = .uvicorn
        case "gunicorn": kind = .gunicorn
        case "hypercorn": kind = .hypercorn
        case "fastapi":
            guard k + 1 < values.count else { return nil }
            if values[k + 1] == "run" { kind = .fastapiRun } else if values[k + 1] == "dev" { kind = .fastapiDev } else { return nil }
        default: return nil
        }
        let table = kind == .fastapiDev ? Kind.fastapiRun : kind
        var options: [String: Option] = [:]
        var i = k + (kind == .fastapiRun || kind == .fastapiDev ? 2 : 1)
        while i < values.count {
            let v = values[i]
            if v.hasPrefix("--"), let eq = v.firstIndex(of: "="), let key = valued[table]?[String(v[..<eq])] {
                options[key] = Option(value: String(v[v.index(after: eq)...]), words: [i], env: nil)
            } else if let key = valued[table]?[v], i + 1 < values.count {
                options[key] = Option(value: values[i + 1], words: [i, i + 1], env: nil)
                i += 1
            } else if v.hasPrefix("-w") && v.count > 2 && table != .uvicorn, Int(v.dropFirst(2)) != nil {
                options["workers"] = Option(value: String(v.dropFirst(2)), words: [i], env: nil)
            } else if let key = flags[table]?[v] {
                options[key] = Option(value: "true", words: [i], env: nil)
            }
            i += 1
        }
        for (name, key) in envOptions[table] ?? [:] where options[key] == nil {
            let fromCommand = launch.command.assignments.first { $0.name == name }
            if let a = fromCommand {
                let value = a.value.resolved(env) ?? a.value.text
                options[key] = Option(value: value, words: [], env: (name, EnvValue(value: value, range: SourceRange(file: launch.file, start: a.value.start, end: a.value.end))))
            } else if let e = launch.env[name] {
                options[key] = Option(value: e.value, words: [], env: (name, e))
            }
        }
        if let r = options["reload"], r.words.isEmpty, !["1", "true", "yes", "on"].contains(r.value.lowercased()) { options["reload"] = nil }
        return ServerLaunch(kind: kind, launch: launch, nameWord: k, options: options)
    }

    /// This launch with the settings of the gunicorn config it loads (`-c FILE`) added where the command line
    /// does not set them; they point at the `-c FILE` words and name the file.
    public func merging(config: ServerLaunch) -> ServerLaunch {
        guard let c = options["config"] else { return self }
        var merged = options
        for (k, o) in config.options where merged[k] == nil && k != "config" {
            var copy = Option(value: o.value, words: c.words, env: nil)
            copy.external = config.range(of: o)
            merged[k] = copy
        }
        return ServerLaunch(kind: kind, launch: launch, nameWord: nameWord, options: merged)
    }

    /// The range of an option for a finding: its words, else the environment value that set it.
    public func range(of option: Option) -> SourceRange {
        if let first = option.words.first, let last = option.words.last {
            return SourceRange(file: launch.file, start: launch.command.words[first].start, end: launch.command.words[last].end)
        }
        return option.env?.value.range ?? nameRange
    }

    public var nameRange: SourceRange {
        let w = launch.command.words[nameWord]
        return SourceRange(file: launch.file, start: w.start, end: w.end)
    }

    /// Edits that delete an option given on the command line.
    public func removal(of option: Option) -> [Edit]? {
        guard launch.exactOffsets, !option.words.isEmpty, option.external == nil else { return nil }
        return option.words.compactMap { i in i < launch.removal.count ? Edit(file: launch.file, range: launch.removal[i], replacement: "") : nil }
    }
}
