import SSELintCore

/// Tokens of nginx's configuration language, following nginx's (and crossplane's) lexer: `{`, `}` and `;`
/// end words; `#` starts a comment only at the start of a word; quotes group only at the start of a word;
/// `${var}` keeps its braces; a backslash escapes the next byte; `*_by_lua_block` bodies are one raw token.
struct Token {
    enum Kind { case word, open, close, semicolon, comment }
    let kind: Kind
    let value: String
    let quoted: Bool
    let start: Int
    let end: Int
}

struct LexError: Error {
    let offset: Int
    let message: String
}

struct Lexer {
    private let b: [UInt8]
    private var i = 0
    private var nextIsDirective = true
    private var pending: [Token] = []
    /// One copy of each long word (directive names and values repeat in every server of a large config; a word of
    /// at most 15 bytes is stored inline and needs none).
    private var interned: [String: String] = [:]

    init(_ bytes: [UInt8]) { b = bytes }

    private static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0B || c == 0x0C
    }

    /// The next token, or nil at the end of input.
    mutating func next() throws -> Token? {
        if !pending.isEmpty {
            let t = pending.removeFirst()
            if t.kind != .word { nextIsDirective = true }
            return t
        }
        let n = b.count
        while i < n, Lexer.isSpace(b[i]) { i += 1 }
        guard i < n else { return nil }
        let start = i
        let c = b[i]
        switch c {
        case UInt8(ascii: "#"):
            while i < n, b[i] != 0x0A { i += 1 }
            var e = i
            if e > start + 1, b[e - 1] == 0x0D { e -= 1 }
            return Token(kind: .comment, value: decode(start + 1..<e), quoted: false, start: start, end: e)
        case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ";"):
            i += 1
            nextIsDirective = true
            let kind: Token.Kind = c == UInt8(ascii: "{") ? .open : c == UInt8(ascii: "}") ? .close : .semicolon
            return Token(kind: kind, value: String(UnicodeScalar(c)), quoted: false, start: start, end: i)
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            i += 1
            var value: [UInt8] = []
            while true {
                guard i < n else { throw LexError(offset: start, message: "unterminated string: missing closing \(String(UnicodeScalar(c)))") }
                let d = b[i]
                if d == 0x5C, i + 1 < n {
                    if b[i + 1] == c { value.append(c) } else { value.append(d); value.append(b[i + 1]) }
                    i += 2
                    continue
                }
                if d == c { i += 1; break }
                value.append(d)
                i += 1
            }
            return try finishWord(Token(kind: .word, value: intern(String(decoding: value, as: UTF8.self)), quoted: true, start: start, end: i))
        default:
            while i < n {
                let d = b[i]
                if d == 0x5C { i = min(n, i + 2); continue }
                if Lexer.isSpace(d) || d == UInt8(ascii: ";") || d == UInt8(ascii: "}") { break }
                if d == UInt8(ascii: "{") {
                    // `${name}` keeps its braces as part of the word.
                    if i > start, b[i - 1] == UInt8(ascii: "$") {
                        while i < n, b[i] != UInt8(ascii: "}"), !Lexer.isSpace(b[i]) { i += 1 }
                        if i < n, b[i] == UInt8(ascii: "}") { i += 1 }
                        continue
                    }
                    break
                }
                i += 1
            }
            return try finishWord(Token(kind: .word, value: intern(decode(start..<i)), quoted: false, start: start, end: i))
        }
    }

    private mutating func finishWord(_ t: Token) throws -> Token {
        defer { nextIsDirective = false }
        if nextIsDirective, t.value.hasSuffix("_by_lua_block") {
            try lexLuaBlock(directive: t.value)
        }
        return t
    }

    /// The body of an OpenResty `*_by_lua_block { ... }` as one quoted word followed by `;`, as crossplane does.
    private mutating func lexLuaBlock(directive: String) throws {
        let n = b.count
        func skipSpace() { while i < n, Lexer.isSpace(b[i]) { i += 1 } }
        skipSpace()
        if directive == "set_by_lua_block" {
            let s = i
            while i < n, !Lexer.isSpace(b[i]), b[i] != UInt8(ascii: "{") { i += 1 }
            if i > s { pending.append(Token(kind: .word, value: decode(s..<i), quoted: false, start: s, end: i)) }
            skipSpace()
        }
        guard i < n, b[i] == UInt8(ascii: "{") else {
            throw LexError(offset: i, message: "expected \"{\" to start the Lua block of \(directive)")
        }
        let open = i
        i += 1
        let bodyStart = i
        var depth = 1
        while i < n {
            let d = b[i]
            if d == UInt8(ascii: "-"), i + 1 < n, b[i + 1] == UInt8(ascii: "-") {
                // Lua comment: `--[[ … ]]` / `--[==[ … ]==]` long form, else to the end of the line.
                if let end = longBracketEnd(from: i + 2) { i = end; continue }
                while i < n, b[i] != 0x0A { i += 1 }
                continue
            }
            if d == UInt8(ascii: "\"") || d == UInt8(ascii: "'") {
                i += 1
                while i < n, b[i] != d {
                    if b[i] == 0x5C { i += 1 }
                    i += 1
                }
                i += 1
                continue
            }
            if d == UInt8(ascii: "["), let end = longBracketEnd(from: i) { i = end; continue }
            if d == UInt8(ascii: "{") { depth += 1 }
            if d == UInt8(ascii: "}") {
                depth -= 1
                if depth == 0 { break }
            }
            i += 1
        }
        guard i < n else { throw LexError(offset: open, message: "unexpected end of file in the Lua block of \(directive), expecting \"}\"") }
        pending.append(Token(kind: .word, value: decode(bodyStart..<i), quoted: true, start: open, end: i + 1))
        i += 1
        pending.append(Token(kind: .semicolon, value: ";", quoted: false, start: i - 1, end: i))
    }

    /// For a Lua long bracket `[[`, `[=[`, … starting at `i`: the offset just past its closing bracket.
    private func longBracketEnd(from i: Int) -> Int? {
        let n = b.count
        guard i < n, b[i] == UInt8(ascii: "[") else { return nil }
        var j = i + 1, level = 0
        while j < n, b[j] == UInt8(ascii: "=") { level += 1; j += 1 }
        guard j < n, b[j] == UInt8(ascii: "[") else { return nil }
        j += 1
        while j < n {
            if b[j] == UInt8(ascii: "]") {
                var k = j + 1, l = 0
                while k < n, b[k] == UInt8(ascii: "="), l < level { l += 1; k += 1 }
                if l == level, k < n, b[k] == UInt8(ascii: "]") { return k + 1 }
            }
            j += 1
        }
        return n
    }

    private func decode(_ r: Range<Int>) -> String { String(decoding: b[r], as: UTF8.self) }

    private mutating func intern(_ s: String) -> String {
        guard s.utf8.count > 15 else { return s }
        // Strings compare by canonical equivalence: a word spelled with other bytes (NFD vs NFC) keeps its own.
        if let known = interned[s] { return known.utf8.elementsEqual(s.utf8) ? known : s }
        interned[s] = s
        return s
    }
}
