@preconcurrency import Yams
import SSELintCore
import SSELintShell

/// docker compose files: each service's `command` / `entrypoint` (string or list), `environment` (mapping or
/// list) and `env_file`.
public enum ComposeParser {
    public static func parse(_ f: SourceFile, readEnvFile: (String) -> SourceFile? = { _ in nil }) -> Result<LaunchFile, InputError> {
        if f.bytes.contains(0) { return .failure(InputError(path: f.path, line: 1, column: 1, message: "binary file, not a compose file")) }
        let text = String(decoding: f.bytes, as: UTF8.self)
        if let p = YAMLGuard.check(text, allowAliases: true) { return .failure(InputError(path: f.path, line: p.line, column: 1, message: p.message)) }
        let y = YAMLSource(file: f)
        do {
            var commands: [LaunchCommand] = []
            var settings: [(String, EnvValue)] = []
            guard let root = try Yams.compose(yaml: text) else {
                return .success(LaunchFile(source: f, carrier: .compose, commands: [], comments: lineComments(f)))
            }
            guard case .mapping(let top) = root else { throw YAMLSource.Problem(offset: 0, message: "a compose file is a mapping") }
            if let services = top["services"], case .mapping(let svcs) = services {
                for (nameNode, svc) in svcs {
                    guard case .mapping(var s) = svc else { continue }
                    // `<<: *defaults` merge keys: the merged mapping's keys that the service does not set itself.
                    if let merge = s["<<"] {
                        for m in (merge.mapping.map { [$0] } ?? merge.sequence?.compactMap(\.mapping) ?? []) {
                            for (k, v) in m where s[k] == nil { s[k] = v }
                        }
                    }
                    let name = nameNode.string ?? "?"
                    var env: [String: EnvValue] = [:]
                    if let ef = s["env_file"] {
                        let files: [String] = ef.string.map { [$0] } ?? (ef.sequence?.compactMap { $0.string ?? $0.mapping?["path"]?.string } ?? [])
                        for path in files {
                            if let src = readEnvFile(Path.join(Path.dirname(f.path), path)) { env.merge(EnvFile.parse(src)) { $1 } }
                        }
                    }
                    if let e = s["environment"] {
                        let own = try y.environment(e)
                        env.merge(own) { $1 }
                        settings += own.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
                    }
                    var entry: (commands: [ShellCommand], removal: [[Range<Int>]], listForm: Bool, exact: Bool)?
                    var cmd: (commands: [ShellCommand], removal: [[Range<Int>]], listForm: Bool, exact: Bool)?
                    if let e = s["entrypoint"] { entry = try y.command(e, what: "service \(name): entrypoint") }
                    if let c = s["command"] { cmd = try y.command(c, what: "service \(name): command") }
                    // A list entrypoint takes the command as arguments (as in a Dockerfile).
                    var runs: [(ShellCommand, [Range<Int>], Bool, Bool, String)] = []
                    if let e = entry, e.listForm, let c = cmd, c.listForm, let ew = e.commands.first, let cw = c.commands.first {
                        runs = [(ShellCommand(words: ew.words + cw.words), e.removal[0] + c.removal[0], true, e.exact && c.exact, "service \(name): entrypoint + command")]
                    } else {
                        for (what, part) in [("entrypoint", entry), ("command", cmd)] {
                            guard let part else { continue }
                            for (k, c) in part.commands.enumerated() { runs.append((c, part.removal[k], part.listForm, part.exact, "service \(name): \(what)")) }
                        }
                    }
                    // `build: {target: dev}`: the service runs the development stage of its image.
                    let target = s["build"]?.mapping?["target"]?.string
                    let devTarget = target.flatMap { t in ["dev", "devel", "develop", "development", "local", "debug"].contains(t.lowercased()) ? t : nil }
                    for (c, removal, listForm, exact, place) in runs {
                        var lc = LaunchCommand(file: f, carrier: .compose, place: place, command: c, env: env, removal: removal, listForm: listForm)
                        lc.exactOffsets = exact
                        let reason = devTarget.map { "service \(name) builds the `\($0)` target of its Dockerfile" }
                        if listForm, let last = c.words.last { lc.blockListIndent = y.blockListIndent(of: last) }
                        commands += DockerfileParser.unwrap(lc).map { var u = $0; u.developmentReason = reason; return u }
                    }
                }
            }
            var file = LaunchFile(source: f, carrier: .compose, commands: commands, comments: lineComments(f))
            file.settings = settings
            return .success(file)
        } catch {
            return .failure(YAMLSource.yamlError(error, f))
        }
    }
}
