import SSELintCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tokens of nginx's configuration language, following nginx's (and crossplane's) lexer: `{`, `}` and `;`
/// end words; `#` starts a comment only at the start of a word; quotes group only at the start of a word;
/// `${var}` keeps its braces; a backslash escapes the next byte; `*_by_lua_block` bodies are one raw token.
///
/// Plain data: a word's or comment's text is asked of the lexer (`value(_:)`) by the parser when it keeps it (a
/// String in every token was copied and destroyed with it: a tenth of lexing, and a name's text is rarely needed).
struct Token {
    /// `end`: no more input (a token, not nil: destroying an optional token went through its value witnesses,
    /// which was 2% of a large config's run).
    enum Kind { case word, open, close, semicolon, comment, end }
    let kind: Kind
    let quoted: Bool
    let start: Int
    let end: Int
    /// For a directive name nginx knows: -2 - its key (`NginxNames`). For another name: its id among the lexer's
    /// interned words (`word(_:)`). Else -1.
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
    /// A Lua block's tokens, handed out before the text after it is read.
    private var pending: [Token] = []
    /// Their texts, by start offset (a Lua block's body is its bytes inside the braces).
    private var pendingValues: [Int: String] = [:]
    /// The last quoted word's text, its escapes undone (what `value(_:)` makes a String of).
    private var quotedBytes: [UInt8] = []
    /// One copy of each long word (directive names and values repeat in every server of a large config; a word of
    /// at most 15 bytes is stored inline and needs none), found by its bytes (a String made per lookup and hashed by
    /// Swift's hasher was half of lexing); its String kept apart (a probe that copied the String paid a retain and a
    /// release).
    private var table: WordTable
    private var values: [String] = []

    /// Words already made by the lexers of the other files this worker parsed, or earlier in this part of a large
    /// file (nil: this file's own table only).
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

    /// The next token; at the end of input, one of kind `end`. The scans keep their offset in a local, stored once
    /// per token (the property was written back at every byte).
    mutating func next() throws -> Token {
        if !pending.isEmpty {
            let t = pending.removeFirst()
            if t.kind != .word { nextIsDirective = true }
            return t
        }
        let n = b.count
        var j = i
        while j < n, Lexer.isSpace(b[j]) { j &+= 1 }
        guard j < n else { i = j; return Token(kind: .end, quoted: false, start: n, end: n) }
        let start = j
        let c = b[j]
        switch c {
        case UInt8(ascii: "#"):
            while j < n, b[j] != 0x0A { j &+= 1 }
            i = j
            var e = j
            if e > start + 1, b[e - 1] == 0x0D { e -= 1 }
            return Token(kind: .comment, quoted: false, start: start, end: e)
        case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ";"):
            i = j + 1
            nextIsDirective = true
            return Token(kind: c == UInt8(ascii: "{") ? .open : c == UInt8(ascii: "}") ? .close : .semicolon, quoted: false, start: start, end: i)
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            j += 1
            quotedBytes.removeAll(keepingCapacity: true)
            while true {
                guard j < n else {
                    i = j
                    throw LexError(offset: start, message: "unterminated string: missing closing \(String(UnicodeScalar(c)))")
                }
                let d = b[j]
                if d == 0x5C, j + 1 < n {
                    if b[j + 1] == c { quotedBytes.append(c) } else { quotedBytes.append(d); quotedBytes.append(b[j + 1]) }
                    j += 2
                    continue
                }
                if d == c { j += 1; break }
                quotedBytes.append(d)
                j += 1
            }
            i = j
            let id = nextIsDirective ? quotedBytes.withUnsafeBufferPointer { internName($0) } : -1
            let t = Token(kind: .word, quoted: true, start: start, end: j, id: id)
            try afterWord(t)
            return t
        default:
            while j < n {
                let d = b[j]
                // Most bytes of a word are none of the ones looked at below: one table lookup each.
                if !stops[Int(d)] { j &+= 1; continue }
                if d == 0x5C { j = min(n, j + 2); continue }
                if Lexer.isSpace(d) || d == UInt8(ascii: ";") || d == UInt8(ascii: "}") { break }
                if d == UInt8(ascii: "{") {
                    // `${name}` keeps its braces as part of the word.
                    if j > start, b[j - 1] == UInt8(ascii: "$") {
                        while j < n, b[j] != UInt8(ascii: "}"), !Lexer.isSpace(b[j]) { j &+= 1 }
                        if j < n, b[j] == UInt8(ascii: "}") { j += 1 }
                        continue
                    }
                    break
                }
                j &+= 1
            }
            i = j
            let id = nextIsDirective ? internName(UnsafeBufferPointer(rebasing: b[start..<j])) : -1
            let t = Token(kind: .word, quoted: false, start: start, end: j, id: id)
            try afterWord(t)
            return t
        }
    }

    /// The text of `t`, the token `next()` returned last: a comment's without its `#`, a word's without its quotes
    /// and escapes. A directive name's is `name(_:)`.
    mutating func value(_ t: Token) -> String {
        if t.kind == .comment { return decode(t.start + 1..<t.end) }
        if !pendingValues.isEmpty, let v = pendingValues.removeValue(forKey: t.start) { return v }
        if t.quoted { return quotedBytes.withUnsafeBufferPointer { argument($0) } }
        return argument(UnsafeBufferPointer(rebasing: b[t.start..<t.end]))
    }

    /// The name a directive token spells (from its id: names are interned as read).
    func name(_ t: Token) -> String { t.id <= -2 ? known.strings[Int(-2 - t.id)] : t.id >= 0 ? values[Int(t.id)] : "" }

    /// What follows a word: the body of a `*_by_lua_block` directive (as pending tokens).
    @inline(__always) private mutating func afterWord(_ t: Token) throws {
        defer { nextIsDirective = false }
        // By bytes first (String's hasSuffix compares Characters: 7% of lexing, asked of every directive; an unquoted
        // word's value is its bytes in the text), then as before for the few that end so.
        guard nextIsDirective, t.end - t.start >= 13,
              t.quoted ? quotedBytes.withUnsafeBufferPointer(Lexer.endsLuaBlock) : Lexer.endsLuaBlock(UnsafeBufferPointer(rebasing: b[(t.end - 13)..<t.end]))
        else { return }
        let directive = name(t)
        if directive.hasSuffix("_by_lua_block") { try lexLuaBlock(directive: directive) }
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
            if i > s {
                pending.append(Token(kind: .word, quoted: false, start: s, end: i))
                pendingValues[s] = decode(s..<i)
            }
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
        pending.append(Token(kind: .word, quoted: true, start: open, end: i + 1))
        pendingValues[open] = decode(bodyStart..<i)
        i += 1
        pending.append(Token(kind: .semicolon, quoted: false, start: i - 1, end: i))
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

    /// An interned word by id (every directive name nginx does not know, and the file's long words).
    func word(_ id: Int) -> String { values[id] }

    /// A directive name's id: -2 - its key for a name nginx knows (whose String the process made once: each of
    /// thousands of small files met each of its names for the first time in a table of its own), else its id in
    /// this file's table (the parser keeps names by id).
    private mutating func internName(_ w: UnsafeBufferPointer<UInt8>) -> Int32 {
        if let key = known.index(of: w, hash: KnownNames.hash(w)) { return -2 - key }
        return tableID(w, hash: fnv1a(w))
    }

    /// An argument's String. One of at most 15 bytes is stored inline (no copy kept) and taken from the shared
    /// table's latest short words when there is one; a longer one is kept once per file, or once among the files
    /// that share words (found in the shared table only: kept in this file's table too, each of a split config's
    /// thousands of files hashed and stored its words twice), in this file's table once the shared one is full.
    private mutating func argument(_ w: UnsafeBufferPointer<UInt8>) -> String {
        guard w.count > 15 else { return shared?.shortString(w) ?? String(decoding: w, as: UTF8.self) }
        let h = fnv1a(w)
        if let shared, let s = shared.string(w, hash: h) { return s }
        return values[Int(tableID(w, hash: h))]
    }

    /// The id of `w` in this file's table, added if new.
    private mutating func tableID(_ w: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int32 {
        let (found, slot) = table.find(w, hash: h)
        if found >= 0 { return found }
        let value = (w.count > 15 ? shared?.string(w, hash: h) : nil) ?? String(decoding: w, as: UTF8.self)
        let id = table.insert(w, hash: h, at: slot)
        values.append(value)
        return id
    }
}
