import SSELintCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tokens of nginx's configuration language, following nginx's (and crossplane's) lexer: `{`, `}` and `;`
/// end words; `#` starts a comment only at the start of a word; quotes group only at the start of a word;
/// `${var}` keeps its braces; a backslash escapes the next byte; `*_by_lua_block` bodies are one raw token.
struct Token {
    /// `end`: no more input (a token, not nil: destroying an optional token went through its value witnesses,
    /// which was 2% of a large config's run).
    enum Kind { case word, open, close, semicolon, comment, end }
    let kind: Kind
    let value: String
    let quoted: Bool
    let start: Int
    let end: Int
    /// For a directive name nginx knows: -2 - its key (`NginxNames`). For another name (and a word over 15 bytes):
    /// its id among the lexer's interned words (`word(_:)`). Else -1.
    var id: Int32 = -1
}

struct LexError: Error {
    let offset: Int
    let message: String
}

struct Lexer {
    /// The file's bytes, borrowed for the parse (no bounds check per byte read in release builds).
    private let b: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var nextIsDirective = true
    private var pending: [Token] = []
    /// One copy of each long word (directive names and values repeat in every server of a large config; a word of
    /// at most 15 bytes is stored inline and needs none), found by its bytes (a String made per lookup and hashed by
    /// Swift's hasher was half of lexing); its String kept apart (a probe that copied the String paid a retain and a
    /// release).
    private var table: WordTable
    private var values: [String] = []

    /// Long words already made by the lexers of other files (nil: this file's own).
    private let shared: SharedWords?
    /// The names nginx knows, held for the file.
    private let known = NginxNames.knownTable

    init(_ bytes: UnsafeBufferPointer<UInt8>, shared: SharedWords? = nil) { self.init(bytes, range: 0..<bytes.count, shared: shared) }
    /// Lexes `bytes[range]` only, with offsets still counted from the start of `bytes` (one part of a large file).
    init(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, shared: SharedWords? = nil) {
        b = UnsafeBufferPointer(rebasing: bytes[..<range.upperBound])
        i = range.lowerBound
        self.shared = shared
        // Sized to the text (it grows when half full): a fixed 1,024 slots for each of thousands of small included
        // files was a sixth of their lexing.
        // With shared words it holds only the names nginx does not know: none in most files, so it is made when
        // the first comes (its four buffers were made and freed for each of a split config's thousands).
        var size = shared == nil ? 64 : 0
        while size > 0, size < 1024, size * 32 < range.count { size <<= 1 }
        // Room for the words the table holds before it grows (thousands of small files grew each array from empty).
        table = WordTable(slots: size, bytesPerWord: 16)
        if size > 0 { values.reserveCapacity(size / 2) }
    }

    /// Bytes that end an unquoted word or need a closer look there: white space, `;`, `{`, `}` and `\`.
    private let stops = Lexer.stopTable
    nonisolated(unsafe) private static let stopTable: UnsafePointer<Bool> = {
        let t = UnsafeMutablePointer<Bool>.allocate(capacity: 256)
        t.initialize(repeating: false, count: 256)
        for c: UInt8 in [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0x3B, 0x7B, 0x7D, 0x5C] { t[Int(c)] = true }
        return UnsafePointer(t)
    }()

    private static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0B || c == 0x0C
    }

    /// The next token; at the end of input, one of kind `end`.
    mutating func next() throws -> Token {
        if !pending.isEmpty {
            let t = pending.removeFirst()
            if t.kind != .word { nextIsDirective = true }
            return t
        }
        let n = b.count
        while i < n, Lexer.isSpace(b[i]) { i += 1 }
        guard i < n else { return Token(kind: .end, value: "", quoted: false, start: n, end: n) }
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
            // Literals: a String made from the byte cost more than the rest of the token.
            if c == UInt8(ascii: "{") { return Token(kind: .open, value: "{", quoted: false, start: start, end: i) }
            if c == UInt8(ascii: "}") { return Token(kind: .close, value: "}", quoted: false, start: start, end: i) }
            return Token(kind: .semicolon, value: ";", quoted: false, start: start, end: i)
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
            let (v, id) = value.withUnsafeBufferPointer { intern($0) }
            try afterWord(v, quoted: true, start: start, end: i)
            return Token(kind: .word, value: v, quoted: true, start: start, end: i, id: id)
        default:
            while i < n {
                let d = b[i]
                // Most bytes of a word are none of the ones looked at below: one table lookup each.
                if !stops[Int(d)] { i += 1; continue }
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
            let end = i
            let (v, id) = intern(UnsafeBufferPointer(rebasing: b[start..<end]))
            try afterWord(v, quoted: false, start: start, end: end)
            return Token(kind: .word, value: v, quoted: false, start: start, end: end, id: id)
        }
    }

    /// What follows a word: the body of a `*_by_lua_block` directive (as pending tokens). Given the word's parts
    /// rather than its token, which a copy in and out cost a retain and a release per word.
    @inline(__always) private mutating func afterWord(_ value: String, quoted: Bool, start: Int, end: Int) throws {
        defer { nextIsDirective = false }
        // By bytes first (String's hasSuffix compares Characters: 7% of lexing, asked of every directive; an unquoted
        // word's value is its bytes in the text), then as before for the few that end so.
        if nextIsDirective, end - start >= 13,
           quoted ? withUTF8Bytes(value, Lexer.endsLuaBlock) : Lexer.endsLuaBlock(UnsafeBufferPointer(rebasing: b[(end - 13)..<end])),
           value.hasSuffix("_by_lua_block") {
            try lexLuaBlock(directive: value)
        }
    }

    /// Whether a directive name ends in `_by_lua_block`.
    private static func endsLuaBlock(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let suffix: StaticString = "_by_lua_block"
        let n = suffix.utf8CodeUnitCount
        return b.count >= n && memcmp(b.baseAddress! + b.count - n, suffix.utf8Start, n) == 0
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

    /// The id of a directive name (-2 - its key for a name nginx knows) the lexer did not intern as one (kept for
    /// safety; names are interned as read).
    mutating func nameID(_ t: Token) -> Int32 {
        if t.id >= 0 || t.id <= -2 { return t.id }
        let saved = nextIsDirective
        nextIsDirective = true
        defer { nextIsDirective = saved }
        return Array(t.value.utf8).withUnsafeBufferPointer { intern($0).1 }
    }

    /// An interned word by id (every directive name nginx does not know, and the file's long words).
    func word(_ id: Int) -> String { values[id] }

    private mutating func intern(_ w: UnsafeBufferPointer<UInt8>) -> (String, Int32) {
        // Directive names always (the parser keeps their ids), other words only when long.
        guard w.count > 15 || nextIsDirective else { return (String(decoding: w, as: UTF8.self), -1) }
        // A name nginx knows: its key and its String, made once for the process, from the process's table (each of
        // thousands of small files met each of its names for the first time in a table of its own).
        if nextIsDirective, let key = known.index(of: w, hash: KnownNames.hash(w)) { return (known.strings[Int(key)], -2 - key) }
        let h = fnv1a(w)
        // An argument's long word, when files share their words: found in the shared table only (kept in this
        // file's table too, each of a split config's thousands of files hashed and stored its words twice). Only a
        // directive name's id is ever asked for.
        if !nextIsDirective, let shared { return (shared.string(w, hash: h), -1) }
        let (found, slot) = table.find(w, hash: h)
        if found >= 0 { return (values[Int(found)], found) }
        let value = (w.count > 15 ? shared?.string(w, hash: h) : nil) ?? String(decoding: w, as: UTF8.self)
        let id = table.insert(w, hash: h, at: slot)
        values.append(value)
        return (value, id)
    }
}
