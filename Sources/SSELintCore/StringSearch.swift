import Foundation

/// A string's UTF-8 bytes without a copy (a native string's own storage; a bridged one is copied once).
@inlinable public func withUTF8Bytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    if let r = try s.utf8.withContiguousStorageIfAvailable(body) { return r }
    var copy = s
    return try copy.withUTF8(body)
}

/// Calls `body` with the offset of every `byte` in `b`, in order: memchr from one to the next (vectorised; a loop over
/// every byte was a twentieth of a large config's run, and most of setting up each of thousands of small files).
@inlinable public func forEachOffset(of byte: UInt8, in b: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void) {
    guard let base = b.baseAddress else { return }
    var at = 0
    while at < b.count, let hit = memchr(base + at, Int32(byte), b.count - at) {
        let i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        body(i)
        at = i + 1
    }
}

/// Offset of the first occurrence of `n` in `h`: memchr for its first byte, then a compare.
@inlinable public func firstOffset(of n: UnsafeBufferPointer<UInt8>, in h: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let nb = n.baseAddress, let first = n.first else { return 0 }
    guard n.count <= h.count, let base = h.baseAddress else { return nil }
    var from = 0
    let last = h.count - n.count
    while from <= last {
        guard let hit = memchr(base + from, Int32(first), last - from + 1) else { return nil }
        let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        if memcmp(base + at, nb, n.count) == 0 { return at }
        from = at + 1
    }
    return nil
}

extension String {
    /// Whether `other` occurs in this string. Foundation's `contains` (chosen over the standard library's for a
    /// String argument) goes through NSString and CFStringFind: thousands of instructions a call, a tenth of
    /// classifying a tree of small files. ASCII text, where both rules agree, is searched by bytes; anything else
    /// is left to Foundation, so that no answer changes.
    public func contains(_ other: String) -> Bool {
        let hit = withUTF8Bytes(self) { h in
            withUTF8Bytes(other) { n -> Bool? in
                // Foundation finds no empty string; leave that, and non-ASCII text, to it.
                if n.isEmpty || !isASCII(h) || !isASCII(n) { return nil }
                return firstOffset(of: n, in: h) != nil
            }
        }
        return hit ?? (range(of: other) != nil)
    }
}

/// `String(i)`'s bytes (a `-` and the digits), handed to `body` from the stack: a String per number was a tenth of
/// writing a large report.
@inlinable public func withDecimalDigits<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    // 19 digits at most, and the sign.
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                 UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var n = i.magnitude, k = 20
    return withUnsafeMutableBytes(of: &digits) { d in
        repeat { k -= 1; d[k] = 0x30 + UInt8(n % 10); n /= 10 } while n > 0
        if i < 0 { k -= 1; d[k] = 0x2D }
        return body(UnsafeBufferPointer(rebasing: d.bindMemory(to: UInt8.self)[k...]))
    }
}

public func isASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    // Eight bytes at a time.
    var i = 0
    let n = b.count
    guard let base = b.baseAddress else { return true }
    let raw = UnsafeRawPointer(base)
    while i + 8 <= n {
        if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
        i += 8
    }
    while i < n { if b[i] >= 0x80 { return false }; i += 1 }
    return true
}

/// Byte-for-byte equality (String's `==` is Unicode-canonical; the UTF-8 views' `elementsEqual` steps byte by byte).
public func bytewiseEqual(_ a: String, _ b: String) -> Bool {
    withUTF8Bytes(a) { x in withUTF8Bytes(b) { y in bytewiseEqual(x, y) } }
}

/// The same for bytes already at hand.
public func bytewiseEqual(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
    x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
}

/// Whether `a` sorts before `b` byte by byte (as nginx and crossplane sort glob matches): memcmp over both strings'
/// storage instead of a generic walk of their UTF-8 views.
public func bytewiseLess(_ a: String, _ b: String) -> Bool {
    withUTF8Bytes(a) { x in withUTF8Bytes(b) { y in bytewiseLess(x, y) } }
}

/// The same for bytes already at hand.
public func bytewiseLess(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
    let n = min(x.count, y.count)
    let c = n == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, n)
    return c != 0 ? c < 0 : x.count < y.count
}

/// Whether `s` starts with the bytes of `prefix` (String's `hasPrefix` compares Characters).
public func bytewiseHasPrefix(_ s: String, _ prefix: String) -> Bool {
    withUTF8Bytes(s) { x in
        withUTF8Bytes(prefix) { y in y.count <= x.count && (y.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, y.count) == 0) }
    }
}

/// The first eight bytes of `s` as one big-endian number (zero-padded): two strings whose numbers differ sort
/// bytewise in the numbers' order, so a sort compares integers and reads the bytes only on a tie.
@inlinable public func bytewisePrefixKey(_ s: String) -> UInt64 {
    withUTF8Bytes(s) { b in
        var k: UInt64 = 0
        for i in 0..<8 { k = k << 8 | UInt64(i < b.count ? b[i] : 0) }
        return k
    }
}

/// `items` sorted bytewise by `name` (as `bytewiseLess` sorts): by each name's prefix key, then whole names on a
/// tie. A directory of thousands of files sorted with a string comparison each time was a sixth of walking it.
public func sortedBytewise<T>(_ items: [T], by name: (T) -> String) -> [T] {
    guard items.count > 1 else { return items }
    let keys = items.map { bytewisePrefixKey(name($0)) }
    let order = items.indices.sorted { i, j in
        keys[i] != keys[j] ? keys[i] < keys[j] : bytewiseLess(name(items[i]), name(items[j]))
    }
    return order.map { items[$0] }
}

/// Text assembled from many pieces into one byte buffer and made a String once: each `String.append` cost a few
/// hundred instructions (uniqueness, capacity and encoding checks), which added up in messages written for every
/// location of a large config.
public struct TextBuilder {
    @usableFromInline var bytes: [UInt8] = []
    @inlinable public init(capacity: Int) { bytes.reserveCapacity(capacity) }
    @inlinable public mutating func add(_ s: String) { withUTF8Bytes(s) { bytes.append(contentsOf: $0) } }
    /// `String(i)`'s digits, without the String.
    public mutating func add(_ i: Int) { withDecimalDigits(i) { bytes.append(contentsOf: $0) } }
    /// The bytes of `file` in `range`.
    public mutating func add(_ file: SourceFile, _ range: Range<Int>) { bytes.append(contentsOf: file.bytes[range]) }
    /// The text of `range` in its file, as `range.text` would give it, without a String of its own.
    public mutating func add(_ range: SourceRange) {
        let b = range.file.bytes
        bytes.append(contentsOf: b[max(0, range.start.offset)..<min(b.count, range.end.offset)])
    }
    @inlinable public var text: String { String(decoding: bytes, as: UTF8.self) }
}

extension String {
    /// `split(separator: c).last`, without building the array: the last non-empty piece, nil when there is none.
    /// By byte for ASCII text and an ASCII separator other than `\r` and `\n` (there every byte is a Character);
    /// otherwise as Characters (walking a String backwards by Character cost more than the split).
    public func lastPiece(_ c: Character) -> Substring? {
        piece(c, last: true) { split(separator: c).last }
    }

    /// `split(separator: c).first`, the same way.
    public func firstPiece(_ c: Character) -> Substring? {
        piece(c, last: false) { split(separator: c).first }
    }

    private func piece(_ c: Character, last: Bool, _ asCharacters: () -> Substring?) -> Substring? {
        guard let a = c.asciiValue, a != 0x0D, a != 0x0A, let found = withUTF8Bytes(self, { b -> (Int, Int)?? in
            guard isASCII(b) else { return nil }
            if last {
                var end = b.count
                while end > 0, b[end - 1] == a { end -= 1 }
                guard end > 0 else { return .some(nil) }
                var start = end
                while start > 0, b[start - 1] != a { start -= 1 }
                return (start, end)
            }
            var start = 0
            while start < b.count, b[start] == a { start += 1 }
            guard start < b.count else { return .some(nil) }
            var end = start
            while end < b.count, b[end] != a { end += 1 }
            return (start, end)
        }) else { return asCharacters() }
        guard let (start, end) = found else { return nil }
        return self[utf8.index(startIndex, offsetBy: start)..<utf8.index(startIndex, offsetBy: end)]
    }
}
