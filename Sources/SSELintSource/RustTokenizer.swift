import SSELintCore

/// A Rust tokenizer good enough to find calls, attributes and literals: `//` and nested `/* */` comments, strings
/// (which may span lines), raw strings (`r"…"`, `r#"…"#`), byte strings, char literals told from lifetimes (`'a`),
/// numbers, names and operators (`::`, `->`, `=>` as one token).
enum RustTokenizer {
    static func tokenize(_ f: SourceFile) -> Tokens {
        Tokens.read(f) { t, i in
            let b = t.bytes, n = b.count, c = b[i]
            switch c {
            case 0x22: return string(&t, from: i, token: i)
            case 0x27:
                // A char literal (`'x'`, `'\n'`, `'\u{1F600}'`, a multi-byte char) or a lifetime/label (`'a`).
                var k = i + 1
                if k < n, b[k] == 0x5C {
                    k += 2
                    while k < n, k < i + 14, b[k] != 0x27, b[k] != 0x0A { k += 1 }
                } else if k < n {
                    k += 1
                    while k < n, b[k] & 0xC0 == 0x80 { k += 1 }             // UTF-8 continuation bytes
                }
                if k < n, b[k] == 0x27 { t.emit(.string, i, k + 1); return k + 1 }
                let e = max(JSTokenizer.nameEnd(b, i), i + 1)
                t.emit(.name, i, e)
                return e
            case 0x30...0x39:
                // 1_000, 10u64, 0x1F, 1.5e3; a `.` only when a digit follows (`0..10`, `self.0.route` stay apart).
                var e = i
                while e < n {
                    let d = b[e]
                    if JSTokenizer.isNameByte(d) || (d >= 0x30 && d <= 0x39) { e += 1; continue }
                    if d == 0x2E, e + 1 < n, b[e + 1] >= 0x30, b[e + 1] <= 0x39, !b[i..<e].contains(0x2E), i == 0 || b[i - 1] != 0x2E { e += 1; continue }
                    break
                }
                t.emit(.number, i, e)
                return e
            case 0x2F where i + 1 < n && b[i + 1] == 0x2A:                  // `/* … */`, nested
                var k = i + 2, depth = 1
                while k + 1 < n, depth > 0 {
                    if b[k] == 0x2F, b[k + 1] == 0x2A { depth += 1; k += 2; continue }
                    if b[k] == 0x2A, b[k + 1] == 0x2F { depth -= 1; k += 2; continue }
                    if b[k] == 0x0A { t.lineBreak = true }
                    k += 1
                }
                if depth > 0 { t.problem(at: i, "unterminated block comment"); return n }
                t.comment(i, k, block: true)
                return k
            default:
                if c == 0x72 || c == 0x62 {                                 // r"…", r#"…"#, b"…", br"…", b'x'
                    let r = c == 0x62 && i + 1 < n && b[i + 1] == 0x72 ? i + 1 : i
                    if b[r] == 0x72, r + 1 < n, b[r + 1] == 0x22 || b[r + 1] == 0x23, (r == i || b[i] == 0x62), let e = raw(&t, from: r) { return e }
                    if c == 0x62, i + 1 < n, b[i + 1] == 0x22 { return string(&t, from: i + 1, token: i) }
                }
                return t.nameOrPunct(at: i, punctEnd)
            }
        }
    }

    /// `"…"` from `q` (the quote), escapes skipped, any number of lines; `s` starts the token (a `b` prefix).
    static func string(_ t: inout Tokens, from q: Int, token s: Int) -> Int {
        let b = t.bytes, n = b.count
        var k = q + 1
        while k < n, b[k] != 0x22 { k += b[k] == 0x5C && k + 1 < n ? 2 : 1 }
        if k >= n { t.problem(at: s, "unterminated string") } else { k += 1 }
        t.emit(.string, q, min(k, n))
        return min(k, n)
    }

    /// `r"…"`, `r#"…"#` (any number of `#`): no escapes. The token covers the quotes only, so that its value reads
    /// like a raw string's. nil when `r` does not start one.
    static func raw(_ t: inout Tokens, from r: Int) -> Int? {
        let b = t.bytes, n = b.count
        var k = r + 1, hashes = 0
        while k < n, b[k] == 0x23 { hashes += 1; k += 1 }
        guard k < n, b[k] == 0x22 else { return nil }
        let open = k
        k += 1
        while k < n {
            if b[k] == 0x22, k + hashes < n + 1, (0..<hashes).allSatisfy({ k + 1 + $0 < n && b[k + 1 + $0] == 0x23 }) { break }
            k += 1
        }
        if k >= n { t.problem(at: r, "unterminated raw string"); t.emit(.rawString, open, n); return n }
        t.emit(.rawString, open, k + 1)
        return k + 1 + hashes
    }

    /// `::`, `->`, `=>`, `..=`, `..`, comparison and logical operators and `op=` forms; else one byte.
    static func punctEnd(_ b: [UInt8], _ s: Int) -> Int {
        let c = b[s], d: UInt8 = s + 1 < b.count ? b[s + 1] : 0
        if c == 0x3A, d == 0x3A { return s + 2 }                                            // ::
        if c == 0x2E, d == 0x2E { return s + 2 < b.count && b[s + 2] == 0x3D ? s + 3 : s + 2 } // .. ..=
        if (c == 0x2D || c == 0x3D), d == 0x3E { return s + 2 }                             // -> =>
        if d == 0x3D, "=!<>+-*/%&|^".utf8.contains(c) { return s + 2 }
        if d == c, "&|".utf8.contains(c) { return s + 2 }
        return s + 1
    }
}
