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
    public static func tokenize(_ f: SourceFile) -> [PyToken] {
        let b = f.bytes
        var out: [PyToken] = []
        var i = 0, depth = 0, indent = 0
        var lineStart = true
        func text(_ s: Int, _ e: Int) -> String { f.text(s..<e) }
        while i < b.count {
            let c = b[i]
            if lineStart && depth == 0 {
                var k = i, col = 0
                while k < b.count, b[k] == 0x20 || b[k] == 0x09 { col += b[k] == 0x09 ? 8 : 1; k += 1 }
                if k < b.count, b[k] != 0x0A, b[k] != 0x0D, b[k] != UInt8(ascii: "#") { indent = col }
                lineStart = false
                i = k
                continue
            }
            if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0C { i += 1; continue }
            if c == 0x5C, i + 1 < b.count, b[i + 1] == 0x0A { i += 2; continue }
            if c == 0x0A {
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
                let q = b[p]
                let triple = p + 2 < b.count && b[p + 1] == q && b[p + 2] == q
                let raw = b[i..<p].contains { $0 == UInt8(ascii: "r") || $0 == UInt8(ascii: "R") }
                var k = p + (triple ? 3 : 1)
                while k < b.count {
                    if b[k] == 0x5C && !raw { k += 2; continue }
                    if b[k] == 0x5C && raw { k += 2; continue }
                    if triple {
                        if b[k] == q, k + 2 < b.count, b[k + 1] == q, b[k + 2] == q { k += 3; break }
                    } else if b[k] == q { k += 1; break } else if b[k] == 0x0A { break }
                    k += 1
                }
                k = min(k, b.count)
                out.append(PyToken(kind: .string, text: text(i, k), start: i, end: k, depth: depth, indent: indent))
                i = k
                continue
            }
            if isNameStart(c) {
                let s = i
                while i < b.count, isName(b[i]) { i += 1 }
                out.append(PyToken(kind: .name, text: text(s, i), start: s, end: i, depth: depth, indent: indent))
                continue
            }
            if c >= 0x30 && c <= 0x39 {
                let s = i
                while i < b.count, isName(b[i]) || b[i] == UInt8(ascii: ".") { i += 1 }
                out.append(PyToken(kind: .number, text: text(s, i), start: s, end: i, depth: depth, indent: indent))
                continue
            }
            let s = i
            i += 1
            if "([{".utf8.contains(c) { out.append(PyToken(kind: .op, text: text(s, i), start: s, end: i, depth: depth, indent: indent)); depth += 1; continue }
            if ")]}".utf8.contains(c) { depth = max(0, depth - 1) }
            // Two-character operators that matter here: == and ->
            if i < b.count, (c == UInt8(ascii: "=") && b[i] == UInt8(ascii: "=")) || (c == UInt8(ascii: "-") && b[i] == UInt8(ascii: ">")) { i += 1 }
            out.append(PyToken(kind: .op, text: text(s, i), start: s, end: i, depth: depth, indent: indent))
        }
        return out
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
