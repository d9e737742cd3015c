import SSELintCore

/// Builds the directive tree of one file. Iterative (an explicit stack), so no input can overflow the call
/// stack; nesting deeper than `maxNesting` is rejected with an error at the offending `{`.
public enum NginxParser {
    public static func parse(_ source: SourceFile, maxNesting: Int = 200) -> Result<NginxFile, InputError> {
        if source.bytes.contains(0) {
            return .failure(InputError(path: source.path, line: 1, column: 1,
                                       message: "binary file (contains NUL bytes), not an nginx config"))
        }
        var lexer = Lexer(source.bytes)
        var comments: [NginxComment] = []
        var count = 0
        // Found while parsing, so that no later pass walks the whole tree for them (post-order: as completed).
        var includes: [NginxDirective] = []
        var templateLike: NginxDirective?
        func completed(_ d: NginxDirective) {
            if let c = d.name.utf8.first, c == 0x24 || c == 0x7B || c == 0x69 {
                if d.name == "include" { includes.append(d) }
                else if d.name.hasPrefix("${") || d.name.hasPrefix("{{") || d.name.hasPrefix("{%") { templateLike = d }
            }
        }
        // Tokens come in order, so their lines are found by walking the line index forward (a binary search per
        // token was a fifth of parsing).
        let lineStarts = source.lineStarts
        var lineIndex = 0
        func line(_ offset: Int) -> Int {
            guard offset >= lineStarts[lineIndex] else { return source.position(of: offset).line }
            while lineIndex + 1 < lineStarts.count, lineStarts[lineIndex + 1] <= offset { lineIndex += 1 }
            return lineIndex + 1
        }
        // Each frame: the block directive being filled (nil for the file's top level) and its children.
        var stack: [(owner: NginxDirective?, children: [NginxDirective])] = [(nil, [])]
        func fail(_ offset: Int, _ msg: String) -> Result<NginxFile, InputError> {
            .failure(InputError(at: source.position(of: offset), in: source, msg))
        }
        do {
            while let tok = try lexer.next() {
                switch tok.kind {
                case .comment:
                    comments.append(NginxComment(text: tok.value, start: tok.start, end: tok.end, line: line(tok.start)))
                case .close:
                    guard stack.count > 1, var owner = stack.last?.owner else {
                        return fail(tok.start, "unexpected \"}\" (no block is open here)")
                    }
                    owner.block = stack.removeLast().children
                    owner.blockClose = tok.start
                    owner.end = tok.end
                    completed(owner)
                    stack[stack.count - 1].children.append(owner)
                case .open, .semicolon:
                    return fail(tok.start, "unexpected \"\(tok.value)\" (a directive name is missing)")
                case .word:
                    var args: [NginxArg] = []
                    var terminator: Token?
                    var argComments: [String] = []
                    while let t = try lexer.next() {
                        if t.kind == .word { args.append(NginxArg(value: t.value, quoted: t.quoted, start: t.start, end: t.end)); continue }
                        if t.kind == .comment {
                            comments.append(NginxComment(text: t.value, start: t.start, end: t.end, line: line(t.start)))
                            argComments.append(t.value)
                            continue
                        }
                        terminator = t
                        break
                    }
                    let line = line(tok.start)
                    guard let term = terminator else {
                        return fail(source.bytes.count, "unexpected end of file, expecting \";\" or \"}\" (directive \"\(tok.value)\" at line \(line) is not terminated)")
                    }
                    if tok.value == "if" { args = stripIfParentheses(args) }
                    count += 1
                    var d = NginxDirective(name: tok.value, args: args, block: nil, file: source, line: line,
                                           start: tok.start, end: term.end, blockOpen: nil, blockClose: nil,
                                           argComments: argComments)
                    switch term.kind {
                    case .semicolon:
                        completed(d)
                        stack[stack.count - 1].children.append(d)
                    case .open:
                        if stack.count > maxNesting {
                            return fail(term.start, "blocks nested deeper than \(maxNesting) levels; refusing to parse further")
                        }
                        d.blockOpen = term.start
                        stack.append((d, []))
                    default:
                        let p = source.position(of: tok.start)
                        return fail(term.start, "unexpected \"}\", expecting \";\" (directive \"\(tok.value)\" at \(p.line):\(p.column) is missing its \";\")")
                    }
                }
            }
        } catch let e as LexError {
            return fail(e.offset, e.message)
        } catch {
            return fail(0, "\(error)")
        }
        if stack.count > 1, let open = stack.last?.owner {
            let p = source.position(of: open.start)
            return fail(source.bytes.count, "unexpected end of file, expecting \"}\" (block \"\(open.name)\" opened at \(p.line):\(p.column) is not closed)")
        }
        return .success(NginxFile(source: source, directives: stack[0].children, comments: comments, directiveCount: count,
                                 includes: includes, templateLike: templateLike))
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
