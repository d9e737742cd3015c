import SSELintCore

/// A JS/TS tokenizer good enough to find calls and literals: comments, quoted strings, template literals with
/// nested `${ … }`, regex literals (told from division by the previous token), numbers, names and punctuators.
/// One pass over the bytes with an explicit brace stack; never recursive, never rescans.
enum JSTokenizer {
    static func tokenize(_ f: SourceFile) -> Tokens {
        var t = Tokens(file: f)
        let b = f.bytes, n = b.count
        // `.jsx`/`.tsx` text is not JS and may hold a lone apostrophe or parenthesis (`<p>Don't (yet)</p>`): no
        // problem is reported there for a string that runs into the end of its line, nor for unbalanced brackets.
        let jsx = f.path.hasSuffix("x")
        var i = t.firstOffset
        // One entry per open `{` or `${`: -1 for a brace, else the offset of the template's opening backquote.
        var braces: [Int] = []
        // A regex scan that failed at this offset: every `/` before it is division (keeps minified lines linear).
        var noRegexBefore = 0
        var reported = Set<Int>()
        // Per open `(`: it follows `if`/`while`/`for`/`with`, so a `/` right after its `)` starts a regex.
        var parens: [Bool] = []
        var conditionClosed = false

        func report(_ at: Int, _ m: String) {
            if reported.insert(at).inserted { t.problem(at: at, m) }
        }
        /// Template characters from `k` (just after a backquote or the `}` of a substitution) to the closing
        /// backquote or the next `${`.
        func template(from k0: Int, tokenStart: Int, backquote: Int, continued: Bool) -> Int {
            var k = k0
            while k < n {
                let c = b[k]
                if c == 0x5C { k += 2; continue }
                if c == 0x60 { t.emit(continued ? .templateTail : .template, tokenStart, k + 1); return k + 1 }
                if c == 0x24, k + 1 < n, b[k + 1] == 0x7B {
                    t.emit(continued ? .templateMiddle : .templateHead, tokenStart, k + 2)
                    braces.append(backquote)
                    return k + 2
                }
                if c == 0x0A { t.lineBreak = true }
                k += 1
            }
            report(backquote, "unterminated template literal")
            t.emit(continued ? .templateTail : .template, tokenStart, n)
            return n
        }

        while i < n {
            let c = b[i]
            switch c {
            case 0x0A: t.lineBreak = true; i += 1
            case 0x20, 0x09, 0x0D, 0x0B, 0x0C: i += 1
            case 0x2F where i + 1 < n && b[i + 1] == 0x2F,
                 0x23 where i == 0 && n > 1 && b[1] == 0x21:
                let start = i
                while i < n, b[i] != 0x0A { i += 1 }
                if b[start] == 0x2F { t.comment(start, i, block: false) }
            case 0x2F where i + 1 < n && b[i + 1] == 0x2A:
                var k = i + 2
                while k + 1 < n, !(b[k] == 0x2A && b[k + 1] == 0x2F) { if b[k] == 0x0A { t.lineBreak = true }; k += 1 }
                if k + 1 >= n { report(i, "unterminated block comment"); i = n } else { t.comment(i, k + 2, block: true); i = k + 2 }
            case 0x27, 0x22:
                var k = i + 1
                while k < n, b[k] != c, b[k] != 0x0A, b[k] != 0x0D {
                    if b[k] == 0x5C { k += b[min(k + 1, n - 1)] == 0x0D && k + 2 < n && b[k + 2] == 0x0A ? 3 : 2 } else { k += 1 }
                }
                if k < n, b[k] == c { k += 1 } else if !jsx { report(i, "unterminated string") }
                k = min(k, n)
                t.emit(.string, i, k)
                i = k
            case 0x60:
                i = template(from: i + 1, tokenStart: i, backquote: i, continued: false)
            case 0x7B:
                braces.append(-1); t.emit(.punct, i, i + 1); i += 1
            case 0x7D:
                let top = braces.popLast() ?? -1
                if top >= 0 { i = template(from: i + 1, tokenStart: i, backquote: top, continued: true) }
                else { t.emit(.punct, i, i + 1); i += 1 }
            case 0x30...0x39:
                let s = i
                i = number(b, i); t.emit(.number, s, i)
            case 0x2E where i + 1 < n && b[i + 1] >= 0x30 && b[i + 1] <= 0x39:
                let s = i
                i = number(b, i); t.emit(.number, s, i)
            case 0x2F where i >= noRegexBefore && regexAllowed(t, conditionClosed):
                if let e = regex(b, i) { t.emit(.regex, i, e); i = e } else {
                    var k = i
                    while k < n, b[k] != 0x0A { k += 1 }
                    noRegexBefore = k
                    let e = punctEnd(b, i); t.emit(.punct, i, e); i = e
                }
            default:
                if isNameByte(c) || c == 0x23 {
                    let e = nameEnd(b, i); t.emit(.name, i, e); i = e
                } else {
                    let e = punctEnd(b, i)
                    if c == 0x28 {
                        let k = t.count - 1
                        parens.append(["if", "while", "for", "with"].contains { t.isName(k, $0) })
                    } else if c == 0x29 { conditionClosed = parens.popLast() ?? false }
                    t.emit(.punct, i, e); i = e
                }
            }
        }
        if let open = braces.first(where: { $0 >= 0 }) { report(open, "unterminated template literal") }
        t.matchBrackets(report: !jsx)
        return t
    }

    /// The end of the name that starts at `i` (name bytes and digits after the first byte).
    static func nameEnd(_ b: [UInt8], _ i: Int) -> Int {
        var e = i + 1
        while e < b.count, isNameByte(b[e]) || (b[e] >= 0x30 && b[e] <= 0x39) { e += 1 }
        return e
    }

    static func isNameByte(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x24 || c >= 0x80
    }

    /// Digits, letters (hex, exponents, `n`), `_`, `.` and a sign right after an exponent `e`.
    static func number(_ b: [UInt8], _ s: Int) -> Int {
        var k = s + 1
        let hex = b[s] == 0x30 && k < b.count && (b[k] | 0x20) == 0x78
        while k < b.count {
            let c = b[k]
            if isNameByte(c) || (c >= 0x30 && c <= 0x39) || c == 0x2E { k += 1; continue }
            if !hex, c == 0x2B || c == 0x2D, (b[k - 1] | 0x20) == 0x65 { k += 1; continue }
            break
        }
        return k
    }

    /// A `/` starts a regex unless it follows something that ends an operand: a name that is not an operator
    /// keyword, a literal, `)` (unless it closes an `if (…)` condition), `]`, `++`/`--`. (`}` usually ends a block, after which a regex can start.)
    static func regexAllowed(_ t: Tokens, _ afterCondition: Bool) -> Bool {
        guard let last = t.toks.last else { return true }
        switch last.kind {
        case .name:
            return ["return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else",
                    "yield", "await", "extends"].contains { t.is(t.count - 1, $0) }
        case .punct:
            if t.is(t.count - 1, ")") { return afterCondition }
            return !(t.is(t.count - 1, "]") || t.is(t.count - 1, "++") || t.is(t.count - 1, "--"))
        case .templateHead, .templateMiddle: return true
        default: return false
        }
    }

    /// End of the regex literal starting at `s` (with its flags); nil when the line ends first.
    static func regex(_ b: [UInt8], _ s: Int) -> Int? {
        var k = s + 1, inClass = false
        while k < b.count {
            switch b[k] {
            case 0x0A, 0x0D: return nil
            case 0x5C: k += 1; if k < b.count, b[k] == 0x0A { return nil }
            case 0x5B: inClass = true
            case 0x5D: inClass = false
            case 0x2F where !inClass:
                k += 1
                while k < b.count, isNameByte(b[k]) { k += 1 }
                return k
            default: break
            }
            k += 1
        }
        return nil
    }

    /// The end of the operator at `s`: the longest of the usual ones (`===`, `=>`, `?.`, `...`, `&&=`, …); any
    /// other byte is a one-byte token.
    static func punctEnd(_ b: [UInt8], _ s: Int) -> Int {
        let n = b.count, c = b[s]
        let d: UInt8 = s + 1 < n ? b[s + 1] : 0, e: UInt8 = s + 2 < n ? b[s + 2] : 0
        switch c {
        case 0x3D, 0x21:                                   // = !
            if c == 0x3D, d == 0x3E { return s + 2 }       // =>
            if d == 0x3D { return e == 0x3D ? s + 3 : s + 2 }
        case 0x2E: if d == 0x2E, e == 0x2E { return s + 3 }  // ...
        case 0x3F:                                         // ?. (not `?.5`), ??, ??=
            if d == 0x2E, !(e >= 0x30 && e <= 0x39) { return s + 2 }
            if d == 0x3F { return e == 0x3D ? s + 3 : s + 2 }
        case 0x2B, 0x2D: if d == c || d == 0x3D { return s + 2 }   // ++ -- += -=
        case 0x26, 0x7C, 0x2A:                             // && || ** and their `=` forms
            if d == c { return e == 0x3D ? s + 3 : s + 2 }
            if d == 0x3D { return s + 2 }
        case 0x3C, 0x3E:                                   // << >> >>> <= >= <<= >>=
            if d == c { return e == 0x3D || (c == 0x3E && e == 0x3E) ? s + 3 : s + 2 }
            if d == 0x3D { return s + 2 }
        case 0x2F, 0x25, 0x5E: if d == 0x3D { return s + 2 }   // /= %= ^=
        default: break
        }
        return s + 1
    }
}
