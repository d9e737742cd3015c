import SSELintCore

/// The block structure of a Python file, from its tokens in one pass: functions (with decorators, async-ness,
/// whether they yield), `except`/`finally` blocks, and for every token the innermost function holding it.
public struct PyFunction: Sendable {
    public let name: String
    public let isAsync: Bool
    public let nameToken: Int
    /// Token indices: the `def` (or `async`) keyword, the body (after the header's `:`) and its end (exclusive).
    public let defToken: Int
    public let bodyStart: Int
    public internal(set) var bodyEnd: Int
    public let indent: Int
    /// Token index ranges of the decorator lines above the `def` (each starts at its `@`).
    public let decorators: [Range<Int>]
    public let parent: Int?
    /// Defined directly in a class body (a method).
    public let inClass: Bool
    /// A `yield` in its own body (not in a nested def).
    public internal(set) var isGenerator = false
}

/// An `except` clause or a `finally` block.
public struct PyHandler: Sendable {
    public enum Kind: Sendable { case except, finally }
    public let kind: Kind
    public let keyword: Int
    /// The exception types as written (`asyncio.CancelledError`, `(ValueError, KeyError)`); empty for bare `except:`.
    public let types: String
    public let bodyStart: Int
    public internal(set) var bodyEnd: Int
    public let indent: Int
    public let function: Int?
    /// The `try` keyword this handler belongs to (its body runs from there to `keyword`), -1 when not found.
    public let tryToken: Int

    /// Catches `CancelledError`: names it, or `BaseException`, or is bare.
    public var catchesCancellation: Bool {
        kind == .except && (types.isEmpty || types.contains("CancelledError") || types.contains("BaseException"))
    }
}

public struct PythonStructure: Sendable {
    public let tokens: [PyToken]
    public private(set) var functions: [PyFunction] = []
    public private(set) var handlers: [PyHandler] = []
    /// The innermost function holding each token (-1 at module level).
    public private(set) var functionOf: [Int32] = []
    /// Matching bracket of every `(`, `[`, `{` (and back), -1 when unmatched.
    public private(set) var match: [Int32] = []
    /// Module names this file imports (`asyncio`, `sse_starlette.sse`, `fastapi.sse`) and names it imports from
    /// them (`EventSourceResponse` → `sse_starlette`).
    public private(set) var imports: Set<String> = []
    public private(set) var importedFrom: [String: String] = [:]
    /// The original name of an aliased import (`from .chat import router as chat_router`: chat_router → router).
    public private(set) var originalName: [String: String] = [:]
    /// Names bound to modules: `import asyncio` binds asyncio, `import asyncio as aio` binds aio.
    public private(set) var boundModules: [String: String] = [:]

    public init(_ tokens: [PyToken]) {
        self.tokens = tokens
        functionOf = Array(repeating: -1, count: tokens.count)
        match = Array(repeating: -1, count: tokens.count)
        var opens: [Int] = []
        for (k, t) in tokens.enumerated() where t.kind == .op {
            if t.text == "(" || t.text == "[" || t.text == "{" { opens.append(k) }
            else if t.text == ")" || t.text == "]" || t.text == "}", let o = opens.popLast() { match[o] = Int32(k); match[k] = Int32(o) }
        }
        build()
    }

    /// Whether token `i` starts a logical line.
    public func startsLine(_ i: Int) -> Bool {
        guard tokens[i].kind != .newline, tokens[i].kind != .comment, tokens[i].depth == 0 else { return false }
        var k = i - 1
        while k >= 0, tokens[k].kind == .comment { k -= 1 }
        return k < 0 || tokens[k].kind == .newline
    }

    /// The index after the header's `:` (the block's first token), starting the search at `from`.
    private func headerColon(from: Int) -> Int? {
        var k = from
        while k < tokens.count, tokens[k].kind != .newline {
            if tokens[k].text == ":", tokens[k].depth == 0 { return k }
            k += 1
        }
        return nil
    }

    private mutating func build() {
        // Open blocks: (indent of the header line, kind, index into functions/handlers).
        enum Open { case function(Int), handler(Int), klass }
        var open: [(indent: Int, what: Open)] = []
        var decorators: [Range<Int>] = []
        var lastTry: [Int: Int] = [:]
        var i = 0
        var current: Int { open.reversed().first { if case .function = $0.what { true } else { false } }.flatMap { if case .function(let f) = $0.what { f } else { nil } } ?? -1 }
        func close(_ end: Int, atIndent indent: Int, _ s: inout PythonStructure) {
            while let top = open.last, top.indent >= indent {
                switch top.what {
                case .function(let f): s.functions[f].bodyEnd = end
                case .handler(let h): s.handlers[h].bodyEnd = end
                case .klass: break
                }
                open.removeLast()
            }
        }
        while i < tokens.count {
            let t = tokens[i]
            if startsLine(i) {
                close(i, atIndent: t.indent, &self)
                var k = i
                if t.text == "@" {
                    var e = i
                    while e < tokens.count, tokens[e].kind != .newline { e += 1 }
                    decorators.append(i..<e)
                } else {
                    let isAsync = t.text == "async" && i + 1 < tokens.count && tokens[i + 1].text == "def"
                    if isAsync { k += 1 }
                    if tokens[k].text == "def", k + 1 < tokens.count, tokens[k + 1].kind == .name, let colon = headerColon(from: k) {
                        let inClass: Bool = { if case .klass = open.last?.what, open.last!.indent < t.indent { true } else { false } }()
                        let parent = current
                        functions.append(PyFunction(name: tokens[k + 1].text, isAsync: isAsync, nameToken: k + 1, defToken: i,
                                                    bodyStart: colon + 1, bodyEnd: tokens.count, indent: t.indent,
                                                    decorators: decorators, parent: parent < 0 ? nil : parent, inClass: inClass))
                        open.append((t.indent, .function(functions.count - 1)))
                    } else if t.text == "class", headerColon(from: k) != nil {
                        open.append((t.indent, .klass))
                    } else if t.text == "except" || t.text == "finally", let colon = headerColon(from: k) {
                        let types = tokens[(k + 1)..<colon].prefix { $0.text != "as" }.map(\.text).joined()
                        handlers.append(PyHandler(kind: t.text == "except" ? .except : .finally, keyword: i, types: types,
                                                  bodyStart: colon + 1, bodyEnd: tokens.count, indent: t.indent,
                                                  function: current < 0 ? nil : current, tryToken: lastTry[t.indent] ?? -1))
                        open.append((t.indent, .handler(handlers.count - 1)))
                    } else if t.text == "try" {
                        lastTry[t.indent] = i
                    } else if t.text == "import" || t.text == "from" {
                        recordImport(at: i)
                    }
                    decorators = []
                }
            }
            functionOf[i] = Int32(current)
            if t.text == "yield", t.kind == .name, current >= 0 { functions[current].isGenerator = true }
            i += 1
        }
        close(tokens.count, atIndent: -1, &self)
    }

    /// `import a.b [as x]` binds `a` (or `x`) to a module; `from m import a, b as c` binds `a` and `c` to names of m.
    private mutating func recordImport(at i: Int) {
        var k = i + 1
        func dotted() -> String {
            var name = ""
            while k < tokens.count, tokens[k].kind == .name || tokens[k].text == ".", tokens[k].text != "import", tokens[k].text != "as" {
                name += tokens[k].text; k += 1
            }
            return name
        }
        func alias() -> String? {
            guard k + 1 < tokens.count, tokens[k].text == "as", tokens[k + 1].kind == .name else { return nil }
            k += 2
            return tokens[k - 1].text
        }
        if tokens[i].text == "import" {
            while k < tokens.count, tokens[k].kind != .newline {
                let module = dotted()
                if !module.isEmpty {
                    imports.insert(module)
                    if let a = alias() { boundModules[a] = module } else { boundModules[String(module.split(separator: ".").first ?? "")] = module }
                }
                if k < tokens.count, tokens[k].kind != .newline { k += 1 }
            }
            return
        }
        let module = dotted()
        imports.insert(module)
        guard k < tokens.count, tokens[k].text == "import" else { return }
        k += 1
        while k < tokens.count, tokens[k].kind != .newline {
            if tokens[k].kind == .name {
                let name = tokens[k].text
                k += 1
                let bound = alias() ?? name
                importedFrom[bound] = module
                if bound != name { originalName[bound] = name }
                continue
            }
            k += 1
        }
    }

    public func function(at token: Int) -> PyFunction? {
        let f = functionOf[token]
        return f < 0 ? nil : functions[Int(f)]
    }

    /// Functions by name (last definition wins, as at run time).
    public var functionsByName: [String: Int] {
        var out: [String: Int] = [:]
        for (k, f) in functions.enumerated() { out[f.name] = k }
        return out
    }

    /// The handlers (except/finally) that hold token `i`, innermost last.
    public func handlers(holding i: Int) -> [PyHandler] {
        handlers.filter { $0.bodyStart <= i && i < $0.bodyEnd }
    }
}
