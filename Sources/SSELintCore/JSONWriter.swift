/// JSON written as it is produced, into bytes, in exactly the format of `JSON.serialized(indent:)`: for output too
/// large to build as a `JSON` tree first (`sselint parse` of a 160,000-line config spent most of its time building
/// and freeing that tree).
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    let indent: Int
    /// Values written so far in each open array or object.
    private var counts: [Int] = []
    private var afterKey = false
    private let base: Int

    /// `level`: how deep the first value sits (to write a part that is spliced into a larger document).
    public init(indent: Int = 0, level: Int = 0, capacity: Int = 0) {
        self.indent = indent; base = level
        bytes.reserveCapacity(capacity)
    }

    private var depth: Int { base + counts.count }

    private mutating func newline() { if indent > 0 { bytes.append(0x0A) } }
    private static let spaces = [UInt8](repeating: 0x20, count: 256)
    private mutating func pad(_ level: Int) {
        guard indent > 0 else { return }
        var n = indent * level
        while n > 0 {
            let k = min(n, Self.spaces.count)
            bytes.append(contentsOf: Self.spaces[..<k])
            n -= k
        }
    }

    /// The separator and indentation before a value (none after a key: the value follows it on its line).
    private mutating func element() {
        if afterKey { afterKey = false; return }
        guard let c = counts.last else { return }
        if c > 0 { bytes.append(0x2C) }
        newline(); pad(depth)
        counts[counts.count - 1] = c + 1
    }

    public mutating func beginArray() { element(); bytes.append(0x5B); counts.append(0) }
    public mutating func endArray() { close(0x5D) }
    public mutating func beginObject() { element(); bytes.append(0x7B); counts.append(0) }
    public mutating func endObject() { close(0x7D) }
    private mutating func close(_ c: UInt8) {
        let n = counts.removeLast()
        if n > 0 { newline(); pad(depth) }
        bytes.append(c)
    }

    public mutating func key(_ k: String) {
        element()
        quote(k)
        bytes.append(0x3A)
        if indent > 0 { bytes.append(0x20) }
        afterKey = true
    }

    /// Hands what is written so far to `sink` and starts an empty buffer (a large document written out as it is
    /// made, not held whole).
    public mutating func flush(_ sink: ([UInt8]) -> Void) {
        guard !bytes.isEmpty else { return }
        sink(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    /// The line break a document written to a file ends with.
    public mutating func newlineAtEnd() { bytes.append(0x0A) }
    public mutating func string(_ s: String) { element(); quote(s) }
    public mutating func int(_ i: Int) {
        element()
        // Digits written directly (a String per number was a tenth of writing a large report).
        guard i >= 0 else { bytes.append(contentsOf: String(i).utf8); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = i, k = 20
        withUnsafeMutableBytes(of: &digits) { d in
            repeat { k -= 1; d[k] = UInt8(truncatingIfNeeded: 0x30 + n % 10); n /= 10 } while n > 0
            bytes.append(contentsOf: d[k...])
        }
    }
    public mutating func bool(_ b: Bool) { element(); bytes.append(contentsOf: (b ? "true" : "false").utf8) }
    public mutating func null() { element(); bytes.append(contentsOf: "null".utf8) }
    /// A value written by another writer (made with this one's indent and the level of this position).
    public mutating func raw(_ value: [UInt8]) { element(); bytes.append(contentsOf: value) }
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

    private mutating func quote(_ s: String) {
        bytes.append(0x22)
        // Most strings need no escape: copied whole (a byte at a time was most of writing a large report).
        let plain = s.utf8.withContiguousStorageIfAvailable { buf -> Bool in
            for b in buf where b < 0x20 || b == 0x22 || b == 0x5C { return false }
            bytes.append(contentsOf: buf)
            return true
        }
        if plain == true {
            bytes.append(0x22)
            return
        }
        for b in s.utf8 {
            switch b {
            case 0x22: bytes.append(0x5C); bytes.append(0x22)
            case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
            case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
            case 0x0D: bytes.append(0x5C); bytes.append(0x72)
            case 0x09: bytes.append(0x5C); bytes.append(0x74)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: bytes.append(b)
            }
        }
        bytes.append(0x22)
    }
}
