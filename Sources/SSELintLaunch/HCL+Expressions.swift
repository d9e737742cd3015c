/// HCL's tokens (hclsyntax/scan_tokens.rl): templates in quotes and heredocs are split into literal text and
/// `${`/`%{` … `}` sequences, with a stack of template modes so a `}` is known to close an interpolation or a brace.
struct HCLToken {
    enum Kind: UInt8 {
        case ident, number, oquote, cquote, lit, interp, directive, interpEnd, heredoc, heredocEnd
        case lbrace, rbrace, lbrack, rbrack, lparen, rparen
        case comma, equals, colon, question, dot, ellipsis, arrow, dcolon, binop, minus, star, bang
        case newline, eof
    }
    let kind: Kind
    let start: Int
    let end: Int
    var range: Range<Int> { start..<end }
}

struct HCLLexer {
    enum Mode {
        case quote(open: Int)
        case heredoc(open: Int, marker: Range<Int>)
        /// `${` or `%{`.
        case interp(open: Int)
        /// A `{` inside an interpolation.
        case brace(open: Int)
    }
    let b: [UInt8]
    var i = 0
    var out: [HCLToken] = []
    var modes: [Mode] = []

    init(_ bytes: [UInt8]) {
        b = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
    }

    mutating func run() throws -> [HCLToken] {
        while true {
            switch modes.last {
            case .quote(let open)?: try quoted(open)
            case .heredoc(let open, let marker)?: try heredoc(open, marker)
            default: if try !normal() { return out }
            }
        }
    }

    @inline(__always) func at(_ k: Int) -> UInt8 { k < b.count ? b[k] : 0 }
    mutating func emit(_ k: HCLToken.Kind, _ s: Int, _ e: Int) { out.append(HCLToken(kind: k, start: s, end: e)) }
    mutating func push(_ m: Mode, at: Int) throws {
        guard modes.count < HCLFile.maxDepth else { throw HCLFailure(at: at, message: "nested deeper than \(HCLFile.maxDepth) levels") }
        modes.append(m)
    }

    static func isIdentStart(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A || c == 0x5F || c >= 0x80 }
    static func isIdentContinue(_ c: UInt8) -> Bool { isIdentStart(c) || (c >= 0x30 && c <= 0x39) || c == 0x2D }

    /// In a template, at `$` or `%`: `$${` and `%%{` are literal text; `${` and `%{` open a sequence (true).
    mutating func templateSequence(_ litStart: Int) throws -> Bool {
        let c = b[i]
        if at(i + 1) == c && at(i + 2) == 0x7B { i += 3; return false }
        guard at(i + 1) == 0x7B else { i += 1; return false }
        if i > litStart { emit(.lit, litStart, i) }
        let n = at(i + 2) == 0x7E ? 3 : 2
        emit(c == 0x24 ? .interp : .directive, i, i + n)
        try push(.interp(open: i), at: i)
        i += n
        return true
    }

    /// A quoted template's text up to its closing quote or next sequence. Escapes are checked when decoded.
    mutating func quoted(_ open: Int) throws {
        let s = i
        while i < b.count {
            switch b[i] {
            case 0x22:
                if i > s { emit(.lit, s, i) }
                emit(.cquote, i, i + 1)
                i += 1
                modes.removeLast()
                return
            case 0x0A, 0x0D:
                throw HCLFailure(at: open, message: "unterminated string: the line ends before its closing quote")
            case 0x5C:
                if at(i + 1) == 0x0A || at(i + 1) == 0x0D {
                    throw HCLFailure(at: open, message: "unterminated string: the line ends before its closing quote")
                }
                i += 2
            case 0x24, 0x25:
                if try templateSequence(s) { return }
            default:
                i += 1
            }
        }
        throw HCLFailure(at: open, message: "unterminated string: the file ends before its closing quote")
    }

    /// A heredoc's text, line by line, until a line that holds only its marker (blanks around it allowed).
    mutating func heredoc(_ open: Int, _ marker: Range<Int>) throws {
        let s = i
        while i < b.count {
            if b[i - 1] == 0x0A {
                var j = i
                while j < b.count, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
                let ms = j
                if j + marker.count <= b.count, b[j..<(j + marker.count)].elementsEqual(b[marker]) {
                    j += marker.count
                    let me = j
                    while j < b.count, b[j] == 0x20 || b[j] == 0x09 || b[j] == 0x0D { j += 1 }
                    if j == b.count || b[j] == 0x0A {
                        if i > s { emit(.lit, s, i) }
                        emit(.heredocEnd, ms, me)
                        i = me
                        modes.removeLast()
                        return
                    }
                }
            }
            if b[i] == 0x24 || b[i] == 0x25 {
                if try templateSequence(s) { return }
            } else {
                i += 1
            }
        }
        let name = String(decoding: b[marker], as: UTF8.self)
        throw HCLFailure(at: open, message: "unterminated heredoc: no line holding just \(name.prefix(40)) closes it")
    }

    /// The next token outside template text; false at the end of the file.
    mutating func normal() throws -> Bool {
        while i < b.count {
            let c = b[i]
            switch c {
            case 0x20, 0x09, 0x0D, 0x0B, 0x0C:
                i += 1
            case 0x23:
                while i < b.count, b[i] != 0x0A { i += 1 }
            case 0x2F where at(i + 1) == 0x2F:
                while i < b.count, b[i] != 0x0A { i += 1 }
            case 0x2F where at(i + 1) == 0x2A:
                var j = i + 2
                while j + 1 < b.count, !(b[j] == 0x2A && b[j + 1] == 0x2F) { j += 1 }
                guard j + 1 < b.count else { throw HCLFailure(at: i, message: "unterminated comment: this /* has no */") }
                i = j + 2
            default:
                try token(c)
                return true
            }
        }
        switch modes.last {
        case .interp(let open)?:
            throw HCLFailure(at: open, message: "unterminated template sequence: this '\(Character(UnicodeScalar(b[open])))\u{7B}' has no matching '}'")
        case .brace(let open)?:
            throw HCLFailure(at: open, message: "unbalanced bracket: this '{' has no matching '}'")
        default:
            emit(.eof, b.count, b.count)
            return false
        }
    }

    mutating func token(_ c: UInt8) throws {
        let s = i
        func one(_ k: HCLToken.Kind, _ n: Int = 1) { emit(k, s, s + n); i = s + n }
        let next = at(i + 1)
        switch c {
        case 0x0A: one(.newline)
        case 0x22:
            one(.oquote)
            try push(.quote(open: s), at: s)
        case 0x7B:
            one(.lbrace)
            if !modes.isEmpty { try push(.brace(open: s), at: s) }
        case 0x7D:
            if case .interp? = modes.last { one(.interpEnd); modes.removeLast(); return }
            if case .brace? = modes.last { modes.removeLast() }
            one(.rbrace)
        case 0x7E:
            guard next == 0x7D, case .interp? = modes.last else { throw HCLFailure(at: s, message: "unexpected character '~'") }
            one(.interpEnd, 2)
            modes.removeLast()
        case 0x5B: one(.lbrack)
        case 0x5D: one(.rbrack)
        case 0x28: one(.lparen)
        case 0x29: one(.rparen)
        case 0x2C: one(.comma)
        case 0x3F: one(.question)
        case 0x3A: next == 0x3A ? one(.dcolon, 2) : one(.colon)
        case 0x2E: next == 0x2E && at(i + 2) == 0x2E ? one(.ellipsis, 3) : one(.dot)
        case 0x3D: next == 0x3D ? one(.binop, 2) : next == 0x3E ? one(.arrow, 2) : one(.equals)
        case 0x21: next == 0x3D ? one(.binop, 2) : one(.bang)
        case 0x3E: next == 0x3D ? one(.binop, 2) : one(.binop)
        case 0x3C where next == 0x3C: try heredocStart()
        case 0x3C: next == 0x3D ? one(.binop, 2) : one(.binop)
        case 0x26, 0x7C:
            guard next == c else { throw HCLFailure(at: s, message: "unexpected character '\(Character(UnicodeScalar(c)))' (did you mean '\(Character(UnicodeScalar(c)))\(Character(UnicodeScalar(c)))'?)") }
            one(.binop, 2)
        case 0x2B, 0x2F, 0x25: one(.binop)
        case 0x2D: one(.minus)
        case 0x2A: one(.star)
        case 0x30...0x39:
            i += 1
            while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
            if at(i) == 0x2E, at(i + 1) >= 0x30 && at(i + 1) <= 0x39 {
                i += 2
                while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
            }
            if at(i) | 0x20 == 0x65 {
                var j = i + 1
                if at(j) == 0x2B || at(j) == 0x2D { j += 1 }
                if at(j) >= 0x30 && at(j) <= 0x39 {
                    i = j
                    while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
                }
            }
            emit(.number, s, i)
        default:
            guard Self.isIdentStart(c) else {
                let shown = c >= 0x21 && c < 0x7F ? "'\(Character(UnicodeScalar(c)))'" : "byte 0x" + String(c, radix: 16, uppercase: true)
                throw HCLFailure(at: s, message: "unexpected character \(shown)")
            }
            i += 1
            while i < b.count, Self.isIdentContinue(b[i]) { i += 1 }
            emit(.ident, s, i)
        }
    }

    /// `<<MARKER` or `<<-MARKER`, then a line break; the text follows in heredoc mode.
    mutating func heredocStart() throws {
        let s = i
        var j = i + 2
        if at(j) == 0x2D { j += 1 }
        let ms = j
        let bad = HCLFailure(at: s, message: "a heredoc starts with <<MARKER or <<-MARKER and a line break")
        guard j < b.count, Self.isIdentStart(b[j]) else { throw bad }
        while j < b.count, Self.isIdentContinue(b[j]) { j += 1 }
        let me = j
        if at(j) == 0x0D { j += 1 }
        guard j < b.count, b[j] == 0x0A else { throw bad }
        emit(.heredoc, s, me)
        i = j + 1
        try push(.heredoc(open: s, marker: ms..<me), at: s)
    }
}

extension HCLParser {
    /// An open delimiter while checking an expression.
    struct Frame {
        enum Kind { case root, paren, call, index, tuple, object, forTuple, forObject, interp, directive, quote, heredoc }
        let kind: Kind
        let open: Int
        /// `?` still waiting for their `:`.
        var questions = 0
        /// In an object: after the item's `=` or `:`.
        var valuePhase = false
    }

    /// Checks one expression from `p` (operands and operators alternate, brackets balance, separators sit where
    /// their construct allows them) and returns its tokens; `p` is left at the newline (or end of file, or the `}`
    /// of a one-line block) after it. Iterative: one frame per open bracket or template, at most `maxDepth`.
    mutating func expression(oneLine: Bool) throws -> Range<Int> {
        let start = p
        var stack = [Frame(kind: .root, open: p)]
        var operand = true
        var lenient = 0
        func push(_ k: Frame.Kind, _ at: Int) throws {
            guard stack.count <= HCLFile.maxDepth else { throw fail(toks[at], "nested deeper than \(HCLFile.maxDepth) levels") }
            stack.append(Frame(kind: k, open: at))
        }
        func unclosed(_ f: Frame) -> HCLFailure {
            fail(toks[f.open], "unbalanced bracket: this '\(text(toks[f.open]))' is never closed")
        }
        func close(_ t: HCLToken, _ kinds: Set<Frame.Kind>) throws {
            let top = stack[stack.count - 1]
            guard kinds.contains(top.kind) else {
                if top.kind == .root { throw fail(t, "unbalanced bracket: '\(text(t))' closes nothing") }
                let o = toks[top.open]
                throw fail(t, "unbalanced bracket: '\(text(t))' does not close the '\(text(o))' opened at \(place(o.start))")
            }
            guard top.questions == 0 else { throw fail(t, "expected ':' to complete the conditional before '\(text(t))'") }
            if top.kind == .directive { lenient -= 1 }
            stack.removeLast()
        }
        func skipFor(after q: Int) -> Int {
            var k = q
            while toks[k].kind == .newline { k += 1 }
            return k + 1
        }
        loop: while true {
            let t = toks[p]
            if lenient > 0 {
                // Inside `%{ … }`: only nesting is checked.
                switch t.kind {
                case .lparen: try push(.paren, p)
                case .lbrack: try push(.tuple, p)
                case .lbrace: try push(.object, p)
                case .oquote: try push(.quote, p)
                case .heredoc: try push(.heredoc, p)
                case .interp: try push(.interp, p)
                case .directive: try push(.directive, p); lenient += 1
                case .rparen: try close(t, [.paren])
                case .rbrack: try close(t, [.tuple])
                case .rbrace: try close(t, [.object])
                case .cquote: try close(t, [.quote])
                case .heredocEnd: try close(t, [.heredoc])
                case .interpEnd: try close(t, [.interp, .directive])
                case .eof: throw unclosed(stack[stack.count - 1])
                default: break
                }
                p += 1
                continue
            }
            let top = stack[stack.count - 1]
            if top.kind == .quote || top.kind == .heredoc {
                switch t.kind {
                case .lit: break
                case .interp: try push(.interp, p); operand = true
                case .directive: try push(.directive, p); lenient += 1
                case .cquote where top.kind == .quote, .heredocEnd where top.kind == .heredoc:
                    stack.removeLast(); operand = false
                default: throw fail(t, "unexpected \(describe(t)) in a template")
                }
                p += 1
                continue
            }
            if operand {
                switch t.kind {
                case .newline:
                    if top.kind == .root || (top.kind == .object && top.valuePhase) {
                        throw fail(t, p == start ? "expected a value after '='" : "expected a value before the line break")
                    }
                case .ident:
                    if toks[p + 1].kind == .lparen {
                        p += 1
                        try push(.call, p)
                    } else {
                        operand = false
                    }
                case .number: operand = false
                case .oquote: try push(.quote, p)
                case .heredoc: try push(.heredoc, p)
                case .minus, .bang: break
                case .lparen: try push(.paren, p)
                case .lbrack:
                    if startsWithFor(p + 1) {
                        try push(.forTuple, p); p = skipFor(after: p + 1); continue
                    }
                    try push(.tuple, p)
                case .lbrace:
                    if startsWithFor(p + 1) {
                        try push(.forObject, p); p = skipFor(after: p + 1); continue
                    }
                    try push(.object, p)
                case .rbrack where top.kind == .tuple && canCloseBefore(p):
                    stack.removeLast(); operand = false
                case .rparen where top.kind == .call && canCloseBefore(p):
                    stack.removeLast(); operand = false
                case .rbrace where top.kind == .object && !top.valuePhase:
                    stack.removeLast(); operand = false
                case .eof where top.kind != .root:
                    throw unclosed(top)
                default:
                    throw fail(t, "unexpected \(describe(t)): expected a value")
                }
                p += 1
                continue
            }
            // After a complete operand.
            switch t.kind {
            case .newline:
                switch top.kind {
                case .root: break loop
                case .object:
                    guard top.valuePhase else { throw fail(t, "expected '=' after the object key") }
                    guard top.questions == 0 else { throw fail(t, "expected ':' to complete the conditional before the line break") }
                    stack[stack.count - 1].valuePhase = false
                    operand = true
                default: break
                }
            case .eof:
                guard top.kind == .root else { throw unclosed(top) }
                break loop
            case .rbrace where top.kind == .root && oneLine:
                break loop
            case .binop, .minus, .star:
                operand = true
            case .question:
                stack[stack.count - 1].questions += 1
                operand = true
            case .colon where top.questions > 0:
                stack[stack.count - 1].questions -= 1
                operand = true
            case .colon where top.kind == .object && !top.valuePhase, .equals where top.kind == .object && !top.valuePhase:
                stack[stack.count - 1].valuePhase = true
                operand = true
            case .colon where top.kind == .forTuple || top.kind == .forObject:
                operand = true
            case .dot:
                let n = toks[p + 1].kind
                guard n == .ident || n == .number || n == .star else { throw fail(toks[p + 1], "expected a name after '.'") }
                p += 1
            case .lbrack:
                if toks[p + 1].kind == .star && toks[p + 2].kind == .rbrack { p += 2; break }
                try push(.index, p)
                operand = true
            case .dcolon:
                guard toks[p - 1].kind == .ident, toks[p + 1].kind == .ident else { throw fail(t, "unexpected '::'") }
                p += 1
                if toks[p + 1].kind == .lparen {
                    p += 1
                    try push(.call, p)
                    operand = true
                }
            case .comma where [.call, .tuple, .forTuple, .forObject].contains(top.kind) || (top.kind == .object && top.valuePhase):
                guard top.questions == 0 else { throw fail(t, "expected ':' to complete the conditional before ','") }
                if top.kind == .object { stack[stack.count - 1].valuePhase = false }
                operand = true
            case .ellipsis where top.kind == .call || top.kind == .forObject:
                break
            case .arrow where top.kind == .forObject:
                operand = true
            case .ident where (top.kind == .forTuple || top.kind == .forObject) && (text(t) == "in" || text(t) == "if"):
                operand = true
            case .rparen: try close(t, [.paren, .call])
            case .rbrack: try close(t, [.tuple, .index, .forTuple])
            case .rbrace:
                if top.kind == .object && !top.valuePhase { throw fail(t, "expected '=' after the object key") }
                try close(t, [.object, .forObject])
            case .interpEnd: try close(t, [.interp])
            default:
                throw fail(t, "unexpected \(describe(t)) after a value: expected an operator or a line break")
            }
            p += 1
        }
        guard p > start else { throw fail(toks[p], "expected a value after '='") }
        guard stack[0].questions == 0 else { throw fail(toks[p], "expected ':' to complete the conditional") }
        return start..<p
    }

    /// "line:column" of a byte offset, for messages that point at a second place.
    func place(_ offset: Int) -> String {
        var line = 1, lineStart = 0
        for k in 0..<min(offset, bytes.count) where bytes[k] == 0x0A { line += 1; lineStart = k + 1 }
        return "\(line):\(offset - lineStart + 1)"
    }

    /// Whether the token before `q` (skipping line breaks) lets a tuple or call close there: its opener or a comma.
    func canCloseBefore(_ q: Int) -> Bool {
        var k = q - 1
        while k > 0, toks[k].kind == .newline { k -= 1 }
        return toks[k].kind == .lbrack || toks[k].kind == .lparen || toks[k].kind == .comma
    }
}

extension HCLParser {
    /// The index of the token that closes the one opened at `q` (before `e`), counting every bracket and template.
    func matching(_ q: Int, _ e: Int) -> Int? {
        var depth = 0
        for k in q..<e {
            switch toks[k].kind {
            case .lparen, .lbrack, .lbrace, .oquote, .heredoc, .interp, .directive: depth += 1
            case .rparen, .rbrack, .rbrace, .cquote, .heredocEnd, .interpEnd:
                depth -= 1
                if depth == 0 { return k }
            default: break
            }
        }
        return nil
    }

    /// Splits `s..<e` at the commas (and, for objects, line breaks) outside nested brackets and templates.
    func items(_ s: Int, _ e: Int, newlines: Bool) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var depth = 0, itemStart = s
        for k in s..<e {
            switch toks[k].kind {
            case .lparen, .lbrack, .lbrace, .oquote, .heredoc, .interp, .directive: depth += 1
            case .rparen, .rbrack, .rbrace, .cquote, .heredocEnd, .interpEnd: depth -= 1
            case .comma where depth == 0, .newline where depth == 0 && newlines:
                out.append(itemStart..<k)
                itemStart = k + 1
            default: break
            }
        }
        out.append(itemStart..<e)
        return out.filter { r in r.contains { toks[$0].kind != .newline } }
    }

    /// The value of tokens `s..<e`, an expression `expression(oneLine:)` accepted (or a part of one). Recursion
    /// follows the brackets, which that check bounded to `maxDepth`.
    func value(_ s0: Int, _ e0: Int) throws -> HCLValue {
        var s = s0, e = e0
        while s < e, toks[s].kind == .newline { s += 1 }
        while e > s, toks[e - 1].kind == .newline { e -= 1 }
        guard s < e else { return .expression("") }
        let first = toks[s]
        let raw = String(decoding: bytes[first.start..<toks[e - 1].end], as: UTF8.self)
        let whole = matching(s, e) == e - 1
        switch first.kind {
        case .number where e - s == 1:
            return .number(Double(raw) ?? .infinity)
        case .minus where e - s == 2 && toks[s + 1].kind == .number:
            return .number(-(Double(text(toks[s + 1])) ?? .infinity))
        case .ident:
            if e - s == 1 {
                switch raw {
                case "true": return .bool(true)
                case "false": return .bool(false)
                case "null": return .null
                default: return .reference(raw)
                }
            }
            // A traversal: `.name`, `.0`, `.*`, `[0]`, `[*]`, `["key"]` steps, and nothing else.
            var k = s + 1
            while k < e {
                let n1 = k + 1 < e ? toks[k + 1].kind : .eof, n2 = k + 2 < e ? toks[k + 2].kind : .eof
                if toks[k].kind == .dot, n1 == .ident || n1 == .number || n1 == .star {
                    k += 2
                } else if toks[k].kind == .lbrack, n1 == .number || n1 == .star, n2 == .rbrack {
                    k += 3
                } else if toks[k].kind == .lbrack, n1 == .oquote, n2 == .lit, k + 4 < e, toks[k + 3].kind == .cquote, toks[k + 4].kind == .rbrack {
                    k += 5
                } else {
                    return .expression(raw)
                }
            }
            return .reference(raw)
        case .oquote where whole, .heredoc where whole:
            if toks[(s + 1)..<(e - 1)].allSatisfy({ $0.kind == .lit }) {
                guard first.kind == .heredoc else { return .string(e - s == 3 ? try decodeQuoted(toks[s + 1]) : "") }
                return .string(heredocText(e - s > 2 ? toks[s + 1].start..<toks[e - 2].end : first.end..<first.end,
                                           flush: bytes[first.start + 2] == 0x2D))
            }
            // `"${x}"` is x itself (HCL keeps a lone interpolation's value as it is).
            if toks[s + 1].kind == .interp, matching(s + 1, e) == e - 2 { return try value(s + 2, e - 2) }
        case .lparen where whole:
            return try value(s + 1, e - 1)
        case .lbrack where whole && !startsWithFor(s + 1):
            return .tuple(try items(s + 1, e - 1, newlines: false).map { try value($0.lowerBound, $0.upperBound) })
        case .lbrace where whole:
            if startsWithFor(s + 1) { break }
            let parts = items(s + 1, e - 1, newlines: true)
            var out: [(key: String, value: HCLValue)] = []
            for r in parts {
                var depth = 0
                guard let sep = r.first(where: { k in
                    switch toks[k].kind {
                    case .lparen, .lbrack, .lbrace, .oquote, .heredoc, .interp, .directive: depth += 1
                    case .rparen, .rbrack, .rbrace, .cquote, .heredocEnd, .interpEnd: depth -= 1
                    case .equals, .colon: return depth == 0
                    default: break
                    }
                    return false
                }) else { continue }
                let key: String
                switch try value(r.lowerBound, sep) {
                case .reference(let name) where sep == r.lowerBound + 1: key = name
                case .string(let str) where toks[r.lowerBound].kind == .oquote: key = str
                default: key = String(decoding: bytes[toks[r.lowerBound].start..<toks[sep - 1].end], as: UTF8.self)
                }
                out.append((key: key, value: try value(sep + 1, r.upperBound)))
            }
            return .object(out)
        default:
            break
        }
        return .expression(raw)
    }

    /// Whether the first token from `q` that is not a line break is the keyword `for` (a for expression).
    func startsWithFor(_ q: Int) -> Bool {
        var k = q
        while toks[k].kind == .newline { k += 1 }
        return toks[k].kind == .ident && text(toks[k]) == "for"
    }

    /// A quoted template's literal text with its escapes resolved: `\n \r \t \" \\ \uNNNN \UNNNNNNNN`, `$${`, `%%{`.
    func decodeQuoted(_ t: HCLToken) throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(t.end - t.start)
        var k = t.start
        while k < t.end {
            let c = bytes[k]
            if c == 0x5C {
                let n = k + 1 < t.end ? bytes[k + 1] : 0
                switch n {
                case 0x6E: out.append(0x0A); k += 2
                case 0x72: out.append(0x0D); k += 2
                case 0x74: out.append(0x09); k += 2
                case 0x22, 0x5C: out.append(n); k += 2
                case 0x75, 0x55:
                    let len = n == 0x75 ? 4 : 8
                    var v: UInt32 = 0
                    var j = k + 2
                    while j < min(k + 2 + len, t.end), let d = hexDigit(bytes[j]) { v = v << 4 | d; j += 1 }
                    guard j == k + 2 + len, let scalar = Unicode.Scalar(v) else {
                        throw HCLFailure(at: k, message: "invalid escape sequence: \\\(n == 0x75 ? "u" : "U") takes \(len) hexadecimal digits of a Unicode character")
                    }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    k = j
                default:
                    let shown = n >= 0x21 && n < 0x7F ? String(Character(UnicodeScalar(n))) : "…"
                    throw HCLFailure(at: k, message: "invalid escape sequence \\\(shown) in a string (\\n \\r \\t \\\" \\\\ \\uNNNN \\UNNNNNNNN)")
                }
            } else if c == 0x24 || c == 0x25, k + 2 < t.end, bytes[k + 1] == c, bytes[k + 2] == 0x7B {
                out.append(c); out.append(0x7B); k += 3
            } else {
                out.append(c); k += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    func hexDigit(_ c: UInt8) -> UInt32? {
        switch c {
        case 0x30...0x39: return UInt32(c - 0x30)
        case 0x41...0x46: return UInt32(c - 0x41 + 10)
        case 0x61...0x66: return UInt32(c - 0x61 + 10)
        default: return nil
        }
    }

    /// A heredoc's text without interpolation: `$${` and `%%{` unescaped; for `<<-`, the fewest leading blanks of
    /// any line that is not blank are removed from every such line (as hclsyntax's flushHeredocTemplateParts).
    func heredocText(_ r: Range<Int>, flush: Bool) -> String {
        var lines: [ArraySlice<UInt8>] = []
        var ls = r.lowerBound
        for k in r where bytes[k] == 0x0A { lines.append(bytes[ls...k]); ls = k + 1 }
        if ls < r.upperBound { lines.append(bytes[ls..<r.upperBound]) }
        func blanks(_ l: ArraySlice<UInt8>) -> Int { l.prefix { $0 == 0x20 || $0 == 0x09 }.count }
        func isBlank(_ l: ArraySlice<UInt8>) -> Bool { l.last == 0x0A && l.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A } }
        let strip = flush ? lines.filter { !isBlank($0) }.map(blanks).min() ?? 0 : 0
        var out: [UInt8] = []
        out.reserveCapacity(r.count)
        for l in lines {
            let body = strip > 0 && !isBlank(l) ? l.dropFirst(strip) : l
            var k = body.startIndex
            while k < body.endIndex {
                let c = body[k]
                if c == 0x24 || c == 0x25, k + 2 < body.endIndex, body[k + 1] == c, body[k + 2] == 0x7B {
                    out.append(c); out.append(0x7B); k += 3
                } else {
                    out.append(c); k += 1
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
