/// JSON written as it is produced, into bytes, in exactly the format of `JSON.serialized(indent:)`: for output too
/// large to build as a `JSON` tree first (`sselint parse` of a 160,000-line config spent most of its time building
/// and freeing that tree).
///
/// A writer is used by one owner: its buffer is a reference, so a copy writes into the same bytes.
public struct JSONWriter {
    private let out: ByteBuffer
    /// What is written so far (a copy).
    public var bytes: [UInt8] { out.array }
    /// How many bytes are written so far.
    public var count: Int { out.count }
    let indent: Int
    /// Values written so far in each open array or object.
    private var counts: [Int] = []
    private var afterKey = false
    private let base: Int

    /// `level`: how deep the first value sits (to write a part that is spliced into a larger document).
    public init(indent: Int = 0, level: Int = 0, capacity: Int = 0) {
        self.indent = indent; base = level
        out = ByteBuffer(capacity: capacity)
    }

    /// A writer for elements of an array that another writer has open, whose elements sit at `depth` with `after`
    /// written before them: a run of a long array written apart (on another core) and spliced in with
    /// `elementsWritten`.
    public init(indent: Int, elementsAt depth: Int, after: Int, capacity: Int = 0) {
        self.init(indent: indent, level: depth - 1, capacity: capacity)
        counts = [after]
    }

    /// The same writer placed before element `after` of its array again, keeping its buffer (emptied by `flush`):
    /// made once, a writer of such runs reuses its memory for each.
    public mutating func resume(after: Int) {
        precondition(out.count == 0 && counts.count == 1, "resume(after:) needs a flushed writer of elements")
        counts = [after]; afterKey = false
    }

    /// Counts `n` elements of the open array as written (by other writers, whose bytes went out in between).
    public mutating func elementsWritten(_ n: Int) { counts[counts.count - 1] += n }

    private var depth: Int { base + counts.count }

    private func newline() { if indent > 0 { out.append(0x0A) } }
    private func pad(_ level: Int) { if indent > 0 { out.append(repeating: 0x20, count: indent * level) } }

    /// The separator and indentation before a value (none after a key: the value follows it on its line).
    private mutating func element() {
        if afterKey { afterKey = false; return }
        guard let c = counts.last else { return }
        if c > 0 { out.append(0x2C) }
        newline(); pad(depth)
        counts[counts.count - 1] = c + 1
    }

    public mutating func beginArray() { element(); out.append(0x5B); counts.append(0) }
    public mutating func endArray() { close(0x5D) }
    public mutating func beginObject() { element(); out.append(0x7B); counts.append(0) }
    public mutating func endObject() { close(0x7D) }
    private mutating func close(_ c: UInt8) {
        let n = counts.removeLast()
        if n > 0 { newline(); pad(depth) }
        out.append(c)
    }

    public mutating func key(_ k: String) {
        element()
        quote(k)
        out.append(0x3A)
        if indent > 0 { out.append(0x20) }
        afterKey = true
    }

    /// A key that is a literal of plain ASCII with nothing to escape (the reporters' field names): copied as it is,
    /// with no scan (keys were a third of writing a report).
    public mutating func literalKey(_ k: StaticString) {
        element()
        out.append(0x22)
        out.append(UnsafeBufferPointer(start: k.utf8Start, count: k.utf8CodeUnitCount))
        out.append(0x22)
        out.append(0x3A)
        if indent > 0 { out.append(0x20) }
        afterKey = true
    }

    /// A key of an object whose other keys are written the same way, given with everything `literalKey` would write
    /// before its value here (separator, line break, indentation, quotes, colon) as one literal: the fixed fields of
    /// a report's findings, where each key's pieces written one by one were a third of writing the report.
    public mutating func literalKey(_ k: StaticString, written whole: StaticString) {
        #if DEBUG
        var c = JSONWriter(indent: indent, level: depth - 1, capacity: 64)
        c.counts = [counts[counts.count - 1]]
        c.literalKey(k)
        assert(c.out.array == Array(UnsafeBufferPointer(start: whole.utf8Start, count: whole.utf8CodeUnitCount)),
               "\(whole) is not what literalKey(\(k)) writes here")
        #endif
        counts[counts.count - 1] += 1
        out.append(UnsafeBufferPointer(start: whole.utf8Start, count: whole.utf8CodeUnitCount))
        afterKey = true
    }

    /// Hands what is written so far to `sink` and starts an empty buffer (a large document written out as it is
    /// made, not held whole).
    public mutating func flush(_ sink: (UnsafeBufferPointer<UInt8>) -> Void) {
        guard out.count > 0 else { return }
        // The writer's own bytes, not a copy (a copy of a piece of 128 KiB or more was mapped and faulted in afresh).
        sink(out.written)
        out.count = 0
    }

    /// The line break a document written to a file ends with.
    public mutating func newlineAtEnd() { out.append(0x0A) }
    public mutating func string(_ s: String) { element(); quote(s) }
    public mutating func int(_ i: Int) {
        element()
        withDecimalDigits(i) { out.append($0) }
    }
    public mutating func bool(_ b: Bool) { element(); out.append(b ? "true" : "false") }
    public mutating func null() { element(); out.append("null") }
    /// A value written by another writer (made with this one's indent and the level of this position).
    public mutating func raw(_ value: [UInt8]) { element(); value.withUnsafeBufferPointer { out.append($0) } }
    public mutating func value(_ j: JSON) {
        switch j {
        case .null: null()
        case .bool(let b): bool(b)
        case .int(let i): int(i)
        case .string(let s): string(s)
        case .array(let a): beginArray(); for v in a { value(v) }; endArray()
        case .object(let o): beginObject(); for (k, v) in o { key(k); value(v) }; endObject()
        }
    }

    /// Whether any of eight bytes is below 0x20, `"` or `\\` (exact for the word: a flagged word is then checked
    /// byte by byte).
    @inline(__always) static func mayNeedEscape(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ x: UInt64) -> Bool { (x &- ones) & ~x & high != 0 }
        let below20 = (w &- ones &* 0x20) & ~w & high != 0
        return below20 || hasZero(w ^ (ones &* 0x22)) || hasZero(w ^ (ones &* 0x5C))
    }

    private mutating func quote(_ s: String) {
        out.append(0x22)
        // The runs between escapes are copied whole (a byte at a time was most of writing a large report, and
        // messages quote names: `"X-Accel-Buffering"`), and scanned eight bytes at a time.
        withUTF8Bytes(s) { buf in
            guard let base = buf.baseAddress else { return }
            let n = buf.count
            var run = 0, i = 0
            while i < n {
                if i + 8 <= n, !JSONWriter.mayNeedEscape(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) {
                    i += 8
                    continue
                }
                let b = buf[i]
                i += 1
                guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
                let at = i - 1
                if run < at { out.append(UnsafeBufferPointer(rebasing: buf[run..<at])) }
                run = i
                switch b {
                case 0x22: out.append(0x5C); out.append(0x22)
                case 0x5C: out.append(0x5C); out.append(0x5C)
                case 0x0A: out.append(0x5C); out.append(0x6E)
                case 0x0D: out.append(0x5C); out.append(0x72)
                case 0x09: out.append(0x5C); out.append(0x74)
                default:
                    let hex: StaticString = "0123456789abcdef"
                    let h = hex.utf8Start
                    for c in [0x5C, 0x75, 0x30, 0x30, h[Int(b >> 4)], h[Int(b & 0xF)]] { out.append(c) }
                }
            }
            if run < n { out.append(UnsafeBufferPointer(rebasing: buf[run...])) }
        }
        out.append(0x22)
    }
}

/// Growable bytes behind a pointer: the writer appends a few bytes at a time, millions of times for a large report,
/// and an array's uniqueness check and bookkeeping on each append were most of writing one.
final class ByteBuffer {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 256)
        base = .allocate(capacity: self.capacity)
    }
    deinit { base.deallocate() }

    var written: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }
    var array: [UInt8] { Array(written) }

    @inline(__always) private func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        var c = capacity * 2
        while c < count + extra { c *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = c
    }
    @inline(__always) func append(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }
    func append(_ b: UnsafeBufferPointer<UInt8>) {
        guard let p = b.baseAddress, !b.isEmpty else { return }
        reserve(b.count)
        (base + count).update(from: p, count: b.count)
        count += b.count
    }
    func append(repeating v: UInt8, count n: Int) {
        guard n > 0 else { return }
        reserve(n)
        (base + count).initialize(repeating: v, count: n)
        count += n
    }
    func append(_ s: String) { withUTF8Bytes(s) { append($0) } }
}
