/// The regular expressions of nginx `location ~` / `~*` paths, matched in time linear in the input (a Pike VM over
/// a compiled NFA), so that a crafted pattern such as `^(a+)+$` cannot stall a run the way a backtracking engine
/// would. Supports what location regexes use: literals, `.`, classes (`[a-z]`, `[^/]`, `\d \w \s`), anchors,
/// groups (capturing, `(?:…)`, `(?<name>…)`), alternation and the quantifiers `* + ? {m,n}` (greedy or lazy, same
/// result for a yes/no match). Anything else (backreferences, lookaround, `\b`) makes `init` fail: the caller then
/// does not guess.
public struct LinearRegex: Sendable {
    enum Inst: Sendable {
        case byte(Set<UInt8>, negated: Bool), any, split(Int, Int), jump(Int), begin, end, match
    }
    let program: [Inst]
    let caseInsensitive: Bool
    /// The literal text an anchored pattern must start with (`^/api/` of `^/api/(chat|stream)$`): a quick
    /// rejection before the automaton runs (most location regexes of a server fail it for most paths).
    let prefix: [UInt8]
    static let maxProgram = 20_000
    static let maxDepth = 64

    public init?(_ pattern: String, caseInsensitive: Bool = false) {
        self.caseInsensitive = caseInsensitive
        var parser = Parser(bytes: Array(pattern.utf8), fold: caseInsensitive)
        guard let node = parser.alternation(depth: 0), parser.i == parser.bytes.count else { return nil }
        var prog: [Inst] = []
        guard LinearRegex.compile(node, into: &prog) else { return nil }
        prog.append(.match)
        program = prog
        prefix = LinearRegex.literalPrefix(Array(pattern.utf8), fold: caseInsensitive)
    }

    static func literalPrefix(_ p: [UInt8], fold: Bool) -> [UInt8] {
        guard p.first == UInt8(ascii: "^") else { return [] }
        var out: [UInt8] = []
        var i = 1
        while i < p.count {
            let c = p[i]
            if ".[]()*+?{}|\\^$".utf8.contains(c) {
                // A quantifier applies to the literal before it, which is then not required.
                if "*?{".utf8.contains(c), !out.isEmpty { out.removeLast() }
                if c == UInt8(ascii: "+") { /* one or more: the byte stays required */ }
                break
            }
            out.append(fold ? LinearRegex.lower(c) : c)
            i += 1
        }
        return out
    }

    static func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }

    indirect enum Node {
        case set(Set<UInt8>, negated: Bool), any, begin, end
        case concat([Node]), alt([Node]), repeat_(Node, min: Int, max: Int?)
    }

    struct Parser {
        let bytes: [UInt8]
        let fold: Bool
        var i = 0
        /// A quantifier that PCRE rejects (`{3,2}`).
        var failed = false

        mutating func alternation(depth: Int) -> Node? {
            guard depth < LinearRegex.maxDepth else { return nil }
            var branches: [Node] = []
            repeat {
                if i < bytes.count, bytes[i] == UInt8(ascii: "|") { i += 1 }
                guard let c = concatenation(depth: depth) else { return nil }
                branches.append(c)
            } while i < bytes.count && bytes[i] == UInt8(ascii: "|")
            return branches.count == 1 ? branches[0] : .alt(branches)
        }

        mutating func concatenation(depth: Int) -> Node? {
            var items: [Node] = []
            while i < bytes.count, bytes[i] != UInt8(ascii: "|"), bytes[i] != UInt8(ascii: ")") {
                guard var atom = atom(depth: depth) else { return nil }
                // One quantifier per atom, as PCRE ("nothing to repeat" otherwise); a lazy `?` or possessive `+`
                // after it changes nothing for a yes/no match.
                var quantified = false
                while i < bytes.count {
                    let q = bytes[i]
                    var range: (Int, Int?)?
                    if q == UInt8(ascii: "*") { range = (0, nil); i += 1 }
                    else if q == UInt8(ascii: "+") { range = (1, nil); i += 1 }
                    else if q == UInt8(ascii: "?") { range = (0, 1); i += 1 }
                    else if q == UInt8(ascii: "{"), let r = counted() { range = r }
                    if failed { return nil }
                    guard let (lo, hi) = range else { break }
                    guard !quantified else { return nil }
                    quantified = true
                    if i < bytes.count, bytes[i] == UInt8(ascii: "?") || bytes[i] == UInt8(ascii: "+") { i += 1 }
                    atom = .repeat_(atom, min: lo, max: hi)
                }
                items.append(atom)
            }
            return items.count == 1 ? items[0] : .concat(items)
        }

        /// `{m}`, `{m,}`, `{m,n}`; anything else leaves `{` a literal, as PCRE does.
        mutating func counted() -> (Int, Int?)? {
            var k = i + 1, lo = 0, hi: Int?, digits = 0
            while k < bytes.count, bytes[k] >= 0x30, bytes[k] <= 0x39, digits < 4 { lo = lo * 10 + Int(bytes[k] - 0x30); k += 1; digits += 1 }
            guard digits > 0, k < bytes.count else { return nil }
            if bytes[k] == UInt8(ascii: ",") {
                k += 1
                var n = 0, d = 0
                while k < bytes.count, bytes[k] >= 0x30, bytes[k] <= 0x39, d < 4 { n = n * 10 + Int(bytes[k] - 0x30); k += 1; d += 1 }
                hi = d > 0 ? n : nil
            } else { hi = lo }
            guard k < bytes.count, bytes[k] == UInt8(ascii: "}") else { return nil }
            if let hi, hi < lo { failed = true; return nil }
            i = k + 1
            return (lo, hi)
        }

        mutating func atom(depth: Int) -> Node? {
            let c = bytes[i]
            i += 1
            switch c {
            case UInt8(ascii: "."): return .any
            case UInt8(ascii: "^"): return .begin
            case UInt8(ascii: "$"): return .end
            case UInt8(ascii: "("):
                if i < bytes.count, bytes[i] == UInt8(ascii: "?") {
                    // (?:…) and (?<name>…) / (?P<name>…); lookaround and flags are not supported.
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: ":") { i += 2 }
                    else if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "<") || bytes[i + 1] == UInt8(ascii: "P") {
                        guard let close = bytes[i...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
                        if bytes[i + 1] == UInt8(ascii: "<"), i + 2 < bytes.count, bytes[i + 2] == UInt8(ascii: "=") || bytes[i + 2] == UInt8(ascii: "!") { return nil }
                        i = close + 1
                    } else { return nil }
                }
                guard let inner = alternation(depth: depth + 1), i < bytes.count, bytes[i] == UInt8(ascii: ")") else { return nil }
                i += 1
                return inner
            case UInt8(ascii: "["): return charClass()
            case UInt8(ascii: "\\"): return escape(inClass: false).map { .set($0.0, negated: $0.1) }
            case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: ")"): return nil
            default: return .set(folded([c]), negated: false)
            }
        }

        func folded(_ s: Set<UInt8>) -> Set<UInt8> {
            guard fold else { return s }
            var out = s
            for b in s where (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") { out.insert(b | 0x20); out.insert(b & ~0x20) }
            return out
        }

        static let digits = Set(UInt8(ascii: "0")...UInt8(ascii: "9"))
        static let word = digits.union(UInt8(ascii: "a")...UInt8(ascii: "z")).union(UInt8(ascii: "A")...UInt8(ascii: "Z")).union([UInt8(ascii: "_")])
        static let space: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C]

        /// After a backslash: a class (`\d`, negated `\D`) or a literal byte.
        mutating func escape(inClass: Bool) -> (Set<UInt8>, Bool)? {
            guard i < bytes.count else { return nil }
            let c = bytes[i]
            i += 1
            switch c {
            case UInt8(ascii: "d"): return (Parser.digits, false)
            case UInt8(ascii: "D"): return (Parser.digits, true)
            case UInt8(ascii: "w"): return (Parser.word, false)
            case UInt8(ascii: "W"): return (Parser.word, true)
            case UInt8(ascii: "s"): return (Parser.space, false)
            case UInt8(ascii: "S"): return (Parser.space, true)
            case UInt8(ascii: "t"): return ([0x09], false)
            case UInt8(ascii: "n"): return ([0x0A], false)
            default:
                // Letters and digits after `\` mean something else in PCRE (\b, \1, \x…): not supported.
                if (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") || (c >= 0x30 && c <= 0x39) { return nil }
                return (folded([c]), false)
            }
        }

        mutating func charClass() -> Node? {
            var negated = false
            if i < bytes.count, bytes[i] == UInt8(ascii: "^") { negated = true; i += 1 }
            var set: Set<UInt8> = []
            var first = true
            while i < bytes.count, bytes[i] != UInt8(ascii: "]") || first {
                first = false
                var lo: UInt8
                if bytes[i] == UInt8(ascii: "\\") {
                    i += 1
                    guard let (s, neg) = escape(inClass: true) else { return nil }
                    if neg || s.count != 1 { guard !neg else { return nil }; set.formUnion(s); continue }
                    lo = s.first!
                } else { lo = bytes[i]; i += 1 }
                if i + 1 < bytes.count, bytes[i] == UInt8(ascii: "-"), bytes[i + 1] != UInt8(ascii: "]") {
                    let hi = bytes[i + 1]
                    i += 2
                    guard hi >= lo else { return nil }
                    set.formUnion(lo...hi)
                } else { set.insert(lo) }
            }
            guard i < bytes.count else { return nil }
            i += 1
            return .set(folded(set), negated: negated)
        }
    }

    /// Thompson construction; false when the program would exceed `maxProgram` (huge counted repetitions).
    static func compile(_ n: Node, into p: inout [Inst]) -> Bool {
        guard p.count < maxProgram else { return false }
        switch n {
        case .set(let s, let neg): p.append(.byte(s, negated: neg))
        case .any: p.append(.any)
        case .begin: p.append(.begin)
        case .end: p.append(.end)
        case .concat(let items): for x in items { guard compile(x, into: &p) else { return false } }
        case .alt(let branches):
            var jumps: [Int] = []
            for (k, b) in branches.enumerated() {
                if k < branches.count - 1 {
                    let split = p.count
                    p.append(.split(0, 0))
                    guard compile(b, into: &p) else { return false }
                    jumps.append(p.count)
                    p.append(.jump(0))
                    p[split] = .split(split + 1, p.count)
                } else { guard compile(b, into: &p) else { return false } }
            }
            for j in jumps { p[j] = .jump(p.count) }
        case .repeat_(let x, let lo, let hi):
            for _ in 0..<lo { guard compile(x, into: &p) else { return false } }
            if let hi {
                var exits: [Int] = []
                for _ in lo..<hi {
                    exits.append(p.count)
                    p.append(.split(0, 0))
                    guard compile(x, into: &p) else { return false }
                }
                for e in exits { p[e] = .split(e + 1, p.count) }
            } else {
                let loop = p.count
                p.append(.split(0, 0))
                guard compile(x, into: &p) else { return false }
                p.append(.jump(loop))
                p[loop] = .split(loop + 1, p.count)
            }
        }
        return p.count <= maxProgram
    }

    /// Whether the pattern matches anywhere in `text` (nginx's location regexes are unanchored searches).
    /// O(text × program) time, O(program) memory.
    public func matches(_ text: String) -> Bool {
        let s = Array(text.utf8)
        if !prefix.isEmpty {
            guard s.count >= prefix.count else { return false }
            for k in prefix.indices where (caseInsensitive ? LinearRegex.lower(s[k]) : s[k]) != prefix[k] { return false }
        }
        var current: [Int] = [], next: [Int] = []
        var mark = [Int](repeating: -1, count: program.count)
        var generation = 0
        var stack: [Int] = []
        // Adds pc and what it reaches without consuming input (explicit stack, no recursion).
        func add(_ start: Int, _ list: inout [Int], at pos: Int) -> Bool {
            stack.removeAll(keepingCapacity: true)
            stack.append(start)
            while let pc = stack.popLast() {
                guard mark[pc] != generation else { continue }
                mark[pc] = generation
                switch program[pc] {
                case .jump(let t): stack.append(t)
                case .split(let a, let b): stack.append(b); stack.append(a)
                case .begin: if pos == 0 { stack.append(pc + 1) }
                case .end: if pos == s.count { stack.append(pc + 1) }
                case .match: return true
                default: list.append(pc)
                }
            }
            return false
        }
        for pos in 0...s.count {
            generation += 1
            // An unanchored search starts a new thread at every position.
            for pc in current where add(pc, &next, at: pos) { return true }
            if add(0, &next, at: pos) { return true }
            guard pos < s.count else { break }
            let c = s[pos]
            current.removeAll(keepingCapacity: true)
            for pc in next {
                switch program[pc] {
                case .byte(let set, let neg): if set.contains(c) != neg { current.append(pc + 1) }
                case .any: if c != 0x0A { current.append(pc + 1) }
                default: break
                }
            }
            next.removeAll(keepingCapacity: true)
        }
        return false
    }
}
