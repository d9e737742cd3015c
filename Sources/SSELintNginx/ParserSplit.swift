import SSELintCore

/// A large file parsed as several parts on every core: each part after the first starts right after a `}` (cut where
/// a line holds only `}`), and the parts are joined in order into the tree one parse of the whole file gives
/// (checked, not assumed: see `parseInParts`).
extension NginxParser {
    /// Files at least this large are parsed in parts.
    static let splitAbove = 1 << 20
    /// Parts per core (eight at most), handed to whichever core is free: two fixed halves waited for the slower core
    /// (on a shared machine one core often runs at a fraction of the other's speed).
    static let partsPerCore = 2

    /// A large file parsed as parts at once, cut after a `}` near each k-th fraction of it and joined: the same
    /// tree a parse of the whole file gives, or nil (the file is small, no cut was found, or a part is not what the
    /// whole parse would have seen there: the caller then parses the whole file, which also gives any error exactly).
    static func parseInParts(_ source: SourceFile, _ bytes: UnsafeBufferPointer<UInt8>, maxNesting: Int, force forced: [Int]? = nil,
                             concurrently: Bool = true) -> NginxFile? {
        let cuts: [Int]
        if let forced { cuts = forced } else {
            guard bytes.count >= splitAbove, Parallel.cores > 1 else { return nil }
            cuts = Self.cuts(bytes, parts: min(8, Parallel.cores * partsPerCore))
        }
        guard let first = cuts.first, first > 0, cuts.last! <= bytes.count, zip(cuts, cuts.dropFirst()).allSatisfy({ $0 < $1 }) else {
            return nil
        }
        let bounds = [0] + cuts + [bytes.count]
        let parts = Parallel.map(Array(bounds.indices.dropLast()), minimum: concurrently ? 2 : .max) { k -> Part? in
            // Words shared within the part (one thread parses it), as among the files of a split config.
            var part = Part(source, bytes, bounds[k]..<bounds[k + 1], maxNesting: maxNesting, tail: k > 0, words: SharedWords())
            return part.run() == nil ? part : nil
        }
        // Each part but the first must begin right after the `}` that ended the one before (then its lexer's state
        // there is what a lexer of the whole file has after that `}`), may close only blocks opened before it (all
        // of those still open, for the last), and must close every block it opens itself (one left open at the end
        // is the whole parse's error to report).
        guard var head = parts[0] else { return nil }
        var nesting = head.deepest
        for k in parts.indices.dropFirst() {
            guard let tail = parts[k] else { return nil }
            let open = head.stack.count - 1
            guard head.lastClose == bounds[k], tail.stack.count == 1,
                  k == parts.count - 1 ? tail.closes.count == open : tail.closes.count <= open,
                  open + tail.deepest <= maxNesting else { return nil }
            var from = 0
            for close in tail.closes {
                let frame = head.stack.removeLast()
                let d = NginxDirective(store: head.store, index: frame.owner,
                                       block: head.pending.take(from: frame.from) + tail.pending.copy(from..<close.upTo))
                // A joined block that the parse would have recorded on completion: only the whole parse orders it right.
                if Part.notable(d) { return nil }
                head.store.close(frame.owner, at: close.start, end: close.end)
                head.pending.append(d)
                from = close.upTo
            }
            head.pending.append(tail.pending, from..<tail.pending.count)
            head.comments += tail.comments
            head.count += tail.count
            head.includes += tail.includes
            head.templateLike = tail.templateLike ?? head.templateLike
            head.lastClose = tail.lastClose
            nesting = max(nesting, open + tail.deepest)
        }
        let file = NginxFile(source: source, directives: head.pending.take(from: 0), comments: head.comments, directiveCount: head.count,
                             includes: head.includes, templateLike: head.templateLike, nesting: nesting)
        return file
    }

    /// The parse of `source` in parts cut at `cuts` (ascending, else nil), whatever its size (tests compare it with
    /// the whole parse).
    static func parseInParts(_ source: SourceFile, cuts: [Int], maxNesting: Int = 200, concurrently: Bool = true) -> NginxFile? {
        source.bytes.withUnsafeBufferPointer { parseInParts(source, $0, maxNesting: maxNesting, force: cuts, concurrently: concurrently) }
    }

    /// The two-part parse of `source` cut at `cut`.
    static func parseInTwo(_ source: SourceFile, cut: Int, maxNesting: Int = 200, concurrently: Bool = true) -> NginxFile? {
        parseInParts(source, cuts: [cut], maxNesting: maxNesting, concurrently: concurrently)
    }

    /// Where to cut a large file into `parts`: after each k-th fraction, as `cut(_:from:upTo:)` finds it within the
    /// quarter part that follows; fewer cuts where none is found.
    static func cuts(_ b: UnsafeBufferPointer<UInt8>, parts: Int) -> [Int] {
        let n = b.count
        return (1..<max(2, parts)).compactMap { k in cut(b, from: n * k / parts, upTo: n * k / parts + n / (4 * parts)) }
    }

    /// Where to cut a large file in two: within the eighth after its middle.
    static func cut(_ b: UnsafeBufferPointer<UInt8>) -> Int? { cut(b, from: b.count / 2, upTo: b.count / 2 + b.count / 8) }

    /// Just after a line that holds only `}`, the least indented between `from` and `upTo` (closing a `server`,
    /// say), so that the parts' blocks join at a shallow level.
    static func cut(_ b: UnsafeBufferPointer<UInt8>, from: Int, upTo: Int) -> Int? {
        let n = b.count
        var best: (indent: Int, cut: Int)?
        var i = from
        while i < n, b[i] != 0x0A { i += 1 }
        let stop = min(n, upTo)
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

    /// For the fuzzer: whether the parse of `source` in two parts (cut after the first `}` past its middle) and in
    /// three (after the first `}` past each third) is either refused or exactly the whole parse's tree. A file
    /// refused before parsing (NUL bytes) never reaches it.
    public static func splitParseAgrees(_ source: SourceFile) -> Bool {
        let b = source.bytes
        guard refusal(source) == nil else { return true }
        func brace(after i: Int) -> Int? { b[i...].firstIndex(of: UInt8(ascii: "}")).map { $0 + 1 } }
        var tries: [[Int]] = []
        if let c = brace(after: b.count / 2) { tries.append([c]) }
        if let c1 = brace(after: b.count / 3), let c2 = brace(after: max(c1, 2 * b.count / 3)), c2 < b.count { tries.append([c1, c2]) }
        var whole: String?
        for cuts in tries {
            guard let parts = parseInParts(source, cuts: cuts, concurrently: false) else { continue }
            if whole == nil {
                guard case .success(let w) = parse(source) else { return false }
                whole = fingerprint(w)
            }
            if fingerprint(parts) != whole { return false }
        }
        return true
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
