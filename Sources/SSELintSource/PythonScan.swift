import SSELintCore

/// A call site with token indices: `callee(` at `lparen`, `)` at `rparen`, and each argument's token range.
public struct PyCallSite: Sendable {
    public let callee: String
    /// Token index of the callee's first name, of `(` and of the matching `)`.
    public let first: Int
    public let lparen: Int
    public let rparen: Int
    public let args: [(keyword: String?, tokens: Range<Int>)]
    /// `callee.split(separator: ".").last ?? ""`, without the array (rules ask it of every call).
    public var lastComponent: Substring { Self.lastComponent(of: callee) }
    /// `callee.split(separator: ".").first ?? ""`, without the array.
    public var firstComponent: Substring { callee.firstPiece(".") ?? "" }
    public static func lastComponent(of name: String) -> Substring { name.lastPiece(".") ?? "" }

    public func keyword(_ name: String) -> Range<Int>? { args.first { $0.keyword == name }?.tokens }
    public func positional(_ k: Int) -> Range<Int>? {
        let p = args.filter { $0.keyword == nil }
        return k < p.count ? p[k].tokens : nil
    }
    /// A keyword, or the positional argument in its place.
    public func argument(_ name: String, position: Int?) -> Range<Int>? {
        keyword(name) ?? position.flatMap(positional)
    }
}

/// One Python file, tokenized and structured once; the app scanner and the cancellation scanner both read it.
public final class PythonScan {
    public let file: SourceFile
    public let tokens: [PyToken]
    public let structure: PythonStructure
    public let problems: [InputError]
    public private(set) var calls: [PyCallSite] = []
    /// `name = value` (and `name: T = value`, `self.x = value`) per function (-1: module level), last one wins;
    /// the value's token range.
    public private(set) var assignments: [Int: [String: Range<Int>]] = [:]
    /// Class attributes (`TIMEOUT: float = 0.5` in a class body), by attribute name.
    public private(set) var classAttributes: [String: Range<Int>] = [:]
    /// Which name each call's result is assigned to (`resp = StreamingResponse(...)`), by the call's `first`.
    public private(set) var assignedTo: [Int: String] = [:]
    /// Where each function touches a variable's response attributes: `v.headers…`, `v.content_type = …`, and
    /// `v["Name"] = …` (Django), by function and receiver text: the receiver's first token. One pass, so that
    /// reading the headers set after a constructor never rescans the function.
    public private(set) var attributeSites: [Int: [String: [Int]]] = [:]
    /// Calls by the token index of their `(`.
    public private(set) var callAtParen: [Int: PyCallSite] = [:]
    /// Calls by the token index of their callee's first name.
    public private(set) var callAtFirst: [Int: PyCallSite] = [:]

    public init(_ file: SourceFile) {
        self.file = file
        let (t, p) = PythonTokenizer.tokenizeReporting(file)
        tokens = t; problems = p
        structure = PythonStructure(t)
        scanCalls()
        for c in calls { callAtParen[c.lparen] = c; callAtFirst[c.first] = c }
        scanAssignments()
        scanAttributeSites()
    }

    private func scanCalls() {
        var i = 0
        while i < tokens.count {
            guard tokens[i].kind == .name, i == 0 || (tokens[i - 1].text != "." && tokens[i - 1].text != "def" && tokens[i - 1].text != "class") else { i += 1; continue }
            var j = i, callee = tokens[i].text
            while j + 2 < tokens.count, tokens[j + 1].text == ".", tokens[j + 2].kind == .name { callee += "." + tokens[j + 2].text; j += 2 }
            // `x.y()` where x is itself a call result (`w.Header().Set`) is found from its own first name.
            guard j + 1 < tokens.count, tokens[j + 1].text == "(", structure.match[j + 1] > j + 1 else { i = j + 1; continue }
            let close = Int(structure.match[j + 1])
            calls.append(PyCallSite(callee: callee, first: i, lparen: j + 1, rparen: close, args: arguments(j + 1, close)))
            // `super().__init__(…)`: the base class's constructor (a response subclass passing its media type).
            if callee == "super", close + 3 < tokens.count, tokens[close + 1].text == ".", tokens[close + 2].text == "__init__",
               tokens[close + 3].text == "(", structure.match[close + 3] > close + 3 {
                let end = Int(structure.match[close + 3])
                calls.append(PyCallSite(callee: "super.__init__", first: i, lparen: close + 3, rparen: end, args: arguments(close + 3, end)))
            }
            i = j + 1
        }
    }

    private func arguments(_ open: Int, _ close: Int) -> [(String?, Range<Int>)] {
        var args: [(String?, Range<Int>)] = []
        var start = open + 1
        let base = tokens[open].depth + 1
        var k = open + 1
        while k <= close {
            if k == close || (tokens[k].text == "," && tokens[k].depth == base) {
                var s = start, e = k
                while s < e, tokens[s].kind == .comment { s += 1 }
                while e > s, tokens[e - 1].kind == .comment { e -= 1 }
                if s < e {
                    // `kw=` with nothing after it (code being typed) is no argument at all.
                    if e - s >= 2, tokens[s].kind == .name, tokens[s + 1].text == "=" { if e > s + 2 { args.append((tokens[s].text, (s + 2)..<e)) } }
                    else { args.append((nil, s..<e)) }
                }
                start = k + 1
            }
            k += 1
        }
        return args
    }

    private func scanAssignments() {
        for i in tokens.indices where structure.startsLine(i) && tokens[i].kind == .name {
            // target: a dotted name, optional annotation, then `=` at depth 0 on this line.
            var j = i, name = tokens[i].text
            while j + 2 < tokens.count, tokens[j + 1].text == ".", tokens[j + 2].kind == .name { name += "." + tokens[j + 2].text; j += 2 }
            var k = j + 1
            if k < tokens.count, tokens[k].text == ":" {
                while k < tokens.count, tokens[k].kind != .newline, !(tokens[k].text == "=" && tokens[k].depth == 0) { k += 1 }
            }
            guard k < tokens.count, tokens[k].text == "=" else { continue }
            var e = k + 1
            while e < tokens.count, tokens[e].kind != .newline { e += 1 }
            while e > k + 1, tokens[e - 1].kind == .comment { e -= 1 }
            guard e > k + 1 else { continue }
            let fn = Int(structure.functionOf[i])
            assignments[fn, default: [:]][name] = (k + 1)..<e
            if fn < 0, tokens[i].indent > 0, !name.contains(".") { classAttributes[name] = (k + 1)..<e }
            if tokens[k + 1].kind == .name { assignedTo[k + 1] = name }
        }
    }

    private func scanAttributeSites() {
        for k in tokens.indices where tokens[k].kind == .name && (k == 0 || tokens[k - 1].text != ".") {
            var e = k + 1
            while e + 1 < tokens.count, tokens[e].text == ".", tokens[e + 1].kind == .name,
                  !["headers", "content_type", "media_type"].contains(tokens[e + 1].text) { e += 2 }
            guard e < tokens.count else { continue }
            let attribute = e + 1 < tokens.count && tokens[e].text == "." && ["headers", "content_type", "media_type"].contains(tokens[e + 1].text)
            let subscripted = tokens[e].text == "[" && structure.match[e] > e && Int(structure.match[e]) + 1 < tokens.count
                && tokens[Int(structure.match[e]) + 1].text == "="
            guard attribute || subscripted else { continue }
            attributeSites[functionIndex(k), default: [:]][text(k..<e), default: []].append(k)
        }
    }

    // MARK: reading values

    public func text(_ r: Range<Int>) -> String {
        guard !r.isEmpty else { return "" }
        return file.text(tokens[r.lowerBound].start..<tokens[r.upperBound - 1].end)
    }
    public func byteRange(_ r: Range<Int>) -> Range<Int> {
        guard !r.isEmpty else { return r.lowerBound < tokens.count ? tokens[r.lowerBound].start..<tokens[r.lowerBound].start : 0..<0 }
        return tokens[r.lowerBound].start..<tokens[r.upperBound - 1].end
    }

    /// The value of a string literal token (prefixes and quotes removed; escapes kept as written), or nil.
    public static func stringValue(_ t: PyToken) -> String? {
        guard t.kind == .string else { return nil }
        var s = Substring(t.text)
        while let c = s.first, c != "\"" && c != "'" { s = s.dropFirst() }
        for q in ["\"\"\"", "'''", "\"", "'"] where s.hasPrefix(q) && s.hasSuffix(q) && s.count >= 2 * q.count {
            return String(s.dropFirst(q.count).dropLast(q.count))
        }
        return nil
    }
    /// A single string literal (implicitly concatenated ones joined), or nil.
    public func string(_ r: Range<Int>) -> String? {
        guard !r.isEmpty, r.allSatisfy({ tokens[$0].kind == .string }) else { return nil }
        var out = ""
        for k in r { guard let v = PythonScan.stringValue(tokens[k]), !tokens[k].text.lowercased().hasPrefix("f") || !v.contains("{") else { return nil }; out += v }
        return out
    }

    /// A number: a literal, or a name bound to one (in `function`, at module level, or a class attribute reached
    /// as `settings.NAME`), followed at most `hops` times. Returns the value and, for names, where it is bound.
    public func number(_ r: Range<Int>, function: Int, hops: Int = 4) -> (value: Double, boundAt: Range<Int>?)? {
        guard !r.isEmpty else { return nil }
        if r.count == 1, tokens[r.lowerBound].kind == .number {
            return Double(tokens[r.lowerBound].text.filter { $0 != "_" }).map { ($0, nil) }
        }
        if r.count == 2, tokens[r.lowerBound].text == "-", tokens[r.lowerBound + 1].kind == .number {
            return Double(tokens[r.lowerBound + 1].text).map { (-$0, nil) }
        }
        guard hops > 0, let bound = binding(r, function: function) else { return nil }
        return number(bound, function: function, hops: hops - 1).map { ($0.value, $0.boundAt ?? bound) }
    }

    /// What a name (or `obj.ATTR`) is bound to: a local or module assignment, or a class attribute.
    public func binding(_ r: Range<Int>, function: Int) -> Range<Int>? {
        let name = text(r)
        guard r.allSatisfy({ tokens[$0].kind == .name || tokens[$0].text == "." }) else { return nil }
        var f = function
        while f >= 0 {
            if let v = assignments[f]?[name] { return v }
            f = structure.functions[f].parent ?? -1
        }
        if let v = assignments[-1]?[name] { return v }
        if let last = name.split(separator: ".").last, name.contains(".") { return classAttributes[String(last)] }
        return nil
    }

    /// `True`/`False` literals.
    public func bool(_ r: Range<Int>) -> Bool? {
        guard r.count == 1 else { return nil }
        switch tokens[r.lowerBound].text { case "True": return true; case "False": return false; default: return nil }
    }

    /// The function index holding token `i`, or -1.
    public func functionIndex(_ i: Int) -> Int { Int(structure.functionOf[i]) }

    /// Indentation (spaces) of the line holding byte `offset`.
    public func lineIndent(_ offset: Int) -> String {
        let line = file.position(of: offset).line
        var k = file.lineStarts[line - 1], out = ""
        while k < file.bytes.count, file.bytes[k] == 0x20 || file.bytes[k] == 0x09 { out.append(Character(UnicodeScalar(file.bytes[k]))); k += 1 }
        return out
    }
}
