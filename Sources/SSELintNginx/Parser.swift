import SSELintCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds the directive tree of one file. Iterative (an explicit stack), so no input can overflow the call
/// stack; nesting deeper than `maxNesting` is rejected with an error at the offending `{`.
public enum NginxParser {
    /// `words`: words shared with other files parsed by the same caller on one thread (see SharedWords).
    public static func parse(_ source: SourceFile, maxNesting: Int = 200, words: SharedWords? = nil) -> Result<NginxFile, InputError> {
        source.bytes.withUnsafeBufferPointer { parse(source, $0, maxNesting: maxNesting, words: words) }
    }

    /// Files smaller than this have their store's buffers cut to size after the parse.
    static let compactBelow = 1 << 20

    /// Why a file is refused before it is read as a config, if it is (checked before any part of it is parsed).
    static func refusal(_ source: SourceFile) -> InputError? {
        if source.bytes.withUnsafeBytes({ !$0.isEmpty && memchr($0.baseAddress!, 0, $0.count) != nil }) {
            return InputError(path: source.path, line: 1, column: 1, message: "binary file (contains NUL bytes), not an nginx config")
        }
        // Offsets are kept as 32-bit integers in the store (the size limit keeps files far below that).
        if source.bytes.count >= Int(Int32.max) {
            return InputError(path: source.path, line: 1, column: 1, message: "file too large to parse (2 GiB or more)")
        }
        return nil
    }

    private static func parse(_ source: SourceFile, _ bytes: UnsafeBufferPointer<UInt8>, maxNesting: Int, words: SharedWords?) -> Result<NginxFile, InputError> {
        if let refused = refusal(source) { return .failure(refused) }
        if let whole = parseInParts(source, bytes, maxNesting: maxNesting) { return .success(whole) }
        var part = Part(source, bytes, 0..<bytes.count, maxNesting: maxNesting, tail: false, words: words)
        if let failure = part.run() { return .failure(failure) }
        if part.stack.count > 1, let open = part.stack.last?.owner, open >= 0 {
            let d = NginxDirective(store: part.store, index: open, block: [])
            let p = source.position(of: d.start)
            return part.fail(source.bytes.count, "unexpected end of file, expecting \"}\" (block \"\(d.name)\" opened at \(p.line):\(p.column) is not closed)")
        }
        if source.bytes.count < compactBelow {
            part.store.compact()
            part.comments.shrinkToFit(); part.includes.shrinkToFit()
        }
        let file = NginxFile(source: source, directives: part.pending.take(from: 0), comments: part.comments, directiveCount: part.count,
                             includes: part.includes, templateLike: part.templateLike, nesting: part.deepest)
        return .success(file)
    }

    /// The parse of one range of a file: the whole file, or one of its parts. A tail part (any after the first) may
    /// close blocks that the parts before it opened: it records those closes instead of failing on them.
    struct Part {
        let source: SourceFile
        let tail: Bool
        let maxNesting: Int
        var lexer: Lexer
        let store: NginxStore
        var comments: [NginxComment] = []
        var count = 0
        // Found while parsing, so that no later pass walks the whole tree for them (post-order: as completed).
        var includes: [NginxDirective] = []
        var templateLike: NginxDirective?
        // Each frame: the block directive being filled (its index in the store; -1 for the range's top level) and
        // where its children start in `pending`, which holds the children of every open block (innermost last):
        // each block's list is made once at its exact size when it closes, not grown by doubling.
        var stack: [(owner: Int32, from: Int)] = [(-1, 0)]
        let pending = OpenChildren()
        /// A tail's closes of blocks opened before it: where each was and how much of `pending` precedes it.
        var closes: [(start: Int, end: Int, upTo: Int)] = []
        /// How deep its blocks nest; for a tail, relative to the level it starts at (its opens less its closes of
        /// blocks opened before it).
        var deepest = 0
        /// The end of the last `}` read (for a part before the last: whether it ends right at the next cut).
        var lastClose = -1
        // Tokens come in order, so their lines are found by walking the line index forward (a binary search per
        // token was a fifth of parsing).
        let lineStarts: LineStarts
        var lineIndex: Int
        /// The name key of each of the lexer's word ids met as a directive name (-1: not yet).
        var keyOfID: [Int32] = []
        /// Names nginx does not know spelled with other bytes than the first of their key in this range.
        var spellingOfID: [Int: String] = [:]

        init(_ source: SourceFile, _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, maxNesting: Int, tail: Bool,
             words: SharedWords? = nil) {
            self.source = source; self.tail = tail; self.maxNesting = maxNesting
            lexer = range == 0..<bytes.count ? Lexer(bytes, shared: words) : Lexer(bytes, range: range, shared: words)
            store = NginxStore(file: source)
            // About a directive a line, capped by size (a file of blank lines would otherwise reserve gigabytes). A
            // file small enough to have its buffers cut to size afterwards counts its `;` and `{` instead, so that
            // the cut rarely has anything to copy (thousands of included files paid for both).
            let share = Double(range.count) / Double(max(1, bytes.count))
            var estimate = Int(Double(source.lineStarts.count) * share)
            if bytes.count < NginxParser.compactBelow {
                let part = UnsafeBufferPointer(rebasing: bytes[range])
                estimate = 0
                forEachOffset(of: 0x3B, in: part) { _ in estimate += 1 }
                forEachOffset(of: 0x7B, in: part) { _ in estimate += 1 }
            }
            store.reserve(min(estimate, range.count / 24 + 16))
            lineStarts = source.lineStarts
            // Names and long words of a small file fit without growing it step by step.
            keyOfID.reserveCapacity(64)
            lineIndex = range.lowerBound == 0 ? 0 : max(0, source.position(of: range.lowerBound).line - 1)
        }

        /// Whether the parse records `d` when it completes (an include, or a name that is a template placeholder).
        static func notable(_ d: NginxDirective) -> Bool {
            // By key first: a placeholder is never a name nginx knows (reading every name was a twentieth of parsing).
            if d.nameKey == includeKey { return true }
            guard NginxNames.knownName(d.nameKey) == nil, let c = d.name.utf8.first, c == 0x24 || c == 0x7B else { return false }
            return d.name.hasPrefix("${") || d.name.hasPrefix("{{") || d.name.hasPrefix("{%")
        }
        static let includeKey = NginxNames.knownKey("include")
        /// The lexer's id of the name `if`.
        static let ifID = -2 - NginxNames.knownKey("if")

        mutating func completed(_ d: NginxDirective) {
            guard Part.notable(d) else { return }
            if d.nameKey == Part.includeKey { includes.append(d) } else { templateLike = d }
        }

        mutating func line(_ offset: Int) -> Int {
            guard offset >= lineStarts[lineIndex] else { return source.position(of: offset).line }
            while lineIndex + 1 < lineStarts.count, lineStarts[lineIndex + 1] <= offset { lineIndex += 1 }
            return lineIndex + 1
        }

        func fail(_ offset: Int, _ msg: String) -> Result<NginxFile, InputError> {
            .failure(InputError(at: source.position(of: offset), in: source, msg))
        }

        private func error(_ offset: Int, _ msg: String) -> InputError {
            InputError(at: source.position(of: offset), in: source, msg)
        }

        /// Parses the range; the error that stops it, if any.
        mutating func run() -> InputError? {
            var argComments: [String] = []
            do {
                tokens: while true {
                    let tok = try lexer.next()
                    switch tok.kind {
                    case .end:
                        break tokens
                    case .comment:
                        comments.append(NginxComment(text: lexer.value(tok), start: tok.start, end: tok.end, line: line(tok.start)))
                    case .close:
                        lastClose = tok.end
                        guard stack.count > 1, let owner = stack.last?.owner, owner >= 0 else {
                            if tail { closes.append((tok.start, tok.end, pending.count)); continue }
                            return error(tok.start, "unexpected \"}\" (no block is open here)")
                        }
                        store.close(owner, at: tok.start, end: tok.end)
                        let from = stack.removeLast().from
                        let d = NginxDirective(store: store, index: owner, block: pending.take(from: from))
                        completed(d)
                        pending.append(d)
                    case .open, .semicolon:
                        return error(tok.start, "unexpected \"\(tok.kind == .open ? "{" : ";")\" (a directive name is missing)")
                    case .word:
                        argComments.removeAll(keepingCapacity: true)
                        let argsFrom = store.args.count
                        // The token that ends the directive: only its kind and place are kept (a copy of the token
                        // was a retain and a release).
                        var term: (kind: Token.Kind, start: Int, end: Int)
                        while true {
                            let t = try lexer.next()
                            if t.kind == .word { store.appendArg(value: lexer.value(t), quoted: t.quoted, start: t.start, end: t.end); continue }
                            if t.kind == .comment {
                                let text = lexer.value(t)
                                comments.append(NginxComment(text: text, start: t.start, end: t.end, line: line(t.start)))
                                argComments.append(text)
                                continue
                            }
                            term = (t.kind, t.start, t.end)
                            break
                        }
                        let line = line(tok.start)
                        guard term.kind != .end else {
                            return error(source.bytes.count, "unexpected end of file, expecting \";\" or \"}\" (directive \"\(lexer.name(tok))\" at line \(line) is not terminated)")
                        }
                        if tok.id == Part.ifID {
                            store.replaceArgs(from: argsFrom, with: stripIfParentheses((argsFrom..<store.args.count).map(store.arg)))
                        }
                        count += 1
                        // The name's process-wide key: the lexer's for a name nginx knows, else found once per
                        // distinct name of the range (the lexer's ids also count long argument words).
                        let nameID = Int(tok.id)
                        var nameKey = Int32(truncatingIfNeeded: -2 - nameID)
                        var spelling: String?
                        if nameID >= 0 {
                            // Grown one slot at a time (appending a repeated element went through a generic path).
                            while keyOfID.count <= nameID { keyOfID.append(-1) }
                            nameKey = keyOfID[nameID]
                            if nameKey < 0 {
                                let name = lexer.word(nameID)
                                nameKey = NginxNames.register(name)
                                if NginxNames.knownName(nameKey) == nil {
                                    // Keys are shared by canonically equal spellings (NFC and NFD); a directive's
                                    // name keeps its own bytes.
                                    if let first = store.otherNames.first(where: { $0.key == nameKey }) {
                                        if !bytewiseEqual(first.name, name) { spellingOfID[nameID] = name }
                                    } else {
                                        store.otherNames.append((nameKey, name))
                                    }
                                }
                                keyOfID[nameID] = nameKey
                            }
                            spelling = spellingOfID.isEmpty ? nil : spellingOfID[nameID]
                        }
                        switch term.kind {
                        case .semicolon:
                            let i = store.append(nameKey: nameKey, argsFrom: argsFrom, line: line, start: tok.start, end: term.end, argComments: argComments)
                            if let spelling { store.spellings[i] = spelling }
                            let d = NginxDirective(store: store, index: i, block: nil)
                            completed(d)
                            pending.append(d)
                        case .open:
                            if stack.count > maxNesting {
                                return error(term.start, "blocks nested deeper than \(maxNesting) levels; refusing to parse further")
                            }
                            let i = store.append(nameKey: nameKey, argsFrom: argsFrom, line: line, start: tok.start, end: term.end, argComments: argComments)
                            if let spelling { store.spellings[i] = spelling }
                            store.open(i, at: term.start)
                            stack.append((i, pending.count))
                            deepest = max(deepest, stack.count - 1 - closes.count)
                        default:
                            let p = source.position(of: tok.start)
                            return error(term.start, "unexpected \"}\", expecting \";\" (directive \"\(lexer.name(tok))\" at \(p.line):\(p.column) is missing its \";\")")
                        }
                    }
                }
            } catch let e as LexError {
                return error(e.offset, e.message)
            } catch {
                return self.error(0, "\(error)")
            }
            return nil
        }
    }

    /// `if ( $a = b )` → [`$a`, `=`, `b`], as nginx and crossplane see the condition.
    static func stripIfParentheses(_ args: [NginxArg]) -> [NginxArg] {
        guard let first = args.first, let last = args.last, first.value.hasPrefix("("), last.value.hasSuffix(")") else { return args }
        var a = args
        func trimmed(_ s: Substring) -> String {
            String(s.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
        }
        a[0] = NginxArg(value: String(trimmed(a[0].value.dropFirst())), quoted: a[0].quoted, start: a[0].start, end: a[0].end)
        let l = a.count - 1
        a[l] = NginxArg(value: String(trimmed(a[l].value.dropLast())), quoted: a[l].quoted, start: a[l].start, end: a[l].end)
        if a.last?.value.isEmpty == true { a.removeLast() }
        if a.first?.value.isEmpty == true { a.removeFirst() }
        return a
    }
}
