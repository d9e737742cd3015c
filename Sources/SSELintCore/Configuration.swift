/// `.sselint.yml`, as loaded (the engine parses the YAML; this is the validated model).
public struct Configuration: Sendable {
    /// The file it came from; nil for the built-in defaults.
    public var path: String?
    /// Rule ids or prefixes to run; nil = every rule enabled by default.
    public var select: [String]?
    public var ignore: [String] = []
    /// `preset: quick-reference`: the opt-in rule set (adds to `select`, or to the defaults).
    public var preset: String?
    public var severity: [String: Severity] = [:]
    /// Globs (relative to the config's directory) of files never linted.
    public var exclude: [String] = []
    /// Glob → rule ids or prefixes ignored in the files it matches.
    public var perFileIgnores: [(glob: String, rules: [String])] = []
    public var ssePaths: [String]?
    public var cancellationTimeout: (min: Double, max: Double) = (0.2, 1.0)
    /// Globs of files that are for development only (launch rules; see the launch issue).
    public var development: [String] = []
    public var failOn: Severity?
    /// `project: false`: files named alone under this config are judged on their own, not with the tree around
    /// them (a directory of independent fixtures or samples).
    public var project: Bool?
    public var nginxVersion: NginxVersion?
    public var nginxPrefix: String?
    /// Event names of server logs (`logs: {start: [...], cancelled: [...], agent-timeout: [...], events: [...],
    /// end: [...], new-stream-reason: ...}`), for LOG rules on logs that name events differently.
    public var logPatterns: [String: [String]] = [:]
    /// Per-rule options, `rules: {ID: {option: value}}`.
    public var ruleOptions: [String: [String: String]] = [:]

    public init() {}

    /// The directory globs are relative to.
    public var directory: String? { path.map(Path.dirname) }
}

/// Shell-style glob match on paths: `*` and `?` stay within a path segment, `**` spans segments, `[...]` classes.
/// A pattern without a `/` matches the file name at any depth (as .gitignore and ruff do).
public enum Glob {
    public static func match(_ pattern: String, _ path: String) -> Bool {
        Compiled(pattern).match(segments: segments(path))
    }

    /// A path split into segments once, for matching against many patterns.
    /// By byte over the string's storage (a generic split of its UTF-8 view cost ten thousand instructions a path).
    public static func segments(_ path: String) -> [[UInt8]] {
        withUTF8Bytes(path) { b in
            var out: [[UInt8]] = []
            var start = 0
            for i in 0...b.count where i == b.count || b[i] == 0x2F {
                if i > start { out.append(Array(UnsafeBufferPointer(rebasing: b[start..<i]))) }
                start = i + 1
            }
            return out
        }
    }

    /// A pattern prepared once (a fixed list of globs is matched against every file of a tree). A class: the rules
    /// that hold one are read for every entry of every directory, and a struct was copied field by field each time.
    public final class Compiled: Sendable {
        /// A pattern without `/`: matched against the file's name and every directory above it.
        let name: [UInt8]?
        let parts: [[UInt8]]
        /// A name pattern's literal bytes before its first wildcard and after its last (none after a `[` class):
        /// a segment that does not start and end with them cannot match, and most are turned away by them.
        let head: [UInt8], tail: [UInt8]
        /// Parts without wildcards: each must be one of the path's segments.
        let literals: [[UInt8]]
        public init(_ pattern: String) {
            var p = pattern
            if p.hasPrefix("./") { p.removeFirst(2) }
            if p.hasSuffix("/") { p += "**" }
            // No slash: the name of the file or of any directory above it (as in .gitignore).
            if !p.contains("/") {
                let n = Array(p.utf8)
                let wild = { (c: UInt8) in c == UInt8(ascii: "*") || c == UInt8(ascii: "?") || c == UInt8(ascii: "[") }
                name = n; parts = []; literals = []
                head = Array(n.prefix { !wild($0) })
                tail = head.count == n.count || n.contains(UInt8(ascii: "[")) ? [] : Array(n.suffix(from: n.lastIndex(where: wild)! + 1))
                return
            }
            if p.hasPrefix("/") { p.removeFirst() }
            let raw = p.split(separator: "/").map { Array($0.utf8) }
            // `**/**` is `**`: collapsing keeps the match linear in practice.
            parts = raw.enumerated().filter { i, x in !(x == doubleStar && i > 0 && raw[i - 1] == doubleStar) }.map(\.1)
            name = nil; head = []; tail = []
            literals = parts.filter { !$0.contains(UInt8(ascii: "*")) && !$0.contains(UInt8(ascii: "?")) && !$0.contains(UInt8(ascii: "[")) }
        }

        func nameMatches(_ name: [UInt8], _ segment: [UInt8]) -> Bool {
            let h = head.count, t = tail.count, n = segment.count
            guard n >= h + t else { return false }
            for i in 0..<h where segment[i] != head[i] { return false }
            for i in 0..<t where segment[n - t + i] != tail[i] { return false }
            return Glob.matchSegment(name, segment)
        }

        public func match(segments: [[UInt8]]) -> Bool {
            if let name { return segments.contains { nameMatches(name, $0) } }
            return literals.allSatisfy(segments.contains) && Glob.matchParts(parts, segments)
        }

        /// For a walk, once per directory: whether a name pattern matches one of the directory's own segments
        /// (then it matches every entry inside).
        public func matchesAnySegment(_ directory: [[UInt8]]) -> Bool {
            guard let name else { return false }
            return directory.contains { nameMatches(name, $0) }
        }

        /// `match(segments: directory + [entry])`, given `above` from `matchesAnySegment(directory)`, without
        /// building the entry's segments (a walk asks this for every file).
        public func match(entry: [UInt8], in directory: [[UInt8]], above: Bool) -> Bool {
            if let name { return above || nameMatches(name, entry) }
            if !parts.contains(Glob.doubleStar) {
                guard parts.count == directory.count + 1, Glob.matchSegment(parts[directory.count], entry) else { return false }
                return zip(parts, directory).allSatisfy { Glob.matchSegment($0, $1) }
            }
            return Glob.matchParts(parts, directory + [entry])
        }
    }

    static let doubleStar = Array("**".utf8)

    /// Segment-wise match with `**` spanning segments; a trailing `**` needs at least one (`dir/**` is what is
    /// inside dir, not dir itself). Dynamic programming over (pattern, path) positions: O(p × s).
    static func matchParts(_ p: [[UInt8]], _ s: [[UInt8]]) -> Bool {
        // Without `**` a pattern matches segment for segment (no table: this runs for every file of a tree).
        if !p.contains(doubleStar) { return p.count == s.count && zip(p, s).allSatisfy { matchSegment($0, $1) } }
        // ok[i * w + j]: p[i...] matches s[j...]
        let w = s.count + 1
        var ok = [Bool](repeating: false, count: (p.count + 1) * w)
        ok[p.count * w + s.count] = true
        for i in stride(from: p.count - 1, through: 0, by: -1) {
            for j in stride(from: s.count, through: 0, by: -1) {
                if p[i] == doubleStar {
                    let last = i == p.count - 1
                    ok[i * w + j] = (!last && ok[(i + 1) * w + j]) || (j < s.count && (ok[i * w + j + 1] || ok[(i + 1) * w + j + 1]))
                } else {
                    ok[i * w + j] = j < s.count && matchSegment(p[i], s[j]) && ok[(i + 1) * w + j + 1]
                }
            }
        }
        return ok[0]
    }

    /// fnmatch for one segment, iterative with one backtrack point (linear-time for `*`).
    static func matchSegment(_ p: [UInt8], _ s: [UInt8]) -> Bool {
        var pi = 0, si = 0, starP = -1, starS = 0
        while si < s.count {
            if pi < p.count, p[pi] == UInt8(ascii: "[") , let (ok, next) = matchClass(p, pi, s[si]) {
                if ok { pi = next; si += 1; continue }
            } else if pi < p.count, p[pi] == UInt8(ascii: "?") || p[pi] == s[si] {
                pi += 1; si += 1; continue
            } else if pi < p.count, p[pi] == UInt8(ascii: "*") {
                starP = pi; starS = si; pi += 1; continue
            }
            if starP >= 0 { pi = starP + 1; starS += 1; si = starS; continue }
            return false
        }
        while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }

    private static func matchClass(_ p: [UInt8], _ start: Int, _ c: UInt8) -> (Bool, Int)? {
        var i = start + 1
        var negate = false
        if i < p.count, p[i] == UInt8(ascii: "!") || p[i] == UInt8(ascii: "^") { negate = true; i += 1 }
        var ok = false
        var first = true
        while i < p.count, p[i] != UInt8(ascii: "]") || first {
            first = false
            if i + 2 < p.count, p[i + 1] == UInt8(ascii: "-"), p[i + 2] != UInt8(ascii: "]") {
                if p[i] <= c && c <= p[i + 2] { ok = true }
                i += 3
            } else {
                if p[i] == c { ok = true }
                i += 1
            }
        }
        guard i < p.count else { return nil }
        return (ok != negate, i + 1)
    }
}
