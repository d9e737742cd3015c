import SSELintCore

/// POSIX shell, as much as launch commands need: quoting and escapes, continuations, comments, `$VAR` and
/// `${VAR:-default}`, `$(…)`, assignments, `&&` `||` `;` `|` `&`, redirections, and here-documents (skipped).
/// Parsed once and shared by every carrier (hadolint's approach). `offset(i)` maps an index of `text` to the
/// original file, for carriers whose logical text is not the file itself (Dockerfile continuations, YAML scalars).
public enum ShellParser {
    public static func parse(_ text: [UInt8], offset: @escaping (Int) -> Int = { $0 }) -> Result<[ShellCommand], ShellError> {
        var p = Parser(b: text, offset: offset)
        return p.run()
    }

    public static func parse(_ text: String) -> Result<[ShellCommand], ShellError> { parse(Array(text.utf8)) }

    struct Parser {
        let b: [UInt8]
        let offset: (Int) -> Int
        var i = 0
        var commands: [ShellCommand] = []
        var current = ShellCommand(words: [])
        var heredocs: [(delimiter: String, stripTabs: Bool)] = []

        init(b: [UInt8], offset: @escaping (Int) -> Int) { self.b = b; self.offset = offset }

        static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D }
        static func isNameStart(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F }
        static func isName(_ c: UInt8) -> Bool { isNameStart(c) || (c >= 0x30 && c <= 0x39) }
        /// What ends a word. Parentheses only start a subshell at a word's start; inside a word they are text
        /// (supervisord's `%(program_name)s`).
        static let breaks: Set<UInt8> = Set(" \t\r\n;&|<>".utf8)

        mutating func endCommand() {
            if !current.words.isEmpty || !current.assignments.isEmpty { commands.append(current) }
            current = ShellCommand(words: [])
        }

        mutating func run() -> Result<[ShellCommand], ShellError> {
            while i < b.count {
                let c = b[i]
                if Parser.isBlank(c) { i += 1; continue }
                if c == 0x5C, i + 1 < b.count, b[i + 1] == 0x0A { i += 2; continue }     // continuation
                if c == UInt8(ascii: "#") { while i < b.count, b[i] != 0x0A { i += 1 }; continue }
                if c == 0x0A { i += 1; endCommand(); skipHeredocs(); continue }
                if c == UInt8(ascii: ";") || c == UInt8(ascii: "&") || c == UInt8(ascii: "|") || c == UInt8(ascii: "(") || c == UInt8(ascii: ")") {
                    i += 1
                    if i < b.count, (b[i] == c && c != UInt8(ascii: "(") && c != UInt8(ascii: ")")) || (c == UInt8(ascii: "&") && b[i] == UInt8(ascii: ">")) {
                        if c == UInt8(ascii: "&") && b[i] == UInt8(ascii: ">") { i += 1; skipRedirectTarget(); continue }
                        i += 1
                    }
                    endCommand()
                    continue
                }
                if c == UInt8(ascii: "<") || c == UInt8(ascii: ">") || (c >= 0x30 && c <= 0x39 && redirectAhead()) {
                    if case .failure(let e) = redirect() { return .failure(e) }
                    continue
                }
                switch word() {
                case .failure(let e): return .failure(e)
                case .success(let (w, raw)):
                    // Leading NAME=value words are assignments.
                    if current.words.isEmpty, let eq = raw.firstIndex(of: UInt8(ascii: "=")), eq > 0,
                       Parser.isNameStart(raw[0]), raw[..<eq].allSatisfy(Parser.isName) {
                        let name = String(decoding: raw[..<eq], as: UTF8.self)
                        current.assignments.append((name, dropPrefix(w, count: eq + 1)))
                    } else {
                        current.words.append(w)
                    }
                }
            }
            endCommand()
            return .success(commands)
        }

        /// `2>&1`, `1>/dev/null`: digits followed by a redirection operator.
        func redirectAhead() -> Bool {
            var j = i
            while j < b.count, b[j] >= 0x30 && b[j] <= 0x39 { j += 1 }
            return j < b.count && (b[j] == UInt8(ascii: ">") || b[j] == UInt8(ascii: "<"))
        }

        mutating func redirect() -> Result<Void, ShellError> {
            while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
            let op = b[i]
            i += 1
            if op == UInt8(ascii: "<"), i < b.count, b[i] == UInt8(ascii: "<") {
                i += 1
                var strip = false
                if i < b.count, b[i] == UInt8(ascii: "-") { strip = true; i += 1 }
                if i < b.count, b[i] == UInt8(ascii: "<") { i += 1; skipRedirectTarget(); return .success(()) }  // here-string
                while i < b.count, Parser.isBlank(b[i]) { i += 1 }
                switch word() {
                case .failure(let e): return .failure(e)
                case .success(let (w, _)):
                    heredocs.append((w.parts.map { if case .literal(let s) = $0 { return s }; return "" }.joined(), strip))
                }
                return .success(())
            }
            while i < b.count, b[i] == UInt8(ascii: ">") || b[i] == UInt8(ascii: "&") || b[i] == UInt8(ascii: "|") { i += 1 }
            skipRedirectTarget()
            return .success(())
        }

        mutating func skipRedirectTarget() {
            while i < b.count, Parser.isBlank(b[i]) { i += 1 }
            _ = word()
        }

        /// After the newline that ends a command: the bodies of its here-documents.
        mutating func skipHeredocs() {
            while let (delim, strip) = heredocs.first {
                heredocs.removeFirst()
                while i < b.count {
                    var e = i
                    while e < b.count, b[e] != 0x0A { e += 1 }
                    var line = String(decoding: b[i..<e], as: UTF8.self)
                    if line.hasSuffix("\r") { line.removeLast() }
                    if strip { line = String(line.drop(while: { $0 == "\t" })) }
                    i = min(b.count, e + 1)
                    if line == delim { break }
                }
            }
        }

        func dropPrefix(_ w: ShellWord, count: Int) -> ShellWord {
            var left = count
            var parts: [ShellWord.Part] = []
            for p in w.parts {
                if left > 0, case .literal(let s) = p {
                    let u = Array(s.utf8)
                    if u.count <= left { left -= u.count; continue }
                    parts.append(.literal(String(decoding: u[left...], as: UTF8.self)))
                    left = 0
                } else {
                    parts.append(p)
                }
            }
            return ShellWord(parts: parts.isEmpty ? [.literal("")] : parts, start: min(w.end, w.start + count), end: w.end)
        }

        /// One word: its parts and its raw unquoted bytes (for assignment detection).
        mutating func word() -> Result<(ShellWord, [UInt8]), ShellError> {
            let start = i
            var parts: [ShellWord.Part] = []
            var lit: [UInt8] = []
            var raw: [UInt8] = []
            func flush() { if !lit.isEmpty { parts.append(.literal(String(decoding: lit, as: UTF8.self))); lit = [] } }
            while i < b.count, !Parser.breaks.contains(b[i]) {
                let c = b[i]
                switch c {
                case 0x5C:  // backslash
                    if i + 1 < b.count {
                        if b[i + 1] != 0x0A { lit.append(b[i + 1]); raw.append(b[i + 1]) }
                        i += 2
                    } else { i += 1 }
                case UInt8(ascii: "'"):
                    let q = i
                    i += 1
                    while i < b.count, b[i] != UInt8(ascii: "'") { lit.append(b[i]); raw.append(b[i]); i += 1 }
                    guard i < b.count else { return .failure(ShellError(offset: offset(q), message: "unterminated single quote")) }
                    i += 1
                case UInt8(ascii: "\""):
                    let q = i
                    i += 1
                    while i < b.count, b[i] != UInt8(ascii: "\"") {
                        if b[i] == 0x5C, i + 1 < b.count, "$`\"\\\n".utf8.contains(b[i + 1]) {
                            if b[i + 1] != 0x0A { lit.append(b[i + 1]); raw.append(b[i + 1]) }
                            i += 2
                        } else if b[i] == UInt8(ascii: "$") || b[i] == UInt8(ascii: "`") {
                            flush()
                            if case .failure(let e) = expansion(&parts, &raw) { return .failure(e) }
                        } else {
                            lit.append(b[i]); raw.append(b[i]); i += 1
                        }
                    }
                    guard i < b.count else { return .failure(ShellError(offset: offset(q), message: "unterminated double quote")) }
                    i += 1
                case UInt8(ascii: "$"), UInt8(ascii: "`"):
                    flush()
                    if case .failure(let e) = expansion(&parts, &raw) { return .failure(e) }
                default:
                    lit.append(c); raw.append(c); i += 1
                }
            }
            flush()
            if parts.isEmpty { parts = [.literal("")] }
            return .success((ShellWord(parts: parts, start: offset(start), end: offset(i)), raw))
        }

        /// `$NAME`, `${…}`, `$(…)`, `` `…` `` at `i`.
        mutating func expansion(_ parts: inout [ShellWord.Part], _ raw: inout [UInt8]) -> Result<Void, ShellError> {
            let s = i
            if b[i] == UInt8(ascii: "`") {
                i += 1
                while i < b.count, b[i] != UInt8(ascii: "`") { if b[i] == 0x5C { i += 1 }; i += 1 }
                guard i < b.count else { return .failure(ShellError(offset: offset(s), message: "unterminated backquote")) }
                i += 1
                parts.append(.opaque(String(decoding: b[s..<i], as: UTF8.self)))
                raw.append(contentsOf: b[s..<i])
                return .success(())
            }
            i += 1
            guard i < b.count else { parts.append(.literal("$")); raw.append(UInt8(ascii: "$")); return .success(()) }
            if b[i] == UInt8(ascii: "{") || b[i] == UInt8(ascii: "(") {
                let open = b[i], close = open == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: ")")
                var depth = 0
                while i < b.count {
                    if b[i] == open { depth += 1 } else if b[i] == close { depth -= 1; if depth == 0 { break } }
                    else if b[i] == 0x5C { i += 1 }
                    i += 1
                }
                guard i < b.count else { return .failure(ShellError(offset: offset(s), message: "unterminated \(open == UInt8(ascii: "{") ? "${" : "$(")")) }
                i += 1
                let body = String(decoding: b[(s + 2)..<(i - 1)], as: UTF8.self)
                raw.append(contentsOf: b[s..<i])
                if open == UInt8(ascii: "{"), let name = body.prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" }).nonEmpty {
                    let rest = body.dropFirst(name.count)
                    if rest.isEmpty { parts.append(.variable(name: String(name), fallback: nil)); return .success(()) }
                    if rest.hasPrefix(":-") || rest.hasPrefix("-") {
                        parts.append(.variable(name: String(name), fallback: String(rest.drop(while: { $0 == ":" }).dropFirst())))
                        return .success(())
                    }
                }
                parts.append(.opaque(String(decoding: b[s..<i], as: UTF8.self)))
                return .success(())
            }
            if Parser.isNameStart(b[i]) {
                while i < b.count, Parser.isName(b[i]) { i += 1 }
                parts.append(.variable(name: String(decoding: b[(s + 1)..<i], as: UTF8.self), fallback: nil))
                raw.append(contentsOf: b[s..<i])
                return .success(())
            }
            if "@*#?$!0123456789-".utf8.contains(b[i]) {
                i += 1
                parts.append(.opaque(String(decoding: b[s..<i], as: UTF8.self)))
                raw.append(contentsOf: b[s..<i])
                return .success(())
            }
            parts.append(.literal("$"))
            raw.append(UInt8(ascii: "$"))
            return .success(())
        }
    }
}

extension Substring {
    var nonEmpty: Substring? { isEmpty ? nil : self }
}

extension ShellCommand {
    /// The command a wrapper runs: `exec X`, `env [-i] [A=b] X`, `nohup X`, `tini -- X`, `dumb-init X`,
    /// `gosu user X`, `su-exec user X`, `uv run X`, `poetry run X`, `pipenv run X`; `sh -c '…'` / `bash -lc "…"` are
    /// parsed again (offsets of the inner script are approximate when it contains escapes).
    public func unwrapped(depth: Int = 0) -> [ShellCommand] {
        guard depth < 8, let first = words.first?.resolved([:]) else { return [self] }
        let name = first.split(separator: "/").last.map(String.init) ?? first
        var rest = Array(words.dropFirst())
        var assigns = assignments
        func next(_ ws: [ShellWord]) -> [ShellCommand] {
            ShellCommand(assignments: assigns, words: ws).unwrapped(depth: depth + 1)
        }
        switch name {
        case "do", "then", "else", "elif", "if", "while", "until", "!", "{":
            // Compound-command keywords: the command follows them.
            return next(rest)
        case "exec", "nohup", "dumb-init", "time":
            while let f = rest.first?.resolved([:]), f.hasPrefix("-") { rest.removeFirst() }
            return next(rest)
        case "tini":
            while let f = rest.first?.resolved([:]), f.hasPrefix("-") { rest.removeFirst(); if f == "--" { break } }
            return next(rest)
        case "env":
            while let f = rest.first {
                let v = f.resolved([:]) ?? ""
                if v.hasPrefix("-") { rest.removeFirst(); continue }
                if let eq = v.firstIndex(of: "="), eq != v.startIndex {
                    assigns.append((String(v[..<eq]), ShellWord(literal: String(v[v.index(after: eq)...]), start: f.start, end: f.end)))
                    rest.removeFirst(); continue
                }
                break
            }
            return next(rest)
        case "gosu", "su-exec", "chpst":
            return rest.count > 1 ? next(Array(rest.dropFirst())) : [self]
        case "uv", "poetry", "pipenv", "pdm", "hatch", "rye":
            if rest.first?.resolved([:]) == "run" {
                rest.removeFirst()
                while let f = rest.first?.resolved([:]), f.hasPrefix("-") { rest.removeFirst() }
                return next(rest)
            }
            return [self]
        case "sh", "bash", "dash", "ash", "zsh":
            // `sh -c 'script'`, also combined flags such as -lc / -ec.
            guard let flag = rest.firstIndex(where: { ($0.resolved([:]) ?? "").hasPrefix("-") && ($0.resolved([:]) ?? "").contains("c") }),
                  flag + 1 < rest.count else { return [self] }
            let w = rest[flag + 1]
            // Variables the script uses stay symbolic inside it ($PORT is the inner shell's business).
            let script = w.resolved([:]) ?? w.text
            // Quoted ('…' or "…") when the word is two bytes longer than its text.
            let base = w.end - w.start == script.utf8.count + 2 ? w.start + 1 : w.start
            guard case .success(let inner) = ShellParser.parse(Array(script.utf8), offset: { min(w.end, base + $0) }) else { return [self] }
            return inner.flatMap { cmd in
                var c = cmd
                c.assignments = assigns + c.assignments
                return c.unwrapped(depth: depth + 1)
            }
        default:
            return [self]
        }
    }
}
