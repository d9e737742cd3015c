import SSELintCore

/// A Go tokenizer good enough to find calls and literals: `//` and `/* */` comments (build tags included),
/// interpreted strings, raw strings (multi-line), rune literals, numbers, names and operators. Each token
/// records whether a line break precedes it, which is where Go inserts semicolons.
enum GoTokenizer {
    static func tokenize(_ f: SourceFile) -> Tokens {
        var t = Tokens(file: f)
        let b = f.bytes, n = b.count
        var i = t.firstOffset
        /// A quoted literal (`"…"` or `'…'`) that cannot span lines.
        func quoted(_ q: UInt8, _ what: String) {
            var k = i + 1
            while k < n, b[k] != q, b[k] != 0x0A { k += b[k] == 0x5C && k + 1 < n && b[k + 1] != 0x0A ? 2 : 1 }
            if k < n, b[k] == q { k += 1 } else { t.problem(at: i, "unterminated \(what)") }
            t.emit(.string, i, min(k, n))
            i = min(k, n)
        }
        while i < n {
            let c = b[i]
            switch c {
            case 0x0A: t.lineBreak = true; i += 1
            case 0x20, 0x09, 0x0D, 0x0C: i += 1
            case 0x2F where i + 1 < n && b[i + 1] == 0x2F:                  // `//…`, `//go:build` included
                let start = i
                while i < n, b[i] != 0x0A { i += 1 }
                if b[start] == 0x2F { t.comment(start, i, block: false) }
            case 0x2F where i + 1 < n && b[i + 1] == 0x2A:                  // `/* … */`
                var k = i + 2
                while k + 1 < n, !(b[k] == 0x2A && b[k + 1] == 0x2F) { if b[k] == 0x0A { t.lineBreak = true }; k += 1 }
                if k + 1 >= n { t.problem(at: i, "unterminated block comment"); i = n } else { t.comment(i, k + 2, block: true); i = k + 2 }
            case 0x22: quoted(c, "string")
            case 0x27: quoted(c, "rune literal")
            case 0x60:                                                      // raw string: no escapes, any lines
                var k = i + 1
                while k < n, b[k] != 0x60 { k += 1 }
                if k >= n { t.problem(at: i, "unterminated raw string") } else { k += 1 }
                t.emit(.rawString, i, k)
                i = k
            case 0x30...0x39:
                let s = i
                i = JSTokenizer.number(b, i); t.emit(.number, s, i)
            case 0x2E where i + 1 < n && b[i + 1] >= 0x30 && b[i + 1] <= 0x39:
                let s = i
                i = JSTokenizer.number(b, i); t.emit(.number, s, i)
            default:
                i = t.nameOrPunct(at: i, punctEnd)
            }
        }
        t.matchBrackets()
        return t
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
