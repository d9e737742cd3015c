#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// FNV-1a of some bytes: the hash of the lexer's word table, of the table of names nginx knows and of a Memo's
/// latest answers.
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
        return withContiguousStorageIfAvailable { h in
            needle.withUnsafeBufferPointer { SSELintCore.firstOffset(of: $0, in: h) }
        } ?? Array(self).firstOffset(of: needle)
    }
}
