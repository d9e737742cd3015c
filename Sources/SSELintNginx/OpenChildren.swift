/// The children of every open block while a file is parsed (innermost block's last), each block's moved out into a
/// list of its own when the block closes. An array copied them out (a retain each, plus a copy of the whole array
/// when the slice still held it) and removing them released each: 1,500 instructions a block, a tenth of parsing a
/// small included file. A class: a parse's parts (ParserSplit) hand theirs on, never share one.
final class OpenChildren {
    private var base: UnsafeMutablePointer<NginxDirective>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 16) {
        self.capacity = max(1, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    func append(_ d: NginxDirective) {
        if count == capacity { grow(to: 2 * capacity) }
        (base + count).initialize(to: d)
        count += 1
    }

    /// Copies of `others[range]`, appended.
    func append(_ others: OpenChildren, _ range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= others.count)
        if count + range.count > capacity { grow(to: max(2 * capacity, count + range.count)) }
        (base + count).initialize(from: others.base + range.lowerBound, count: range.count)
        count += range.count
    }

    /// The directives from `from` on, moved out into an array of their own and no longer held here.
    func take(from: Int) -> [NginxDirective] {
        precondition(from >= 0 && from <= count)
        // Appended one by one, each moved (no count up or down): an array made uninitialised at its size looked its
        // storage class up in the runtime's table (see `Array.init(count:filler:writing:)`), a few times per file.
        var out: [NginxDirective] = []
        out.reserveCapacity(count - from)
        for i in from..<count { out.append((base + i).move()) }
        count = from
        return out
    }

    /// Copies of the directives in `range`.
    func copy(_ range: Range<Int>) -> [NginxDirective] {
        precondition(range.lowerBound >= 0 && range.upperBound <= count)
        return Array(UnsafeBufferPointer(start: base + range.lowerBound, count: range.count))
    }

    private func grow(to n: Int) {
        let bigger = UnsafeMutablePointer<NginxDirective>.allocate(capacity: n)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = n
    }
}
