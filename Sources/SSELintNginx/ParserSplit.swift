import SSELintCore

/// A large file parsed as two parts on two cores: the second part starts after a `}` near the middle, and the
/// parts are joined into the tree one parse of the whole file gives (checked, not assumed: see `parseInTwo`).
extension NginxParser {
    /// Files at least this large are parsed as two parts on two cores.
    static let splitAbove = 1 << 20

    /// A large file parsed as two parts at once, cut after a `}` near the middle and joined: the same tree a parse
    /// of the whole file gives, or nil (the file is small, no cut was found, or either part is not what the whole
    /// parse would have seen there: the caller then parses the whole file, which also gives any error exactly).
    static func parseInTwo(_ source: SourceFile, _ bytes: UnsafeBufferPointer<UInt8>, maxNesting: Int, force cut: Int? = nil,
                           concurrently: Bool = true) -> NginxFile? {
        guard cut != nil || (bytes.count >= splitAbove && Parallel.cores > 1), let cut = cut ?? Self.cut(bytes) else { return nil }
        let (head, tail) = Parallel.pair(concurrently: concurrently, {
            var part = Part(source, bytes, 0..<cut, maxNesting: maxNesting, tail: false)
            return part.run() == nil ? part : nil
        }, {
            var part = Part(source, bytes, cut..<bytes.count, maxNesting: maxNesting, tail: true)
            return part.run() == nil ? part : nil
        })
        // The head must end with the `}` just before the cut (then the lexer's state there is what a lexer of the
        // whole file has after that `}`), and the tail must close exactly the blocks the head left open and every
        // block it opens itself (one left open at the end is the whole parse's error to report).
        guard var head, let tail, head.lastClose == cut, tail.closes.count == head.stack.count - 1, tail.stack.count == 1,
              head.stack.count - 1 + tail.deepest <= maxNesting else { return nil }
        let open = head.stack.count - 1
        var from = 0
        for close in tail.closes {
            let frame = head.stack.removeLast()
            let d = NginxDirective(store: head.store, index: frame.owner,
                                   block: Array(head.pending[frame.from...]) + tail.pending[from..<close.upTo])
            // A joined block that the parse would have recorded on completion: only the whole parse orders it right.
            if Part.notable(d) { return nil }
            head.store.close(frame.owner, at: close.start, end: close.end)
            head.pending.removeSubrange(frame.from...)
            head.pending.append(d)
            from = close.upTo
        }
        var file = NginxFile(source: source, directives: head.pending + tail.pending[from...], comments: head.comments + tail.comments,
                             directiveCount: head.count + tail.count, includes: head.includes + tail.includes,
                             templateLike: tail.templateLike ?? head.templateLike)
        file.nesting = max(head.deepest, open + tail.deepest)
        return file
    }

    /// The two-part parse of `source` cut at `cut`, whatever its size (tests compare it with the whole parse).
    static func parseInTwo(_ source: SourceFile, cut: Int, maxNesting: Int = 200, concurrently: Bool = true) -> NginxFile? {
        source.bytes.withUnsafeBufferPointer { parseInTwo(source, $0, maxNesting: maxNesting, force: cut, concurrently: concurrently) }
    }

    /// Where to cut a large file: just after a line that holds only `}`, the least indented within an eighth of the
    /// file after its middle (closing a `server`, say), so that the parts' blocks join at a shallow level.
    static func cut(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = b.count
        var best: (indent: Int, cut: Int)?
        var i = n / 2
        while i < n, b[i] != 0x0A { i += 1 }
        let stop = min(n, n / 2 + n / 8)
        while i < stop {
            // `i` is at a newline; look at the line after it.
            var j = i + 1, indent = 0
            while j < n, b[j] == 0x20 || b[j] == 0x09 { indent += 1; j += 1 }
            if j < n, b[j] == UInt8(ascii: "}"), best.map({ indent < $0.indent }) ?? true {
                var k = j + 1
                while k < n, b[k] == 0x20 || b[k] == 0x09 || b[k] == 0x0D { k += 1 }
                if k == n || b[k] == 0x0A {
                    best = (indent, j + 1)
                    if indent == 0 { break }
                }
            }
            i = j
            while i < n, b[i] != 0x0A { i += 1 }
        }
        return best?.cut
    }

    /// For the fuzzer: whether the two-part parse of `source`, cut after the first `}` past its middle, is either
    /// refused or exactly the whole parse's tree. A file refused before parsing (NUL bytes) never reaches it.
    public static func twoPartParseAgrees(_ source: SourceFile) -> Bool {
        let b = source.bytes
        guard refusal(source) == nil, let brace = b[(b.count / 2)...].firstIndex(of: UInt8(ascii: "}")),
              let two = parseInTwo(source, cut: brace + 1, concurrently: false) else { return true }
        guard case .success(let whole) = parse(source) else { return false }
        return fingerprint(two) == fingerprint(whole)
    }

    /// Everything a parse gives, as one string.
    static func fingerprint(_ f: NginxFile) -> String {
        var out = "\(f.directiveCount) \(f.nesting) \(f.includes.map(\.start)) \(f.templateLike?.start ?? -1)\n"
        for c in f.comments { out += "#\(c.text) \(c.start) \(c.end) \(c.line)\n" }
        var stack: [(NginxDirective, Int)] = f.directives.reversed().map { ($0, 0) }
        while let (d, depth) = stack.popLast() {
            out += "\(depth) \(d.name) \(d.line) \(d.start) \(d.end) \(d.blockOpen ?? -1) \(d.blockClose ?? -1) \(d.argComments)"
            for a in d.args { out += " \(a.value)|\(a.quoted)|\(a.start)|\(a.end)" }
            out += "\n"
            stack += (d.block ?? []).reversed().map { ($0, depth + 1) }
        }
        return out
    }
}
