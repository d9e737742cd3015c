#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// FNV-1a of some bytes: the hash of the lexer's word table and of the table of names nginx knows.
@inlinable public func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for c in bytes { h = (h ^ UInt64(c)) &* 0x100_0000_01b3 }
    return h
}

extension RandomAccessCollection where Element == UInt8 {
    /// Whether `needle` occurs in these bytes: memchr for its first byte, then a compare. Foundation's generic
    /// `firstRange(of:)` compares byte by byte through protocol calls and was a tenth of linting a large tree.
    public func containsBytes(_ needle: [UInt8]) -> Bool { firstOffset(of: needle) != nil }

    /// Offset of the first occurrence of `needle` (counted from the start of these bytes), or nil.
    public func firstOffset(of needle: [UInt8]) -> Int? {
        guard let first = needle.first else { return 0 }
        guard needle.count <= count else { return nil }
        return withContiguousStorageIfAvailable { h -> Int? in
            needle.withUnsafeBufferPointer { n -> Int? in
                guard let base = h.baseAddress, let nb = n.baseAddress else { return nil }
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
        } ?? Array(self).firstOffset(of: needle)
    }
}
