import Foundation

// Trimming by UTF-8 byte, for the launch readers that trim every line of every file. Foundation's
// `trimmingCharacters(in:)` builds its CharacterSet and bridges to NSString on each call, and the standard library's
// `drop(while:).reversed()` rebuilds the String a Character at a time: together a tenth of a repository's run.
// Each helper gives the answer the Character- or scalar-wise form it replaces gives, for any text.

extension String {
    @inlinable public func trimmingASCII(_ isTrimmed: (UInt8) -> Bool) -> Substring { self[...].trimmingASCII(isTrimmed) }
    public var trimmingWhitespace: Substring { self[...].trimmingWhitespace }
}

extension Substring {
    /// `trimmingCharacters(in: set)` for a set of ASCII characters (scalar-wise, as Foundation trims): an ASCII byte
    /// is always a whole scalar in UTF-8, so trimming the bytes is exact.
    @inlinable public func trimmingASCII(_ isTrimmed: (UInt8) -> Bool) -> Substring {
        let u = utf8
        var lo = u.startIndex, hi = u.endIndex
        while lo < hi, u[lo] < 0x80, isTrimmed(u[lo]) { u.formIndex(after: &lo) }
        while lo < hi {
            let p = u.index(before: hi)
            guard u[p] < 0x80, isTrimmed(u[p]) else { break }
            hi = p
        }
        return self[lo..<hi]
    }

    /// `trimmingCharacters(in: .whitespaces)`: spaces and tabs by byte; an end left on a non-ASCII scalar (which may be
    /// another space, U+00A0 or U+3000) is trimmed by Foundation.
    public var trimmingWhitespace: Substring {
        let t = trimmingASCII { $0 == 0x20 || $0 == 0x09 }
        guard let first = t.utf8.first, let last = t.utf8.last, first >= 0x80 || last >= 0x80 else { return t }
        return Substring(t.trimmingCharacters(in: .whitespaces))
    }
}

extension StringProtocol {
    public var trimmingSpaces: String { Substring(self).trimmedSpaces }
}

extension Substring {
    /// Without leading spaces and tabs and trailing spaces, tabs and `\r`, compared as Characters. By byte where
    /// that is the same: a trimmed byte next to a non-ASCII one may belong to a Character with it (a combining
    /// mark after a space), and then the Character-wise form decides.
    var trimmedSpaces: String {
        let s = self
        let u = s.utf8
        var lo = u.startIndex, hi = u.endIndex
        while lo < hi, u[lo] == 0x20 || u[lo] == 0x09 { u.formIndex(after: &lo) }
        let leading = lo != u.startIndex
        var trailing = false
        while lo < hi {
            let p = u.index(before: hi)
            guard u[p] == 0x20 || u[p] == 0x09 || u[p] == 0x0D else { break }
            hi = p
            trailing = true
        }
        // A run of these bytes splits into one-byte Characters (`\r\n` is one, but `\n` is never trimmed), except
        // where a Character reaches into it from a non-ASCII neighbour.
        if (leading && lo < u.endIndex && u[lo] >= 0x80) || (trailing && hi > u.startIndex && u[u.index(before: hi)] >= 0x80) {
            return String(s.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" }).reversed())
        }
        return String(s[lo..<hi])
    }
}
