import SSELintCore

/// `.gitignore` rules inside a git work tree (plus `.git/info/exclude`), applied while walking directories:
/// patterns are relative to the directory of their file, the last matching rule wins, `!` re-includes, a trailing
/// `/` matches directories only.
struct GitIgnore {
    /// A class: every directory's checks hold the rules that apply there (a struct was copied field by field into
    /// each of a tree's thousands of directories).
    final class Rule {
        let base: String
        let pattern: String
        let negated: Bool
        let directoryOnly: Bool
        let compiled: Glob.Compiled
        init(base: String, pattern: String, negated: Bool, directoryOnly: Bool) {
            self.base = base; self.pattern = pattern; self.negated = negated; self.directoryOnly = directoryOnly
            compiled = Glob.Compiled(pattern)
        }
    }
    /// Rules by the directory of their file, so a path is checked only against the files above it.
    private(set) var rulesByBase: [String: [Rule]] = [:]
    /// The same, outer directories first, each with the prefix a path below it starts with.
    private var bases: [(base: String, prefix: String, rules: [Rule])] = []

    /// The work tree root containing `dir`, if any.
    static func workTree(containing dir: String) -> String? {
        var d = Path.absolute(dir)
        while true {
            if FileSystem.kind(Path.join(d, ".git")) != .missing { return d }
            let up = Path.dirname(d)
            if up == d || up.isEmpty { return nil }
            d = up
        }
    }

    mutating func load(_ file: String, base: String) {
        guard case .success(let bytes) = FileSystem.read(file, limit: 1 << 20) else { return }
        for raw in String(decoding: bytes, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            var line = String(raw).trimmingSpaces
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            var negated = false
            if line.hasPrefix("!") { negated = true; line.removeFirst() }
            if line.hasPrefix("\\") { line.removeFirst() }
            let dirOnly = line.hasSuffix("/")
            if dirOnly { line.removeLast() }
            guard !line.isEmpty else { continue }
            // A slash anywhere but the end anchors the pattern to its directory; otherwise it matches at any depth.
            if line.contains("/") && !line.hasPrefix("/") && !line.hasPrefix("**/") { line = "/" + line }
            rulesByBase[base, default: []].append(Rule(base: base, pattern: line, negated: negated, directoryOnly: dirOnly))
        }
        if rulesByBase[base] != nil {
            bases = rulesByBase.keys.sorted { $0.count < $1.count }.map { ($0, $0.hasSuffix("/") ? $0 : $0 + "/", rulesByBase[$0]!) }
        }
    }

    /// What the rules say inside one directory, worked out once for all of its entries: the directory's segments
    /// relative to each rule file's base, and whether a name rule already matches one of them.
    struct Directory {
        fileprivate var checks: [(rule: Rule, segments: Int, above: Bool)] = []
        fileprivate var segments: [[[UInt8]]] = []

        fileprivate mutating func add(_ rules: [Rule], relative: String) {
            let segs = Glob.segments(relative)
            segments.append(segs)
            for r in rules { checks.append((r, segments.count - 1, r.compiled.matchesAnySegment(segs))) }
        }
    }

    /// The rules for the entries of `directory` (absolute and normalized), outer files first: the last matching
    /// rule wins.
    func directory(_ directory: String) -> Directory {
        var d = Directory()
        let slashed = directory.hasSuffix("/") ? directory : directory + "/"
        // Few .gitignore files (the usual case): test each one's directory as a prefix instead of making every
        // ancestor (that was a quarter of discovering a 10,000-file tree).
        if bases.count <= 32 {
            for (base, prefix, rules) in bases where bytewiseHasPrefix(slashed, prefix) {
                d.add(rules, relative: Path.relative(slashed, to: base))
            }
            return d
        }
        var ancestors: [String] = []
        var a = directory
        while !a.isEmpty {
            ancestors.append(a)
            let up = Path.dirname(a)
            if up == a { break }
            a = up
        }
        for base in ancestors.reversed() {
            if let rules = rulesByBase[base] { d.add(rules, relative: Path.relative(slashed, to: base)) }
        }
        return d
    }

    /// Whether the entry `name` of a directory is ignored, by the directory's rules (`directory(_:)`).
    func isIgnored(_ name: String, in d: Directory, isDirectory: Bool) -> Bool {
        guard !d.checks.isEmpty else { return false }
        let entry = Array(name.utf8)
        var ignored = false
        for c in d.checks where !(c.rule.directoryOnly && !isDirectory) {
            if c.rule.compiled.match(entry: entry, in: d.segments[c.segments], above: c.above) { ignored = !c.rule.negated }
        }
        return ignored
    }
}
