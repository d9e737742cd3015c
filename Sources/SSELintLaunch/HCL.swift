import SSELintCore

/// A Terraform file in HCL's native syntax (hashicorp/hcl hclsyntax/spec.md), read into bodies, blocks and
/// attributes with byte ranges: `#`, `//` and `/* */` comments, attributes, blocks with labels (one-line blocks
/// `a { b = 1 }` too), and expressions as values. Literals, strings without interpolation (escapes resolved),
/// heredocs without interpolation, traversals (`var.x`, `module.m.out`), tuples and objects become values; anything
/// else (function calls, templates with `${…}` or `%{…}`, operators, conditionals, for expressions) is kept as its
/// source text. Every expression is still checked token by token, so a file that is not HCL is an input error at
/// its line:column, never a guess.
///
/// Bytes, one forward pass (HCL+Expressions.swift: the tokens, then each attribute's expression), no recursion
/// deeper than `maxDepth` (blocks, brackets and templates nested deeper are an input error). Linear in the file.
public struct HCLFile: Sendable {
    public let source: SourceFile
    public let body: HCLBody

    /// Blocks, brackets and template interpolations nested deeper than this are an input error.
    public static let maxDepth = 64

    public init(source: SourceFile, body: HCLBody) { self.source = source; self.body = body }

    /// The file's structure, or an `InputError` at the line:column where it stops being HCL.
    public static func parse(_ f: SourceFile) throws -> HCLFile {
        do {
            var lexer = HCLLexer(f.bytes)
            var parser = HCLParser(bytes: f.bytes, toks: try lexer.run())
            return HCLFile(source: f, body: try parser.file())
        } catch let e as HCLFailure {
            let p = f.position(of: max(0, min(e.at, f.bytes.count)))
            throw InputError(path: f.path, line: p.line, column: p.column, message: e.message)
        }
    }

    /// Top-level `resource "<type>" "<name>" { … }` blocks of one type.
    public func resources(type: String) -> [HCLBlock] {
        body.blocks.filter { $0.type == "resource" && $0.labels.count == 2 && $0.labels[0] == type }
    }

    /// 1-based line of a byte offset (an attribute's `nameRange.lowerBound`, a block's `range.lowerBound`).
    public func line(of offset: Int) -> Int { source.position(of: offset).line }
}

public struct HCLBody: Sendable {
    public var attributes: [HCLAttribute]
    public var blocks: [HCLBlock]
    public init(attributes: [HCLAttribute] = [], blocks: [HCLBlock] = []) { self.attributes = attributes; self.blocks = blocks }

    /// The attribute `name` directly in this body.
    public func attribute(_ name: String) -> HCLAttribute? { attributes.first { $0.name == name } }
    /// The blocks of type `type` directly in this body, in file order.
    public func blocks(_ type: String) -> [HCLBlock] { blocks.filter { $0.type == type } }
    /// The first block of type `type` directly in this body.
    public func block(_ type: String) -> HCLBlock? { blocks.first { $0.type == type } }
}

public struct HCLBlock: Sendable {
    public let type: String
    /// Quoted labels with escapes resolved, bare labels as written.
    public let labels: [String]
    /// The type keyword.
    public let range: Range<Int>
    public let labelRanges: [Range<Int>]
    /// `{` to `}`, both included.
    public let bodyRange: Range<Int>
    public var body: HCLBody
    public init(type: String, labels: [String], range: Range<Int>, labelRanges: [Range<Int>], bodyRange: Range<Int>, body: HCLBody) {
        self.type = type; self.labels = labels; self.range = range; self.labelRanges = labelRanges
        self.bodyRange = bodyRange; self.body = body
    }
}

public struct HCLAttribute: Sendable {
    public let name: String
    public let nameRange: Range<Int>
    public let value: HCLValue
    /// The expression as written, first token to last (comments inside it included).
    public let valueRange: Range<Int>
    public init(name: String, nameRange: Range<Int>, value: HCLValue, valueRange: Range<Int>) {
        self.name = name; self.nameRange = nameRange; self.value = value; self.valueRange = valueRange
    }
}

public indirect enum HCLValue: Sendable, Equatable, CustomStringConvertible {
    case number(Double)
    /// A quoted string or heredoc without interpolation or directives, escapes resolved (`<<-` indentation removed).
    case string(String)
    case bool(Bool)
    case null
    /// A traversal, as written: `var.x`, `local.y`, `module.z.out`, `aws_lb.main.arn`, `each.value[0]`.
    case reference(String)
    case tuple([HCLValue])
    /// Keys as written when bare (`key = v`, `key: v`), unquoted when quoted, else the key expression's text.
    case object([(key: String, value: HCLValue)])
    /// Anything else, as written: function calls, templates with `${…}`/`%{…}`, operators, conditionals, for.
    case expression(String)

    public var number: Double? { if case .number(let n) = self { n } else { nil } }
    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var reference: String? { if case .reference(let r) = self { r } else { nil } }
    /// An object's value for `key` (the last one when a key repeats).
    public subscript(key: String) -> HCLValue? {
        guard case .object(let items) = self else { return nil }
        return items.last { $0.key == key }?.value
    }

    public static func == (a: HCLValue, b: HCLValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)), (.reference(let x), .reference(let y)), (.expression(let x), .expression(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        case (.tuple(let x), .tuple(let y)): return x == y
        case (.object(let x), .object(let y)): return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : "\(n)"
        case .string(let s): return "\"\(s)\""
        case .bool(let b): return "\(b)"
        case .null: return "null"
        case .reference(let r), .expression(let r): return r
        case .tuple(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .object(let items): return "{" + items.map { "\($0.key) = \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}

/// One Terraform module's files: `var.NAME` resolves to a `*.tfvars` value (the last file given wins) or else the
/// `default` of `variable "NAME" {}`, and `local.NAME` to its value in a `locals {}` block. One level: a value that
/// is itself a reference stays as it is (no chains, so no cycles); `var.NAME.key` looks into an object value;
/// anything unknown comes back unchanged. Tuples and objects are resolved element by element.
public struct TerraformModule: Sendable {
    public let files: [HCLFile]
    /// `variable "NAME" { default = … }`.
    public private(set) var defaults: [String: HCLValue] = [:]
    /// Top-level attributes of `*.tfvars` files.
    public private(set) var tfvars: [String: HCLValue] = [:]
    /// `locals { NAME = … }`.
    public private(set) var locals: [String: HCLValue] = [:]

    public init(files: [HCLFile]) {
        self.files = files
        for f in files {
            if f.source.path.hasSuffix(".tfvars") {
                for a in f.body.attributes { tfvars[a.name] = a.value }
                continue
            }
            for b in f.body.blocks {
                if b.type == "variable", b.labels.count == 1, let d = b.body.attribute("default") { defaults[b.labels[0]] = d.value }
                if b.type == "locals", b.labels.isEmpty { for a in b.body.attributes { locals[a.name] = a.value } }
            }
        }
    }

    /// The value of a `var.NAME` (tfvars, else default) or `local.NAME`, when the module has it.
    public func value(of reference: String) -> HCLValue? {
        let parts = reference.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else { return nil }
        var v: HCLValue?
        switch parts[0] {
        case "var": v = tfvars[parts[1]] ?? defaults[parts[1]]
        case "local": v = locals[parts[1]]
        default: return nil
        }
        for key in parts.dropFirst(2) { v = v?[key] }
        return v
    }

    public func resolve(_ v: HCLValue) -> HCLValue {
        switch v {
        case .reference(let r): return value(of: r) ?? v
        case .tuple(let items): return .tuple(items.map(resolve))
        case .object(let items): return .object(items.map { (key: $0.key, value: resolve($0.value)) })
        default: return v
        }
    }
}

/// An input error inside the reader: where, and why.
struct HCLFailure: Error {
    let at: Int
    let message: String
}

/// Bodies and blocks, iteratively (a stack of open blocks); expressions in HCL+Expressions.swift.
struct HCLParser {
    let bytes: [UInt8]
    let toks: [HCLToken]
    var p = 0

    init(bytes: [UInt8], toks: [HCLToken]) { self.bytes = bytes; self.toks = toks }

    func text(_ t: HCLToken) -> String { String(decoding: bytes[t.start..<t.end], as: UTF8.self) }
    func fail(_ t: HCLToken, _ message: String) -> HCLFailure { HCLFailure(at: t.start, message: message) }

    struct Open {
        let type: HCLToken
        let labels: [String]
        let labelRanges: [Range<Int>]
        let brace: Int
        let parent: HCLBody
    }

    mutating func file() throws -> HCLBody {
        var stack: [Open] = []
        var body = HCLBody()
        while true {
            let t = toks[p]
            switch t.kind {
            case .newline:
                p += 1
            case .eof:
                if let open = stack.last {
                    throw fail(toks[open.brace], "block \(text(open.type)) is never closed: this '{' has no matching '}'")
                }
                return body
            case .rbrace:
                guard let open = stack.popLast() else { throw fail(t, "unexpected '}': no block is open here") }
                p += 1
                var parent = open.parent
                parent.blocks.append(HCLBlock(type: text(open.type), labels: open.labels, range: open.type.range, labelRanges: open.labelRanges,
                                              bodyRange: toks[open.brace].start..<t.end, body: body))
                body = parent
                try endOfLine(after: "a block's '}'")
            case .ident where toks[p + 1].kind == .equals:
                body.attributes.append(try attribute(oneLine: false))
                try endOfLine(after: "an attribute's value")
            case .ident:
                p += 1
                var labels: [String] = [], labelRanges: [Range<Int>] = []
                while toks[p].kind != .lbrace {
                    let l = toks[p]
                    switch l.kind {
                    case .ident:
                        labels.append(text(l)); labelRanges.append(l.range); p += 1
                    case .oquote:
                        var q = p + 1
                        if toks[q].kind == .lit { q += 1 }
                        guard toks[q].kind == .cquote else {
                            throw fail(toks[q], "a block label is a plain quoted string, without ${…} or %{…}")
                        }
                        labels.append(q == p + 2 ? try decodeQuoted(toks[p + 1]) : "")
                        labelRanges.append(l.start..<toks[q].end)
                        p = q + 1
                    case .equals:
                        throw fail(l, "'=' after a block label: an attribute is `name = value`, a block `type \"label\" {`")
                    case .newline, .eof:
                        throw fail(l, "block \(text(t)) needs its '{' on the same line as its type and labels")
                    default:
                        throw fail(l, "unexpected \(describe(l)) in the header of block \(text(t)): expected a label or '{'")
                    }
                }
                let brace = p
                p += 1
                switch toks[p].kind {
                case .newline:
                    guard stack.count < HCLFile.maxDepth else { throw fail(t, "blocks nested deeper than \(HCLFile.maxDepth) levels") }
                    stack.append(Open(type: t, labels: labels, labelRanges: labelRanges, brace: brace, parent: body))
                    body = HCLBody()
                case .eof:
                    throw fail(toks[brace], "block \(text(t)) is never closed: this '{' has no matching '}'")
                default:
                    // `a {}` or `a { b = 1 }`: one line, at most one attribute.
                    var inner = HCLBody()
                    if toks[p].kind != .rbrace {
                        guard toks[p].kind == .ident, toks[p + 1].kind == .equals else {
                            throw fail(toks[p], "unexpected \(describe(toks[p])) in a one-line block: expected `name = value` or '}'")
                        }
                        inner.attributes.append(try attribute(oneLine: true))
                        guard toks[p].kind == .rbrace else {
                            throw fail(toks[p], "a one-line block holds one attribute and ends with '}' on the same line")
                        }
                    }
                    body.blocks.append(HCLBlock(type: text(t), labels: labels, range: t.range, labelRanges: labelRanges,
                                                bodyRange: toks[brace].start..<toks[p].end, body: inner))
                    p += 1
                    try endOfLine(after: "a block's '}'")
                }
            default:
                throw fail(t, "unexpected \(describe(t)): expected an attribute (`name = value`) or a block (`type \"label\" {`)")
            }
        }
    }

    /// `name = expression`, at `name`.
    mutating func attribute(oneLine: Bool) throws -> HCLAttribute {
        let name = toks[p]
        p += 2
        let r = try expression(oneLine: oneLine)
        return HCLAttribute(name: text(name), nameRange: name.range, value: try value(r.lowerBound, r.upperBound),
                            valueRange: toks[r.lowerBound].start..<toks[r.upperBound - 1].end)
    }

    mutating func endOfLine(after what: String) throws {
        let t = toks[p]
        guard t.kind == .newline || t.kind == .eof else { throw fail(t, "unexpected \(describe(t)) after \(what): expected a line break") }
    }

    func describe(_ t: HCLToken) -> String {
        switch t.kind {
        case .ident: return "name \(text(t).prefix(40))"
        case .number: return "number \(text(t).prefix(40))"
        case .oquote: return "string"
        case .heredoc: return "heredoc"
        case .newline: return "line break"
        case .eof: return "end of file"
        case .lit, .cquote, .heredocEnd: return "template text"
        default: return "'\(text(t))'"
        }
    }
}
