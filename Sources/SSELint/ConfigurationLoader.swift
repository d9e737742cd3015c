import SSELintCore
import SSELintRules
@preconcurrency import Yams

/// Reads `.sselint.yml`: unknown and duplicate keys, wrong types and unknown rule ids are errors at
/// file:line:column, every one of them (not only the first).
public enum ConfigurationLoader {
    public static let fileName = ".sselint.yml"

    /// Every problem of one configuration file.
    public struct Problems: Error {
        public let errors: [InputError]
    }

    public static func load(_ path: String) -> Result<Configuration, Problems> {
        switch FileSystem.read(path, limit: 1 << 20) {
        case .failure(let e): return .failure(Problems(errors: [e]))
        case .success(let bytes): return parse(String(decoding: bytes, as: UTF8.self), path: path)
        }
    }

    struct Problem: Error {
        let line: Int, column: Int, message: String
        init(mark: Mark?, message: String) { line = mark?.line ?? 1; column = mark?.column ?? 1; self.message = message }
    }

    /// Every value is read as its text (`.string`), so of the tags only `=` (a mapping's value key, which `.string`
    /// unwraps) is resolved: Yams' default resolver compiles seven regular expressions and its constructor builds
    /// its tables on first use, over a millisecond of a run. Even the one for `=` costs a millisecond to compile, so
    /// it is used only for a text with a `=` in it (a plain scalar has no escapes: without that byte, none is `=`).
    private static let valueResolver = Resolver.basic.appending(.value)
    static func resolver(for text: String) -> Resolver { text.utf8.contains(UInt8(ascii: "=")) ? valueResolver : .basic }
    private static let noConstructor = Constructor([:], [:], [:])

    public static func parse(_ text: String, path: String) -> Result<Configuration, Problems> {
        let fail = { (e: InputError) in Result<Configuration, Problems>.failure(Problems(errors: [e])) }
        var problems: [Problem] = []
        do {
            var config = Configuration()
            config.path = path
            if let problem = YAMLGuard.check(text) { return fail(InputError(path: path, line: problem.line, column: 1, message: problem.message)) }
            guard let root = try Yams.compose(yaml: text, Self.resolver(for: text), Self.noConstructor) else { return .success(config) }
            guard case .mapping(let map) = root else { throw Problem(mark: root.mark, message: "expected a mapping of settings") }
            var seen: [String: Int] = [:]
            for (keyNode, value) in map {
              do {
                guard let key = keyNode.string else { throw Problem(mark: keyNode.mark, message: "keys must be strings") }
                if let first = seen[key] { throw Problem(mark: keyNode.mark, message: "duplicate key \"\(key)\" (line \(first) sets it too)") }
                seen[key] = keyNode.mark?.line ?? 1
                switch key {
                case "select": config.select = try ruleList(value)
                case "ignore": config.ignore = try ruleList(value)
                case "preset":
                    guard let name = value.string, let preset = RulePreset.named(name) else {
                        throw Problem(mark: value.mark, message: "unknown preset \"\(value.string ?? "")\" (presets: \(RulePreset.all.joined(separator: ", ")))")
                    }
                    config.preset = preset
                case "severity":
                    for (id, sev) in try mapping(value) {
                        try checkRule(id.string ?? "", id.mark, prefixAllowed: false)
                        guard let s = sev.string.flatMap(Severity.init(rawValue:)) else {
                            throw Problem(mark: sev.mark, message: "severity must be error, warning or info")
                        }
                        config.severity[id.string!.uppercased()] = s
                    }
                case "exclude": config.exclude = try strings(value)
                case "per-file-ignores":
                    for (glob, rules) in try mapping(value) {
                        guard let g = glob.string else { throw Problem(mark: glob.mark, message: "expected a glob") }
                        config.perFileIgnores.append((g, try ruleList(rules)))
                    }
                case "sse-paths": config.ssePaths = try strings(value)
                case "cancellation-timeout":
                    var lo = 0.2, hi = 1.0
                    for (k, v) in try mapping(value) {
                        guard let n = v.string.flatMap(Double.init), n >= 0 else { throw Problem(mark: v.mark, message: "expected a number of seconds") }
                        switch k.string {
                        case "min": lo = n
                        case "max": hi = n
                        default: throw Problem(mark: k.mark, message: "unknown key \"\(k.string ?? "")\" (expected min or max)")
                        }
                    }
                    guard lo <= hi else { throw Problem(mark: value.mark, message: "min (\(lo)) is above max (\(hi))") }
                    config.cancellationTimeout = (lo, hi)
                case "development": config.development = try strings(value)
                case "logs":
                    let known = ["start", "cancelled", "agent-timeout", "events", "end", "new-stream-reason"]
                    for (k, v) in try mapping(value) {
                        guard let name = k.string, known.contains(name) else {
                            throw Problem(mark: k.mark, message: "unknown key \"\(k.string ?? "")\" under logs (expected \(known.joined(separator: ", ")))")
                        }
                        config.logPatterns[name] = try v.string.map { [$0] } ?? strings(v)
                    }
                case "fail-on":
                    guard let s = value.string.flatMap(Severity.init(rawValue:)) else {
                        throw Problem(mark: value.mark, message: "fail-on must be error, warning or info")
                    }
                    config.failOn = s
                case "project":
                    guard let b = value.string.flatMap({ ["true": true, "false": false][$0.lowercased()] }) else {
                        throw Problem(mark: value.mark, message: "project must be true or false")
                    }
                    config.project = b
                case "nginx-version":
                    guard let v = value.string.flatMap(NginxVersion.init) else { throw Problem(mark: value.mark, message: "expected a version such as 1.26.2") }
                    config.nginxVersion = v
                case "nginx-prefix":
                    guard let p = value.string else { throw Problem(mark: value.mark, message: "expected a directory") }
                    config.nginxPrefix = p.hasPrefix("/") ? p : Path.join(Path.dirname(path), p)
                case "rules":
                    for (id, opts) in try mapping(value) {
                        try checkRule(id.string ?? "", id.mark, prefixAllowed: false)
                        let meta = RuleCatalog.metadata[RuleID(id.string!.uppercased())]!
                        var values: [String: String] = [:]
                        for (k, v) in try mapping(opts) {
                            guard let name = k.string, meta.options.contains(where: { $0.name == name }) else {
                                let known = meta.options.map(\.name)
                                throw Problem(mark: k.mark, message: "\(meta.id) has no option \"\(k.string ?? "")\"" + (known.isEmpty ? " (it takes none)" : " (options: \(known.joined(separator: ", ")))"))
                            }
                            guard let s = v.string else { throw Problem(mark: v.mark, message: "expected a scalar value") }
                            // The value must be of the option's type (what the rule's generated Options reads).
                            let type = meta.options.first { $0.name == name }?.type ?? "number"
                            let ok = type == "integer" ? Int(s).map { $0 >= 0 } ?? false : Double(s).map { $0.isFinite && $0 >= 0 } ?? false
                            if !ok { throw Problem(mark: v.mark, message: "\(meta.id) \(name): expected \(type == "integer" ? "a whole number" : type == "seconds" ? "a number of seconds" : "a number"), got \"\(s)\"") }
                            values[name] = s
                        }
                        config.ruleOptions[id.string!.uppercased()] = values
                    }
                default:
                    throw Problem(mark: keyNode.mark, message: "unknown key \"\(key)\" (see `sselint config --example`)")
                }
              } catch let p as Problem {
                // Every key is checked: all problems are listed at once.
                problems.append(p)
              }
            }
            if !problems.isEmpty { throw problems.removeFirst() }
            return .success(config)
        } catch let p as Problem {
            return .failure(Problems(errors: ([p] + problems).map { InputError(path: path, line: $0.line, column: $0.column, message: $0.message) }))
        } catch let e as YamlError {
            return fail(yamlError(e, path: path))
        } catch {
            return fail(InputError(path: path, line: 1, column: 1, message: "not valid YAML: \(error)"))
        }
    }

    static func yamlError(_ e: YamlError, path: String) -> InputError {
        switch e {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return InputError(path: path, line: mark.line, column: mark.column, message: "not valid YAML: \(problem)")
        default:
            return InputError(path: path, line: 1, column: 1, message: "not valid YAML: \(e)")
        }
    }

    private static func mapping(_ n: Node) throws -> [(Node, Node)] {
        guard case .mapping(let m) = n else { throw Problem(mark: n.mark, message: "expected a mapping") }
        var seen: [String: Int] = [:]
        for (k, _) in m {
            guard let key = k.string else { continue }
            if let first = seen[key] { throw Problem(mark: k.mark, message: "duplicate key \"\(key)\" (line \(first) sets it too)") }
            seen[key] = k.mark?.line ?? 1
        }
        return m.map { ($0.key, $0.value) }
    }

    private static func strings(_ n: Node) throws -> [String] {
        guard case .sequence(let seq) = n else { throw Problem(mark: n.mark, message: "expected a list") }
        return try seq.map { item in
            guard case .scalar(let s) = item else { throw Problem(mark: item.mark, message: "expected a string") }
            return s.string
        }
    }

    private static func ruleList(_ n: Node) throws -> [String] {
        guard case .sequence(let seq) = n else { throw Problem(mark: n.mark, message: "expected a list of rule ids or prefixes") }
        return try seq.map { item in
            guard case .scalar(let s) = item else { throw Problem(mark: item.mark, message: "expected a rule id or prefix") }
            try checkRule(s.string, item.mark, prefixAllowed: true)
            return s.string.uppercased()
        }
    }

    static func checkRule(_ id: String, _ mark: Mark?, prefixAllowed: Bool) throws {
        let up = id.uppercased()
        let known = prefixAllowed ? RuleCatalog.all.contains { $0.id.rawValue.hasPrefix(up) } || up == "ALL" || RulePreset.named(up) != nil : RuleCatalog.metadata[RuleID(up)] != nil
        if !known || up.isEmpty { throw Problem(mark: mark, message: "unknown rule \"\(id)\" (see `sselint rules`)") }
    }

    /// The nearest `.sselint.yml` at or above `directory` (memoised per directory by the caller).
    public static func find(from directory: String) -> String? {
        var dir = Path.absolute(directory)
        while true {
            let candidate = Path.join(dir, fileName)
            if FileSystem.kind(candidate) == .file { return candidate }
            let up = Path.dirname(dir)
            if up == dir || up.isEmpty { return nil }
            dir = up
        }
    }

    public static let example = """
        # .sselint.yml — sselint's configuration. sselint uses the nearest one at or above each linted file;
        # --config FILE names one, --isolated ignores them all.

        # Rules to run: ids or prefixes (NGX, NGX00, NGX001). Default: every rule that is on by default.
        # select: [NGX]
        # The full SSE checklist on top of the default set (completeness checks that change no stream).
        # preset: quick-reference
        # Rules never to run.
        ignore: []

        # Severity overrides per rule id: error, warning or info.
        severity: {}
        #   NGX008: warning

        # Files never linted (globs relative to this file; `**` spans directories).
        exclude: []
        #   - "vendor/**"

        # Rules ignored in some files only.
        per-file-ignores: {}
        #   "deploy/legacy/*.conf": [NGX010]

        # Paths that mark an nginx location or app route as an SSE endpoint (default below).
        sse-paths: [/sse, /stream, /events, /chat/completions, /completions, /api/chat, /v1/responses]

        # Bounds for cancellation timeouts (CAN002/CAN003), in seconds.
        cancellation-timeout: {min: 0.2, max: 1.0}

        # Launch files that are for development only (no RUN001-style findings there), besides the built-in ones
        # (Dockerfile.dev, docker-compose.dev.yml, compose.override.yml, …).
        development: []
        #   - "deploy/local/**"

        # Lowest severity that fails the run (exit 1): error, warning or info.
        fail-on: warning

        # A file named alone (pre-commit, an editor) is judged with the project around it (the configs that include
        # it, the app, the launch files). false: judge named files on their own (a directory of fixtures).
        # project: true

        # The nginx version your configs run on (HTTP/1.1 to upstreams by default from 1.29.7).
        # nginx-version: 1.26.2
        # The directory relative nginx includes start from (relative to this file).
        # nginx-prefix: deploy/nginx

        # Per-rule options: rules: {ID: {option: value}} (see `sselint explain ID`).
        rules: {}

        """
}
