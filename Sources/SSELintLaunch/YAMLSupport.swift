@preconcurrency import Yams
import SSELintCore
import SSELintShell

/// Source positions for Yams nodes, and shell words from YAML scalars and lists.
struct YAMLSource {
    let file: SourceFile
    /// Marks are exact byte positions only in ASCII files without anchors, aliases or tags (a mark starts at the
    /// `&anchor`/`!tag`, libyaml counts columns in characters, and an alias repeats a node elsewhere). Otherwise
    /// findings still point at the right line, but fixes are shown, not applied.
    let exactMarks: Bool

    init(file: SourceFile) {
        self.file = file
        let b = file.bytes
        var ok = !b.contains { $0 >= 0x80 }
        if ok {
            for i in 1..<max(1, b.count - 1) where b[i] == UInt8(ascii: "&") || b[i] == UInt8(ascii: "*") || b[i] == UInt8(ascii: "!") {
                let before = b[i - 1], after = b[i + 1]
                if " [,{:-".utf8.contains(before) && after != 0x20 && after != 0x0A && after != UInt8(ascii: "\"") { ok = false; break }
            }
        }
        exactMarks = ok
    }

    /// Byte offset of a node's mark (columns are exact on ASCII lines, as config files are).
    func offset(_ n: Node) -> Int {
        guard let m = n.mark, m.line >= 1, m.line <= file.lineStarts.count else { return 0 }
        return min(file.bytes.count, file.lineStarts[m.line - 1] + max(0, m.column - 1))
    }

    /// End of the scalar token that starts at `start` (quotes included; plain scalars stop at a comment, and in a
    /// flow collection at `,` `]` `}`).
    func tokenEnd(_ start: Int, flow: Bool) -> Int {
        let b = file.bytes
        guard start < b.count else { return start }
        var i = start
        if b[i] == UInt8(ascii: "\"") {
            i += 1
            while i < b.count, b[i] != UInt8(ascii: "\"") { if b[i] == 0x5C { i += 1 }; i += 1 }
            return min(b.count, i + 1)
        }
        if b[i] == UInt8(ascii: "'") {
            i += 1
            while i < b.count { if b[i] == UInt8(ascii: "'") { if i + 1 < b.count, b[i + 1] == UInt8(ascii: "'") { i += 2; continue }; break }; i += 1 }
            return min(b.count, i + 1)
        }
        while i < b.count, b[i] != 0x0A {
            if flow, b[i] == UInt8(ascii: ",") || b[i] == UInt8(ascii: "]") || b[i] == UInt8(ascii: "}") { break }
            if b[i] == UInt8(ascii: "#"), i > start, b[i - 1] == 0x20 { break }
            i += 1
        }
        while i > start, b[i - 1] == 0x20 || b[i - 1] == 0x09 || b[i - 1] == 0x0D { i -= 1 }
        return i
    }

    struct Problem: Error { let offset: Int; let message: String }

    /// Every document of a YAML stream. Yams' sequence keeps a parse error instead of throwing it, so a broken
    /// document would read as the end of the file: here it throws.
    static func documents(_ text: String) throws -> [Node] {
        var seq = try Yams.compose_all(yaml: text)
        var out: [Node] = []
        while let d = seq.next() { out.append(d) }
        if let e = seq.error { throw e }
        return out
    }

    /// The documents of a file, or its input error at line:column. A `.json` file is read as YAML (JSON is YAML's
    /// flow style) and its errors speak JSON.
    static func documents(of f: SourceFile) throws -> [Node] {
        do { return try documents(String(decoding: f.bytes, as: UTF8.self)) } catch {
            let e = yamlError(error, f)
            guard f.path.hasSuffix(".json") else { throw e }
            throw InputError(path: e.path, line: e.line, column: e.column, message: e.message.replacingOccurrences(of: "not valid YAML", with: "not valid JSON"))
        }
    }

    /// The indentation of a YAML block list item (`- word` on its own line), nil for flow lists and scalars.
    func blockListIndent(of word: ShellWord) -> String? {
        guard file.bytes.indices.contains(word.start) else { return nil }
        let ls = file.lineStarts[file.position(of: word.start).line - 1]
        return file.text(ls..<word.start).trimmingSpaces == "-" ? file.indentation(ofLineContaining: word.start) : nil
    }

    /// A command given as a string (shell-split) or a list (one word per item).
    func command(_ n: Node, what: String) throws -> (commands: [ShellCommand], removal: [[Range<Int>]], listForm: Bool, exact: Bool) {
        switch n {
        case .scalar(let s):
            let start = offset(n)
            // A plain number, boolean or null is not a command (YAML reads `command: 42` as an integer).
            if s.style == .plain, Double(s.string) != nil || ["true", "false", "null", "~", "yes", "no"].contains(s.string.lowercased()) {
                throw Problem(offset: start, message: "\(what) must be a string or a list of strings, not \(s.string)")
            }
            let text = Array(s.string.utf8)
            let map: [Int]
            var exact = exactMarks
            if s.style == .literal || s.style == .folded {
                map = blockScalarMap(start, count: text.count)
                exact = false
            } else {
                let shift = s.style == .doubleQuoted || s.style == .singleQuoted ? 1 : 0
                let end = tokenEnd(start, flow: false)
                map = (0...text.count).map { min(end, start + shift + $0) }
                // Escapes or folded lines make the map approximate.
                exact = exact && !s.string.contains("\n") && file.position(of: start).line == file.position(of: end).line
                    && !(s.style == .doubleQuoted && file.text(start..<end).contains("\\"))
                    && !(s.style == .singleQuoted && file.text(start..<end).dropFirst().dropLast().contains("''"))
            }
            switch ShellParser.parse(text, offset: { map[min($0, map.count - 1)] }) {
            case .failure(let e): throw Problem(offset: e.offset, message: "\(what): \(e.message)")
            case .success(let cmds): return (cmds, cmds.map { LaunchCommand.spaceSeparated($0, in: file) }, false, exact)
            }
        case .sequence(let seq):
            let flow = file.bytes.indices.contains(offset(n)) && file.bytes[offset(n)] == UInt8(ascii: "[")
            var words: [ShellWord] = []
            var removal: [Range<Int>] = []
            var prevEnd: Int?
            for item in seq {
                guard case .scalar(let s) = item else { throw Problem(offset: offset(item), message: "\(what): list items must be strings") }
                // Marks can land before the previous item's end in bytes that are not UTF-8: keep ranges ordered.
                let st = max(offset(item), prevEnd ?? 0), en = max(tokenEnd(st, flow: flow), st)
                words.append(ShellWord(literal: s.string, start: st, end: en))
                if flow {
                    removal.append((prevEnd ?? st)..<en)
                } else {
                    // A block list item: its whole line.
                    let line = file.position(of: st).line
                    let ls = file.lineStarts[line - 1]
                    let le = line < file.lineStarts.count ? file.lineStarts[line] : file.bytes.count
                    removal.append(ls..<le)
                }
                prevEnd = en
            }
            if flow, removal.count > 1 {
                var e = words[0].end
                while e < file.bytes.count, file.bytes[e] == UInt8(ascii: ",") || file.bytes[e] == 0x20 { e += 1 }
                removal[0] = words[0].start..<e
            }
            return ([ShellCommand(words: words)], [removal], true, exactMarks)
        default:
            throw Problem(offset: offset(n), message: "\(what) must be a string or a list of strings")
        }
    }

    /// Offsets of a `|` / `>` block scalar's characters: its lines after the indicator, one joining character
    /// (newline or folded space) per line break.
    func blockScalarMap(_ indicator: Int, count: Int) -> [Int] {
        let b = file.bytes
        var line = file.position(of: indicator).line + 1
        var map: [Int] = []
        var indent: Int?
        while map.count <= count, line <= file.lineStarts.count {
            let s = file.lineStarts[line - 1]
            var i = s
            while i < b.count, b[i] == 0x20 { i += 1 }
            if indent == nil, i < b.count, b[i] != 0x0A { indent = i - s }
            var e = i
            while e < b.count, b[e] != 0x0A { e += 1 }
            let from = min(e, s + (indent ?? 0))
            for k in from..<e where map.count <= count { map.append(k) }
            if map.count <= count { map.append(e) }   // the joining newline/space
            line += 1
        }
        while map.count <= count { map.append(b.count) }
        return map
    }

    /// `environment:` as a mapping or a list of `K=V`.
    func environment(_ n: Node) throws -> [String: EnvValue] {
        var env: [String: EnvValue] = [:]
        switch n {
        case .mapping(let m):
            for (k, v) in m {
                guard let key = k.string else { continue }
                let st = offset(v)
                env[key] = EnvValue(value: v.string ?? "", range: SourceRange(file: file, start: st, end: tokenEnd(st, flow: false)))
            }
        case .sequence(let seq):
            for item in seq {
                guard let s = item.string, let eq = s.firstIndex(of: "=") else { continue }
                let st = offset(item)
                env[String(s[..<eq])] = EnvValue(value: String(s[s.index(after: eq)...]), range: SourceRange(file: file, start: st, end: tokenEnd(st, flow: false)))
            }
        default:
            throw Problem(offset: offset(n), message: "environment must be a mapping or a list of KEY=value")
        }
        return env
    }

    static func yamlError(_ error: Error, _ f: SourceFile) -> InputError {
        if let e = error as? YamlError {
            switch e {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                return InputError(path: f.path, line: mark.line, column: mark.column, message: "not valid YAML: \(problem)")
            default: break
            }
        }
        if let p = error as? Problem { return InputError(at: f.position(of: p.offset), in: f, p.message) }
        return InputError(path: f.path, line: 1, column: 1, message: "not valid YAML: \(error)")
    }
}

/// KEY=value lines of a `.env` / `env_file`.
public enum EnvFile {
    public static func parse(_ f: SourceFile) -> [String: EnvValue] {
        var env: [String: EnvValue] = [:]
        for (i, s) in f.lineStarts.enumerated() {
            let e = i + 1 < f.lineStarts.count ? f.lineStarts[i + 1] : f.bytes.count
            var line = f.text(s..<e).trimmingSpaces.trimmingCharacters(["\n", "\r"])
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)) }
            guard !line.hasPrefix("#"), let eq = line.firstIndex(of: "=") else { continue }
            var value = String(line[line.index(after: eq)...]).trimmingSpaces
            if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q { value = String(value.dropFirst().dropLast()) }
            env[String(line[..<eq]).trimmingSpaces] = EnvValue(value: value, range: SourceRange(file: f, start: s, end: e))
        }
        return env
    }
}

// Yams answers `mapping["key"]` by comparing nodes, and a key whose text matches has its tag resolved on both sides
// by Yams' regular expressions (34,000 instructions a lookup: a tenth of a repository's run). These lookups, in this
// module, shadow Yams' with the same answer: the last pair whose key has the text wins; a plain key resolves its tag
// exactly as the looked-up text does (an implicit tag's name is ""), so only a quoted or tagged key is compared
// Yams' way.
extension Node.Mapping {
    subscript(_ key: String) -> Node? { lookup(key) }

    func lookup(_ key: String) -> Node? {
        var i = endIndex
        while i > startIndex {
            i -= 1
            let pair = self[i]
            guard case .scalar(let s) = pair.key, s.string == key else { continue }
            if s.tag.description.isEmpty || pair.key == Node(key, tag.copy(with: .implicit)) { return pair.value }
        }
        return nil
    }
}

extension Node {
    subscript(_ key: String) -> Node? { lookup(key) }

    func lookup(_ key: String) -> Node? {
        switch self {
        case .mapping(let m): return m.lookup(key)
        case .sequence: return self[Node(key, tag.copy(with: .implicit))]
        case .scalar: return nil
        }
    }
}
