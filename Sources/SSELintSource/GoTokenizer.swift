import SSELintCore

/// A Go tokenizer good enough to find calls and literals: `//` and `/* */` comments (build tags included),
/// interpreted strings, raw strings (multi-line), rune literals, numbers, names and operators. Each token
/// records whether a line break precedes it, which is where Go inserts semicolons.
enum GoTokenizer {
    static func tokenize(_ f: SourceFile) -> Tokens {
        Tokens.read(f) { t, i in
            let b = t.bytes, n = b.count, c = b[i]
            switch c {
            case 0x2F where i + 1 < n && b[i + 1] == 0x2A:                  // `/* … */`
                var k = i + 2
                while k + 1 < n, !(b[k] == 0x2A && b[k + 1] == 0x2F) { if b[k] == 0x0A { t.lineBreak = true }; k += 1 }
                if k + 1 >= n { t.problem(at: i, "unterminated block comment"); return n }
                t.comment(i, k + 2, block: true)
                return k + 2
            case 0x22: return quoted(&t, at: i, "string")
            case 0x27: return quoted(&t, at: i, "rune literal")
            case 0x60:                                                      // raw string: no escapes, any lines
                var k = i + 1
                while k < n, b[k] != 0x60 { k += 1 }
                if k >= n { t.problem(at: i, "unterminated raw string") } else { k += 1 }
                t.emit(.rawString, i, k)
                return k
            case 0x30...0x39:
                let e = JSTokenizer.number(b, i)
                t.emit(.number, i, e)
                return e
            case 0x2E where i + 1 < n && b[i + 1] >= 0x30 && b[i + 1] <= 0x39:  // .5
                let e = JSTokenizer.number(b, i)
                t.emit(.number, i, e)
                return e
            default:
                return t.nameOrPunct(at: i, punctEnd)
            }
        }
    }

    /// A quoted literal (`"…"` or `'…'`, the quote at `i`) that cannot span lines.
    static func quoted(_ t: inout Tokens, at i: Int, _ what: String) -> Int {
        let b = t.bytes, n = b.count, q = b[i]
        var k = i + 1
        while k < n, b[k] != q, b[k] != 0x0A { k += b[k] == 0x5C && k + 1 < n && b[k + 1] != 0x0A ? 2 : 1 }
        if k < n, b[k] == q { k += 1 } else { t.problem(at: i, "unterminated \(what)") }
        t.emit(.string, i, min(k, n))
        return min(k, n)
    }

    /// `:=`, `...`, `<-`, comparison and logical operators, `++`/`--`, and `op=` forms; else one byte.
    static func punctEnd(_ b: [UInt8], _ s: Int) -> Int {
        let c = b[s], d: UInt8 = s + 1 < b.count ? b[s + 1] : 0
        if c == 0x2E, d == 0x2E, s + 2 < b.count, b[s + 2] == 0x2E { return s + 3 }          // ...
        if c == 0x3C, d == 0x2D { return s + 2 }                                           // <-
        if d == 0x3D, "=:!<>+-*/%&|^".utf8.contains(c) { return s + 2 }                    // := == != <= … +=
        if d == c, "&|+-<>".utf8.contains(c) { return s + 2 }                              // && || ++ -- << >>
        return s + 1
    }
}
