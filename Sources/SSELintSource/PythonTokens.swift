import SSELintCore

/// A Python tokenizer good enough to find calls and assignments: strings of every kind (prefixes, triple quotes,
/// f-strings taken whole), comments, brackets, names, numbers and operators, each with its byte range and line.
public struct PyToken: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case name, number, string, op, newline, comment }
    public let kind: Kind
    public let text: String
    public let start: Int
    public let end: Int
    /// Bracket depth before this token (0 at statement level).
    public let depth: Int
    /// Indentation (columns) of the logical line the token is on.
    public let indent: Int
}

public enum PythonTokenizer {
    public static func tokenize(_ f: SourceFile) -> [PyToken] { tokenizeReporting(f).tokens }

    /// Tokens plus what could not be read (unterminated strings, unclosed brackets), as errors at path:line.
    /// Tokenizing never stops at a problem: the rest of the file is still read.
    public static func tokenizeReporting(_ f: SourceFile) -> (tokens: [PyToken], problems: [InputError]) {
        let b = f.bytes
        var out: [PyToken] = []
        out.reserveCapacity(b.count / 4)
        var problems: [InputError] = []
        var opens: [Int] = []
        var i = 0, depth = 0, indent = 0, openIndent = 0
        var lineStart = true
        func text(_ s: Int, _ e: Int) -> String { f.text(s..<e) }
        func problem(_ at: Int, _ message: String) { problems.append(InputError(at: f.position(of: at), in: f, message)) }
        while i < b.count {
            let c = b[i]
            if lineStart && depth == 0 {
                var k = i, col = 0
                while k < b.count, b[k] == 0x20 || b[k] == 0x09 { col += b[k] == 0x09 ? 8 - col % 8 : 1; k += 1 }
                if k < b.count, b[k] != 0x0A, b[k] != 0x0D, b[k] != UInt8(ascii: "#") { indent = col }
                lineStart = false
                i = k
                continue
            }
            if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0C { i += 1; continue }
            if c == 0x5C, i + 1 < b.count, b[i + 1] == 0x0A || b[i + 1] == 0x0D { i += b[i + 1] == 0x0D && i + 2 < b.count && b[i + 2] == 0x0A ? 3 : 2; continue }
            if c == 0x0A {
                // Inside brackets a line that can only start a statement (`def`, `class`, a decorator) at or left of
                // the indentation where the bracket opened means the bracket was never closed: report it there and
                // read on, so that one typo does not hide the rest of the file.
                if depth > 0, let o = opens.first, startsStatement(b, after: i, atMost: openIndent) {
                    problem(o, "'\(Character(UnicodeScalar(b[o])))' is never closed")
                    depth = 0; opens.removeAll()
                }
                if depth == 0 { out.append(PyToken(kind: .newline, text: "\n", start: i, end: i + 1, depth: 0, indent: indent)); lineStart = true }
                i += 1; continue
            }
            if c == UInt8(ascii: "#") {
                let s = i
                while i < b.count, b[i] != 0x0A { i += 1 }
                out.append(PyToken(kind: .comment, text: text(s + 1, i), start: s, end: i, depth: depth, indent: indent))
                continue
            }
            // String, with an optional prefix (r, b, f, u, rb, fr, …).
            var p = i
            while p < b.count, p - i < 2, "rRbBfFuU".utf8.contains(b[p]) { p += 1 }
            if p < b.count, b[p] == UInt8(ascii: "\"") || b[p] == UInt8(ascii: "'"), p == i || isPrefixStart(b, i, p) {
                let prefix = b[i..<p]
                let k = scanString(b, quoteAt: p, raw: prefix.contains { $0 | 0x20 == UInt8(ascii: "r") },
                                   format: prefix.contains { $0 | 0x20 == UInt8(ascii: "f") })
                if !k.closed { problem(i, "unterminated string literal") }
                out.append(PyToken(kind: .string, text: text(i, k.end), start: i, end: k.end, depth: depth, indent: indent))
                i = k.end
                continue
            }
            if isNameStart(c) {
                let s = i
                while i < b.count, isName(b[i]) { i += 1 }
                out.append(PyToken(kind: .name, text: text(s, i), start: s, end: i, depth: depth, indent: indent))
                continue
            }
            // Numbers: 5, 0.5, .05, 5e-1, 1_000, 0x1F, 2j.
            let leadingDot = c == UInt8(ascii: ".") && i + 1 < b.count && b[i + 1] >= 0x30 && b[i + 1] <= 0x39
                && (out.last.map { $0.kind != .name && $0.kind != .number && !")]}".contains($0.text) } ?? true)
            if (c >= 0x30 && c <= 0x39) || leadingDot {
                let s = i
                while i < b.count {
                    if isName(b[i]) || b[i] == UInt8(ascii: ".") { i += 1; continue }
                    // An exponent's sign: 5e-1, 1E+3 (not 0x1e-1, where e is a hex digit).
                    if b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+"), i > s, b[i - 1] | 0x20 == UInt8(ascii: "e"),
                       !(i - s > 1 && b[s + 1] | 0x20 == UInt8(ascii: "x")) { i += 1; continue }
                    break
                }
                out.append(PyToken(kind: .number, text: text(s, i), start: s, end: i, depth: depth, indent: indent))
                continue
            }
            let s = i
            i += 1
            if "([{".utf8.contains(c) {
                out.append(PyToken(kind: .op, text: text(s, i), start: s, end: i, depth: depth, indent: indent))
                if depth == 0 { openIndent = indent }
                depth += 1; opens.append(s); continue
            }
            if ")]}".utf8.contains(c) {
                if depth == 0 { problem(s, "unmatched '\(Character(UnicodeScalar(c)))'") }
                depth = max(0, depth - 1); _ = opens.popLast()
            }
            // Two-character operators that matter here: == and ->
            if i < b.count, (c == UInt8(ascii: "=") && b[i] == UInt8(ascii: "=")) || (c == UInt8(ascii: "-") && b[i] == UInt8(ascii: ">")) { i += 1 }
            out.append(PyToken(kind: .op, text: text(s, i), start: s, end: i, depth: depth, indent: indent))
        }
        if let o = opens.first { problem(o, "'\(Character(UnicodeScalar(b[o])))' is never closed") }
        return (out, problems)
    }

    /// Whether the line after the newline at `nl` starts with `def`, `class` or `async def` at an indentation of
    /// at most `limit` columns.
    static func startsStatement(_ b: [UInt8], after nl: Int, atMost limit: Int, decoratorDepth: Int = 0) -> Bool {
        guard decoratorDepth < 8, nl < b.count else { return false }
        var k = nl + 1, col = 0
        while k < b.count, b[k] == 0x20 || b[k] == 0x09 { col += b[k] == 0x09 ? 8 - col % 8 : 1; k += 1 }
        guard col <= limit, k < b.count else { return false }
        // A decorator (`@name…` on its own line, then def/class/another decorator); a bare `@` may be the
        // matrix-multiplication operator continuing an expression.
        if b[k] == UInt8(ascii: "@"), k + 1 < b.count, isNameStart(b[k + 1]) {
            var e = k
            while e < b.count, b[e] != 0x0A { e += 1 }
            return startsStatement(b, after: e, atMost: limit, decoratorDepth: decoratorDepth + 1)
        }
        for word in ["def ", "class ", "async def "] where b.count - k >= word.utf8.count && b[k..<(k + word.utf8.count)].elementsEqual(word.utf8) {
            return true
        }
        return false
    }

    /// The end of the string whose opening quote is at `q`. f-strings may hold `{expressions}` with strings of
    /// their own, in any quotes (Python 3.12): those are skipped whole, with an explicit stack, never recursion.
    static func scanString(_ b: [UInt8], quoteAt q: Int, raw: Bool, format: Bool) -> (end: Int, closed: Bool) {
        let quote = b[q]
        let triple = q + 2 < b.count && b[q + 1] == quote && b[q + 2] == quote
        var k = q + (triple ? 3 : 1)
        var braces = 0
        while k < b.count {
            let c = b[k]
            if braces > 0 {
                // Inside a replacement field: nested strings, brackets, the closing brace.
                if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                    let inner = scanString(b, quoteAt: k, raw: false, format: false)
                    k = inner.end; continue
                }
                if c == UInt8(ascii: "{") { braces += 1 } else if c == UInt8(ascii: "}") { braces -= 1 }
                else if c == 0x0A && !triple { return (k, false) }
                k += 1; continue
            }
            if c == 0x5C { k += k + 2 < b.count && b[k + 1] == 0x0D && b[k + 2] == 0x0A ? 3 : 2; continue }
            if format && c == UInt8(ascii: "{") {
                if k + 1 < b.count && b[k + 1] == UInt8(ascii: "{") { k += 2; continue }
                braces = 1; k += 1; continue
            }
            if c == quote {
                if !triple { return (k + 1, true) }
                if k + 2 < b.count, b[k + 1] == quote, b[k + 2] == quote { return (k + 3, true) }
            } else if c == 0x0A && !triple { return (k, false) }
            k += 1
        }
        _ = raw
        return (b.count, false)
    }

    static func isPrefixStart(_ b: [UInt8], _ i: Int, _ p: Int) -> Bool { i == 0 || !isName(b[i - 1]) }
    static func isNameStart(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c >= 0x80 }
    static func isName(_ c: UInt8) -> Bool { isNameStart(c) || (c >= 0x30 && c <= 0x39) }
}

/// A call `a.b.c(arg, key=value, …)` with its arguments as token slices.
public struct PyCall: Sendable {
    public let callee: String
    public let nameRange: Range<Int>
    public let positional: [[PyToken]]
    public let keywords: [(name: String, nameToken: PyToken, value: [PyToken])]
    /// Indentation of the line the call is on, and whether it sits inside an `async def`.
    public let indent: Int
    public let inAsyncDef: Bool
    public let inMainGuard: Bool
}

public enum PythonCalls {
    /// Every call in the file whose dotted callee `matches`.
    public static func find(_ tokens: [PyToken], where matches: (String) -> Bool) -> [PyCall] {
        var out: [PyCall] = []
        // Matching close bracket of every open one, in one pass; an unclosed call is not a call.
        var close = Array(repeating: -1, count: tokens.count)
        var open: [Int] = []
        for (k, t) in tokens.enumerated() where t.kind == .op {
            if t.text == "(" || t.text == "[" || t.text == "{" { open.append(k) }
            else if t.text == ")" || t.text == "]" || t.text == "}", let o = open.popLast() { close[o] = k }
        }
        // Scopes: (indent of the `def`/`if` line, is async def / is main guard)
        var asyncDefs: [Int] = [], mainGuards: [Int] = []
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            if t.depth == 0, t.kind == .name, i == 0 || tokens[i - 1].kind == .newline {
                asyncDefs.removeAll { $0 >= t.indent }
                mainGuards.removeAll { $0 >= t.indent }
                if t.text == "async", i + 1 < tokens.count, tokens[i + 1].text == "def" { asyncDefs.append(t.indent) }
                if t.text == "def" { asyncDefs.removeAll { $0 >= t.indent } }
                if t.text == "if", i + 3 < tokens.count, tokens[i + 1].text == "__name__", tokens[i + 3].text.contains("__main__") { mainGuards.append(t.indent) }
            }
            guard t.kind == .name else { i += 1; continue }
            var j = i, callee = t.text
            while j + 2 < tokens.count, tokens[j + 1].text == ".", tokens[j + 2].kind == .name { callee += "." + tokens[j + 2].text; j += 2 }
            guard j + 1 < tokens.count, tokens[j + 1].text == "(", matches(callee), i == 0 || tokens[i - 1].text != ".",
                  close[j + 1] > j + 1 else { i = j + 1; continue }
            // Arguments up to the matching ")".
            var k = j + 2, args: [[PyToken]] = [[]]
            let base = tokens[j + 1].depth + 1
            let end = close[j + 1]
            while k < end {
                if tokens[k].text == ",", tokens[k].depth == base { args.append([]) } else if tokens[k].kind != .comment { args[args.count - 1].append(tokens[k]) }
                k += 1
            }
            var positional: [[PyToken]] = [], keywords: [(String, PyToken, [PyToken])] = []
            for a in args where !a.isEmpty {
                if a.count >= 2, a[0].kind == .name, a[1].text == "=" { keywords.append((a[0].text, a[0], Array(a.dropFirst(2)))) }
                else { positional.append(a) }
            }
            out.append(PyCall(callee: callee, nameRange: t.start..<tokens[j].end, positional: positional, keywords: keywords,
                              indent: t.indent, inAsyncDef: !asyncDefs.isEmpty, inMainGuard: !mainGuards.isEmpty))
            i = j + 1
        }
        return out
    }

    /// `x = value` at module level: name → value tokens.
    public static func assignments(_ tokens: [PyToken]) -> [(name: PyToken, value: [PyToken])] {
        var out: [(PyToken, [PyToken])] = []
        var i = 0
        while i + 2 < tokens.count {
            let t = tokens[i]
            if t.kind == .name, t.depth == 0, t.indent == 0, i == 0 || tokens[i - 1].kind == .newline, tokens[i + 1].text == "=" {
                var k = i + 2, value: [PyToken] = []
                while k < tokens.count, tokens[k].kind != .newline { if tokens[k].kind != .comment { value.append(tokens[k]) }; k += 1 }
                out.append((t, value))
                i = k
                continue
            }
            i += 1
        }
        return out
    }
}
