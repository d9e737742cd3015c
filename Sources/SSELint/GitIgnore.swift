import SSELintCore

/// `.gitignore` rules inside a git work tree (plus `.git/info/exclude`), applied while walking directories:
/// patterns are relative to the directory of their file, the last matching rule wins, `!` re-includes, a trailing
/// `/` matches directories only.
struct GitIgnore {
    struct Rule {
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

    /// `path` and every rule's base are absolute.
    func isIgnored(_ path: String, isDirectory: Bool) -> Bool {
        // Few .gitignore files (the usual case): test each one's directory as a prefix instead of making every
        // ancestor of every path (that was a quarter of discovering a 10,000-file tree).
        if bases.count <= 32 {
            var ignored = false
            for (base, prefix, rules) in bases where path.utf8.starts(with: prefix.utf8) {
                let segments = Glob.segments(Path.relative(path, to: base))
                for r in rules where !(r.directoryOnly && !isDirectory) {
                    if r.compiled.match(segments: segments) { ignored = !r.negated }
                }
            }
            return ignored
        }
        var ancestors: [String] = []
        var d = Path.dirname(path)
        while !d.isEmpty {
            ancestors.append(d)
            let up = Path.dirname(d)
            if up == d { break }
            d = up
        }
        // Outer files first, deeper ones after: the last matching rule wins.
        var ignored = false
        for base in ancestors.reversed() {
            guard let rules = rulesByBase[base] else { continue }
            // The relative path is split once per base; each rule's pattern was prepared when the file was read.
            let segments = Glob.segments(Path.relative(path, to: base))
            for r in rules where !(r.directoryOnly && !isDirectory) {
                if r.compiled.match(segments: segments) { ignored = !r.negated }
            }
        }
        return ignored
    }
}
