import SSELintCore

/// One token of a brace-language file (JS/TS, Go): kind and byte range. Comments are kept apart (`Tokens.comments`).
struct SrcToken {
    enum Kind: UInt8 { case name, number, string, rawString, template, templateHead, templateMiddle, templateTail, regex, punct }
    var kind: Kind
    var start: Int
    var end: Int
    /// A line break separates it from the previous token (Go's automatic semicolons, line-start checks).
    var newlineBefore: Bool
}

/// One pass of a language scanner over a file's tokens: read forward once (`run`), then link what was seen
/// (`finish`).
protocol TokenScan {
    init(_ t: Tokens)
    mutating func run()
    mutating func finish() -> AppFile
}

extension TokenScan {
    static func scan(_ t: Tokens) -> AppFile {
        var s = Self(t)
        s.run()
        return s.finish()
    }
}

/// A function scope of a scan: each `{` of a function body opens one that ends at its `}`, named after the
/// function (`name`, nil for a closure) and after the nearest named one (`named`), with what the scanner records
/// about it (`facts`, read and written as if they were the scope's own properties).
@dynamicMemberLookup
struct FunctionScope<Facts: ScopeFacts> {
    var name: String?
    var named: String?
    var end: Int
    var facts = Facts()

    subscript<T>(dynamicMember path: WritableKeyPath<Facts, T>) -> T {
        get { facts[keyPath: path] }
        set { facts[keyPath: path] = newValue }
    }
}

/// What a scanner records per function scope; starts empty.
protocol ScopeFacts { init() }

protocol ScopedScan: TokenScan {
    associatedtype Facts: ScopeFacts
    var t: Tokens { get }
    var scopes: [FunctionScope<Facts>] { get set }
    /// Route registrations whose arguments are being read: the call's first token and its last.
    var routeCalls: [(route: Int, end: Int)] { get set }
    /// Reads token `i` (the scopes and route calls that ended before it are closed).
    mutating func step(_ i: Int)
    /// Leaves the innermost scope (a scanner records what the function did there).
    mutating func popScope()
}

extension ScopedScan {
    /// The forward pass: the file's own scope first, then each token in order.
    mutating func run() {
        scopes = [FunctionScope(name: nil, named: nil, end: t.count)]
        for i in 0..<t.count {
            closeScopes(before: i)
            while let l = routeCalls.last, i > l.end { routeCalls.removeLast() }
            step(i)
        }
    }

    /// Leaves every scope that ended before token `i`.
    mutating func closeScopes(before i: Int) {
        while scopes.count > 1, i > scopes[scopes.count - 1].end { popScope() }
    }

    /// Enters the body whose `{` is token `i`, of the function `name` ("" for a closure).
    mutating func enterBody(at i: Int, of name: String) {
        let end = t.partner[i] > i ? t.partner[i] : t.count
        scopes.append(FunctionScope(name: name.isEmpty ? nil : name, named: name.isEmpty ? scopes[scopes.count - 1].named : name, end: end))
    }
}

/// The tokens of one file, the partner of every bracket (-1 when unmatched) and helpers that read the file's
/// bytes without copying. Shared by the JS, Go and Rust scanners.
struct Tokens {
    let file: SourceFile
    let bytes: [UInt8]
    var toks: [SrcToken] = []
    var partner: [Int] = []
    var problems: [InputError] = []
    /// `//` and `/* */` comments (for inline suppressions); their text without the markers.
    var comments: [Comment] = []

    /// Set at a line break; the next token records it (`newlineBefore`).
    var lineBreak = true

    init(file: SourceFile) {
        self.file = file; self.bytes = file.bytes
        toks.reserveCapacity(bytes.count / 5)
    }

    /// Where the first token may start: after a UTF-8 byte-order mark.
    var firstOffset: Int { bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0 }

    /// The loop the Go and Rust tokenizers share: line breaks, blanks and `//` comments are read here; `token`
    /// reads whatever starts at `i` (emitting it) and returns where the next token may start.
    static func read(_ f: SourceFile, _ token: (inout Tokens, Int) -> Int) -> Tokens {
        var t = Tokens(file: f)
        let b = f.bytes, n = b.count
        var i = t.firstOffset
        while i < n {
            switch b[i] {
            case 0x0A: t.lineBreak = true; i += 1
            case 0x20, 0x09, 0x0D, 0x0C: i += 1
            case 0x2F where i + 1 < n && b[i + 1] == 0x2F:                  // `//…` (Go's `//go:build` too)
                let start = i
                while i < n, b[i] != 0x0A { i += 1 }
                t.comment(start, i, block: false)
            default: i = token(&t, i)
            }
        }
        t.matchBrackets()
        return t
    }

    /// Emits the name that starts at `i` (a letter, `_` or any non-ASCII byte first), else the punctuation that
    /// `punctEnd` delimits; returns where the next token may start.
    mutating func nameOrPunct(at i: Int, _ punctEnd: ([UInt8], Int) -> Int) -> Int {
        let c = bytes[i]
        let isName = (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c >= 0x80
        let e = isName ? JSTokenizer.nameEnd(bytes, i) : punctEnd(bytes, i)
        emit(isName ? .name : .punct, i, e)
        return e
    }

    mutating func emit(_ k: SrcToken.Kind, _ s: Int, _ e: Int) {
        toks.append(SrcToken(kind: k, start: s, end: e, newlineBefore: lineBreak))
        lineBreak = false
    }

    var count: Int { toks.count }
    subscript(i: Int) -> SrcToken { toks[i] }

    func text(_ i: Int) -> String { file.text(toks[i].start..<toks[i].end) }

    mutating func comment(_ start: Int, _ end: Int, block: Bool) {
        let inner = (start + 2)..<max(start + 2, block && end - start >= 4 ? end - 2 : end)
        comments.append(Comment(text: file.text(inner), start: start, end: end))
    }
    func range(_ i: Int) -> Range<Int> { toks[i].start..<toks[i].end }
    func range(_ from: Int, _ to: Int) -> Range<Int> { toks[from].start..<toks[to].end }

    /// Token `i` exists and is spelled `s` (any kind). StaticString keeps this a byte compare even unoptimized.
    func `is`(_ i: Int, _ s: StaticString) -> Bool {
        guard i >= 0, i < toks.count else { return false }
        let t = toks[i], n = s.utf8CodeUnitCount
        guard t.end - t.start == n else { return false }
        let p = s.utf8Start
        for k in 0..<n where bytes[t.start + k] != p[k] { return false }
        return true
    }

    func isName(_ i: Int) -> Bool { i >= 0 && i < toks.count && toks[i].kind == .name }
    func isName(_ i: Int, _ s: StaticString) -> Bool { isName(i) && self.is(i, s) }

    /// A string literal whose value is known: quoted strings (escapes decoded) and Go raw strings. Template
    /// literals count as unknown values.
    func stringValue(_ i: Int) -> String? {
        guard i >= 0, i < toks.count else { return nil }
        let t = toks[i]
        switch t.kind {
        case .rawString:
            let inner = bytes[min(t.start + 1, t.end)..<max(t.start + 1, t.end - 1)].filter { $0 != 0x0D }
            return String(decoding: inner, as: UTF8.self)
        case .string:
            let q = bytes[t.start]
            let last = t.end - 1 > t.start && bytes[t.end - 1] == q ? t.end - 1 : t.end
            return Self.unescape(bytes[(t.start + 1)..<last])
        default: return nil
        }
    }

    /// Common escapes (`\n`, `\t`, `\xHH`, `\uHHHH`, `\u{…}`, line continuations); any other escaped character
    /// stands for itself.
    static func unescape(_ s: ArraySlice<UInt8>) -> String {
        guard s.contains(0x5C) else { return String(decoding: s, as: UTF8.self) }
        var out: [UInt8] = [], k = s.startIndex
        func hex(_ from: Int, _ n: Int) -> UInt32? {
            guard from + n <= s.endIndex, n > 0 else { return nil }
            return UInt32(String(decoding: s[from..<from + n], as: UTF8.self), radix: 16)
        }
        func scalar(_ v: UInt32?) { if let v, let u = Unicode.Scalar(v) { out.append(contentsOf: Array(String(Character(u)).utf8)) } }
        while k < s.endIndex {
            guard s[k] == 0x5C, k + 1 < s.endIndex else { out.append(s[k]); k += 1; continue }
            let e = s[k + 1]
            k += 2
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "0"): out.append(0)
            case 0x0A: break
            case UInt8(ascii: "x"): scalar(hex(k, 2)); k = min(k + 2, s.endIndex)
            case UInt8(ascii: "u"):
                if k < s.endIndex, s[k] == UInt8(ascii: "{"), let close = s[k...].firstIndex(of: UInt8(ascii: "}")) {
                    scalar(hex(k + 1, close - k - 1)); k = close + 1
                } else { scalar(hex(k, 4)); k = min(k + 4, s.endIndex) }
            default: out.append(e)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// 1 `(`, 2 `[`, 3 `{`, 4 template head; negative for the closers; 0 otherwise.
    func bracket(_ i: Int) -> Int {
        let t = toks[i]
        switch t.kind {
        case .templateHead: return 4
        case .templateTail: return -4
        case .punct where t.end == t.start + 1:
            switch bytes[t.start] {
            case UInt8(ascii: "("): return 1
            case UInt8(ascii: ")"): return -1
            case UInt8(ascii: "["): return 2
            case UInt8(ascii: "]"): return -2
            case UInt8(ascii: "{"): return 3
            case UInt8(ascii: "}"): return -3
            default: return 0
            }
        default: return 0
        }
    }

    /// Pairs brackets with an explicit stack. A closer matches an opener among the top few (skipping unclosed
    /// ones), so recovery stays linear; the first imbalance becomes a problem when `report` is set, unless the
    /// lexer already reported one.
    mutating func matchBrackets(report: Bool = true) {
        partner = Array(repeating: -1, count: toks.count)
        var stack: [Int] = []
        var bad: Int?
        for i in toks.indices {
            let c = bracket(i)
            if c > 0 { stack.append(i); continue }
            guard c < 0 else { continue }
            var k = stack.count - 1
            while k >= 0, stack.count - k <= 8, bracket(stack[k]) != -c { k -= 1 }
            guard k >= 0, stack.count - k <= 8 else { bad = bad ?? i; continue }
            if k < stack.count - 1 { bad = min(bad ?? stack[k + 1], stack[k + 1]) }
            partner[stack[k]] = i
            partner[i] = stack[k]
            stack.removeSubrange(k...)
        }
        if let first = stack.first { bad = min(bad ?? first, first) }
        if let bad, report, problems.isEmpty {
            let what = bracket(bad) > 0 ? "'\(text(bad).suffix(2))' is never closed" : "'\(text(bad).prefix(1))' closes nothing"
            problem(at: toks[bad].start, "unbalanced brackets: \(what)")
        }
    }

    mutating func problem(at offset: Int, _ message: String) {
        problems.append(InputError(at: file.position(of: offset), in: file, message))
    }

    /// Token ranges of the arguments between bracket `open` and its partner, split at top-level commas;
    /// nil when the bracket is unclosed. A trailing comma adds no argument.
    func args(_ open: Int) -> [Range<Int>]? {
        guard open >= 0, open < toks.count, partner[open] > open else { return nil }
        let close = partner[open]
        var out: [Range<Int>] = [], s = open + 1, k = open + 1
        while k < close {
            if bracket(k) > 0, partner[k] > k { k = partner[k] + 1; continue }
            if self.is(k, ",") { out.append(s..<k); s = k + 1 }
            k += 1
        }
        if s < close { out.append(s..<close) }
        return out
    }

    /// The byte offset where the line holding `offset` starts, when only blanks precede `offset` on it.
    func lineStartIfFirst(_ offset: Int) -> Int? {
        var k = offset
        while k > 0, bytes[k - 1] == 0x20 || bytes[k - 1] == 0x09 { k -= 1 }
        return k == 0 || bytes[k - 1] == 0x0A ? k : nil
    }

    func line(_ offset: Int) -> Int { file.position(of: offset).line }
}

extension Insertion {
    /// Entries go before the closing brace `close` of the literal opened at `open` (after its last entry, so a
    /// trailing comma stays last); `indent` is the entries' indentation when the literal spans lines.
    static func literal(_ t: Tokens, open: Int, close: Int, style: Style) -> Insertion {
        let empty = close == open + 1
        var last = close - 1
        if !empty, t.is(last, ","), last > open + 1 { last -= 1 }
        let offset = empty ? t[open].end : t[last].end
        var indent: String?
        if t.line(t[open].start) != t.line(t[close].start) {
            if !empty, t.lineStartIfFirst(t[open + 1].start) != nil { indent = t.file.indentation(ofLineContaining: t[open + 1].start) }
            else { indent = t.file.indentation(ofLineContaining: t[close].start) + "  " }
        }
        return Insertion(offset: offset, style: style, needsSeparator: !empty, entryIndent: indent)
    }
}

extension AppFile {
    /// The end of a scan, shared by the JS and Go scanners: responses not yet placed get the route whose handler
    /// is their function (else `fallbackRoute`); header groups of named middleware (`app.use(name)`) become
    /// middleware headers; only responses that stream or declare a media type are kept, in source order.
    mutating func settle(_ resp: [AppResponse], groups: [Int], dropped: Set<Int>, useNames: Set<String>, fallbackRoute: Int? = nil) {
        var resp = resp, dropped = dropped
        var byHandler: [String: Int] = [:]
        for (k, r) in routes.enumerated() { if let h = r.handler, byHandler[h] == nil { byHandler[h] = k } }
        for k in resp.indices where resp[k].route == nil {
            resp[k].route = resp[k].function.flatMap { byHandler[$0] } ?? fallbackRoute
        }
        for g in groups where resp[g].route == nil && useNames.contains(resp[g].function ?? "") {
            middlewareHeaders.append(contentsOf: resp[g].headers)
            dropped.insert(g)
        }
        for (k, var r) in resp.enumerated() where !dropped.contains(k) {
            guard r.mediaType != nil || r.mediaTypeDynamic || r.streams else { continue }
            if r.mediaType == nil, !r.mediaTypeDynamic { r.mediaTypeInsertion = r.headerInsertion }
            responses.append(r)
        }
        responses.sort { $0.range.lowerBound < $1.range.lowerBound }
    }
}

public enum RoutePath {
    /// The router name of NestJS controller routes, which `setGlobalPrefix` prefixes across files.
    public static let nestRouter = "@nest"
    /// A prefix the code sets but not as a literal: the route is matched against proxy locations by its tail.
    public static let unknownPrefix = "/{…}"
    /// A mount or group prefix applied to a route path (`/api` + `/` is `/api`).
    static func join(_ prefix: String, _ path: String) -> String {
        var p = prefix
        while p.hasSuffix("/") { p.removeLast() }
        return path == "/" ? (p.isEmpty ? "/" : p) : p + path
    }
}
