import SSELintCore
import SSELintRules

/// The configuration in force for each file: `--config`, else the nearest `.sselint.yml` (memoised per
/// directory), else the defaults; command-line options override it.
final class ConfigResolver {
    let options: LintOptions
    /// Held by reference: a configuration is a large value, and each copy (every finding's file asks) retained
    /// each of its fields.
    private final class Held: Sendable {
        let config: Configuration
        /// What every finding's verdict reads, taken out once: read through `config`, each finding copied the whole
        /// configuration (a retain of each field) and made its directory anew.
        let filtersFiles: Bool
        let severity: [String: Severity]
        init(_ config: Configuration) {
            self.config = config
            filtersFiles = !config.exclude.isEmpty || !config.perFileIgnores.isEmpty
            severity = config.severity
        }
    }
    private var byDirectory: [String: Held] = [:]
    private var explicit: Held?
    private static let isolated = Held(Configuration())
    private var loaded: [String: Result<Configuration, ConfigurationLoader.Problems>] = [:]
    private var reported: Set<String> = []
    /// A file's directory as named → made absolute once.
    private var dirOf: [String: String] = [:]
    /// The last answer: findings come grouped by directory (thousands of included files share one).
    private var last: (dir: String, key: String, held: Held)?

    init(options: LintOptions) { self.options = options }

    private var nearest: [String: String?] = [:]

    func config(for file: String, errors: inout [InputError]) -> Configuration { keyedConfig(for: file, errors: &errors).held.config }

    /// The configuration in force for `file`, with a key that is the same for every file it is asked for with the
    /// same answer (the directory the answer is kept for: "" isolated, the path given by `--config`).
    private func keyedConfig(for file: String, errors: inout [InputError]) -> (key: String, held: Held) {
        if options.isolated { return ("", Self.isolated) }
        if let path = options.configPath {
            // Loaded once: a broken one is reported once either way.
            let held = explicit ?? Held(load(path, &errors))
            explicit = held
            return (path, held)
        }
        // The last directory's answer, its name compared by bytes (a String of each finding's directory was made).
        if let last, Self.isDirectory(last.dir, of: file) { return (last.key, last.held) }
        let named = Path.dirname(file)
        let dir = dirOf[named] ?? Path.absolute(named)
        dirOf[named] = dir
        let held = byDirectory[dir] ?? Held(nearestConfig(dir).map { load($0, &errors) } ?? Configuration())
        byDirectory[dir] = held
        last = (named, dir, held)
        return (dir, held)
    }

    /// Whether `dir` has the bytes of `Path.dirname(file)`.
    static func isDirectory(_ dir: String, of file: String) -> Bool {
        withUTF8Bytes(file) { f in withUTF8Bytes(dir) { bytewiseEqual($0, Path.dirname(bytes: f)) } }
    }

    /// The nearest `.sselint.yml` at or above `dir`, remembered for every directory on the way up: a tree of
    /// thousands of directories looks at each one once, not once per directory below it.
    private func nearestConfig(_ dir: String) -> String? {
        var chain: [String] = [], d = dir
        var found: String?
        while true {
            if let hit = nearest[d] { found = hit; break }
            chain.append(d)
            let candidate = Path.join(d, ConfigurationLoader.fileName)
            if FileSystem.kind(candidate) == .file { found = candidate; break }
            let up = Path.dirname(d)
            if up == d || up.isEmpty { break }
            d = up
        }
        for c in chain { nearest[c] = .some(found) }
        return found
    }

    private func load(_ path: String, _ errors: inout [InputError]) -> Configuration {
        let r = loaded[path] ?? ConfigurationLoader.load(path)
        loaded[path] = r
        switch r {
        case .success(let c): return c
        case .failure(let e):
            // A broken config makes the run untrustworthy (exit 2), reported once.
            if reported.insert(path).inserted { errors += e.errors }
            return Configuration()
        }
    }

    /// The settings the rules read, from the config and the command line.
    func settings(_ c: Configuration) -> Settings {
        var s = Settings()
        if let p = c.ssePaths { s.ssePaths = p }
        s.nginxVersion = options.nginxVersion ?? c.nginxVersion
        s.nginxPrefix = options.nginxPrefix ?? c.nginxPrefix
        s.maxFileSize = options.maxFileSize
        s.cancellationTimeout = c.cancellationTimeout
        s.development = c.development
        s.ruleOptions = c.ruleOptions
        s.quickReference = quickReference(c)
        return s
    }

    /// The quick-reference preset is on: selected on the command line or in the config, or `preset:` says so.
    func quickReference(_ c: Configuration) -> Bool {
        let token = RulePreset.quickReference.uppercased()
        return (options.select ?? c.select)?.contains(token) == true || c.preset == RulePreset.quickReference
    }

    /// Selected (the command line's `--select` replaces the config's), and not ignored by either.
    func runs(_ id: RuleID, _ c: Configuration) -> Bool {
        if c.ignore.contains(where: id.matches) || options.ignore.contains(where: id.matches) { return false }
        // Rules named in `select` replace the set (the preset then only switches the rules' mode); the preset alone
        // adds its rules to the default set.
        if let select = (options.select ?? c.select)?.filter({ RulePreset.named($0) == nil }), !select.isEmpty {
            return select.contains(where: id.matches)
        }
        guard let meta = RuleCatalog.metadata[id] else { return false }
        return meta.enabledByDefault || (quickReference(c) && meta.presets.contains(RulePreset.quickReference))
    }

    func isExcluded(_ path: String, errors: inout [InputError]) -> Bool {
        let c = config(for: path, errors: &errors)
        guard !c.exclude.isEmpty, let base = c.directory else { return false }
        let rel = Path.relative(Path.absolute(path), to: Path.absolute(base))
        return c.exclude.contains { Glob.match($0, rel) }
    }

    /// A finding after the config of its own file: nil when excluded or ignored there; severity overridden.
    func apply(_ f: Finding, errors: inout [InputError]) -> Finding? {
        guard let severity = verdict(path: f.range.file.path, rule: f.rule, errors: &errors) else { return nil }
        var out = f
        if let severity { out.severity = severity }
        return out
    }

    /// `apply` to every finding, in place (each finding passed in and out was a copy of all its fields: thousands
    /// in a split config).
    func apply(_ findings: inout [Finding], errors: inout [InputError]) {
        var kept = 0
        var ran = RunsMemo()
        for i in findings.indices {
            // Asked with the two fields it reads (the finding passed whole was copied, every field retained).
            guard let severity = verdict(path: findings[i].range.file.path, rule: findings[i].rule, errors: &errors, ran: &ran) else { continue }
            if kept != i { findings.swapAt(kept, i) }
            if let severity { findings[kept].severity = severity }
            kept += 1
        }
        findings.removeLast(findings.count - kept)
    }

    /// nil: the finding is dropped (its rule does not run for its file, or the file is excluded or ignores it);
    /// else the severity its file's config gives the rule, if it gives one.
    private func verdict(path: String, rule: RuleID, errors: inout [InputError]) -> Severity?? {
        var ran = RunsMemo()
        return verdict(path: path, rule: rule, errors: &errors, ran: &ran)
    }

    /// Whether rules run under the configuration last asked about, by rule (a split config's thousands of findings
    /// share one configuration and a few rules; each answer filtered and upper-cased the selection anew).
    private struct RunsMemo {
        var key: String?
        var runs: [RuleID: Bool] = [:]
    }

    private func verdict(path: String, rule: RuleID, errors: inout [InputError], ran: inout RunsMemo) -> Severity?? {
        let (key, held) = keyedConfig(for: path, errors: &errors)
        if let known = ran.key, bytewiseEqual(known, key) {} else { ran = RunsMemo(key: key) }
        // The nearest config of the finding's own file decides (an included snippet's config too).
        let runsHere = ran.runs[rule] ?? { let r = runs(rule, held.config); ran.runs[rule] = r; return r }()
        if !runsHere { return nil }
        if held.filtersFiles, let base = held.config.directory {
            let rel = Path.relative(Path.absolute(path), to: Path.absolute(base))
            if held.config.exclude.contains(where: { Glob.match($0, rel) }) { return nil }
            for (glob, rules) in held.config.perFileIgnores where Glob.match(glob, rel) {
                if rules.contains(where: rule.matches) { return nil }
            }
        }
        return .some(held.severity.isEmpty ? nil : held.severity[rule.rawValue])
    }
}
