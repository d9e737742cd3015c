#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's bytes plus a line index. Everything works on UTF-8 bytes so that files that are not valid UTF-8
/// still parse and keep exact offsets for fixes.
public final class SourceFile: Sendable, Hashable {
    /// The path as the user or an include named it (used in output and for relative display).
    public let path: String
    public let bytes: [UInt8]
    /// Byte offset where each line starts (line 1 is index 0).
    public let lineStarts: LineStarts

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        // Counted first, so that the index is made at its exact size (an estimate left a large file's index a
        // third empty).
        // Line breaks found by memchr (vectorised; a loop over every byte was a twentieth of a large config's
        // run), a large file's two halves on two cores: counted, then written at their places in one index.
        self.lineStarts = bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return LineStarts(narrow: [0]) }
            nonisolated(unsafe) let bb = b
            func eachBreak(_ from: Int, _ to: Int, _ body: (Int) -> Void) {
                forEachOffset(of: 0x0A, in: UnsafeBufferPointer(start: base + from, count: to - from)) { body(from + $0) }
            }
            let n = bb.count, half = n >= 1 << 20 ? n / 2 : n
            let (headLines, tailLines) = Parallel.pair(concurrently: half < n) {
                var k = 0; eachBreak(0, half) { _ in k += 1 }; return k
            } _: {
                var k = 0; eachBreak(half, n) { _ in k += 1 }; return k
            }
            func fill<T>(_ out: UnsafeMutableBufferPointer<T>, _ make: @escaping (Int) -> T) {
                nonisolated(unsafe) let out = out
                out[0] = make(0)
                _ = Parallel.pair(concurrently: half < n) {
                    var k = 1; eachBreak(0, half) { out[k] = make($0 + 1); k += 1 }
                } _: {
                    var k = 1 + headLines; eachBreak(half, n) { out[k] = make($0 + 1); k += 1 }
                }
            }
            let total = headLines + tailLines + 1
            if total <= 1 << 14 && n < Int(UInt32.max) {
                // A small file's (see `Array.init(count:filler:writing:)`).
                return LineStarts(narrow: [UInt32](count: total, filler: 0) { fill($0) { UInt32(truncatingIfNeeded: $0) } })
            }
            guard n < Int(UInt32.max) else {
                return LineStarts(wide: [Int](unsafeUninitializedCapacity: total) { out, count in fill(out) { $0 }; count = total })
            }
            return LineStarts(narrow: [UInt32](unsafeUninitializedCapacity: total) { out, count in
                fill(out) { UInt32(truncatingIfNeeded: $0) }
                count = total
            })
        }
    }

    public convenience init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// The non-empty lines, each without its line break (`\n` or `\r\n`): 1-based number and byte range.
    public var nonEmptyLines: [(line: Int, range: Range<Int>)] {
        var out: [(line: Int, range: Range<Int>)] = []
        for (i, start) in lineStarts.enumerated() {
            var end = i + 1 < lineStarts.count ? lineStarts[i + 1] : bytes.count
            while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
            if end > start { out.append((i + 1, start..<end)) }
        }
        return out
    }

    /// 1-based line and column (column counts bytes) of a byte offset.
    public func position(of offset: Int) -> SourcePosition {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return SourcePosition(line: lo + 1, column: offset - lineStarts[lo] + 1, offset: offset)
    }

    /// The same as `position(of:)`, checking first whether `offset` lies on `line` (a directive knows its line:
    /// no search for the ranges of thousands of findings).
    public func position(of offset: Int, near line: Int) -> SourcePosition {
        let k = line - 1
        if k >= 0, k < lineStarts.count, lineStarts[k] <= offset, k + 1 == lineStarts.count || offset < lineStarts[k + 1] {
            return SourcePosition(line: line, column: offset - lineStarts[k] + 1, offset: offset)
        }
        return position(of: offset)
    }

    /// 1-based column of `offset` counted in Unicode code points (SARIF's `unicodeCodePoints`), not bytes.
    public func codePointColumn(of offset: Int) -> Int {
        let start = lineStarts[position(of: offset).line - 1]
        var n = 1
        for i in start..<min(offset, bytes.count) where bytes[i] & 0xC0 != 0x80 { n += 1 }
        return n
    }

    /// Text of a byte range, decoded leniently (invalid bytes become U+FFFD).
    public func text(_ range: Range<Int>) -> String {
        let r = max(0, range.lowerBound)..<min(bytes.count, range.upperBound)
        return String(decoding: bytes[r], as: UTF8.self)
    }

    /// Leading whitespace of the line that contains `offset`.
    public func indentation(ofLineContaining offset: Int) -> String {
        let start = lineStarts[position(of: offset).line - 1]
        var i = start
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    /// Whether a line holds code: something other than blanks and a comment starting with `marker`.
    public func isCodeLine(_ line: Int, commentMarker: String = "#") -> Bool {
        guard line >= 1, line <= lineStarts.count else { return false }
        var i = lineStarts[line - 1]
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        guard i < bytes.count, bytes[i] != 0x0A, bytes[i] != 0x0D else { return false }
        let m = Array(commentMarker.utf8)
        return !(i + m.count <= bytes.count && Array(bytes[i..<i + m.count]) == m)
    }

    /// The line terminator the file uses ("\r\n" when its first line ends that way).
    public var newline: String {
        if let nl = bytes.firstIndex(of: 0x0A), nl > 0, bytes[nl - 1] == 0x0D { return "\r\n" }
        return "\n"
    }

    public static func == (a: SourceFile, b: SourceFile) -> Bool { a === b }
    public func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(self)) }
}

public struct SourcePosition: Hashable, Sendable, Comparable, Codable {
    // 32-bit fields: every finding holds several positions (its range, its related places), and with thousands of
    // findings the full-width ones were a megabyte of a large config's peak. FileSystem.read refuses files of 4 GiB
    // and more (`maxReadable`), whatever --max-file-size says; a value beyond is clamped, never trapped on.
    private var line32: UInt32, column32: UInt32, offset32: UInt32
    public var line: Int { get { Int(line32) } set { line32 = UInt32(clamping: newValue) } }
    public var column: Int { get { Int(column32) } set { column32 = UInt32(clamping: newValue) } }
    public var offset: Int { get { Int(offset32) } set { offset32 = UInt32(clamping: newValue) } }
    public init(line: Int, column: Int, offset: Int) {
        line32 = UInt32(clamping: line); column32 = UInt32(clamping: column); offset32 = UInt32(clamping: offset)
    }
    public static func < (a: Self, b: Self) -> Bool { a.offset32 < b.offset32 }

    private enum CodingKeys: String, CodingKey { case line, column, offset }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(line: try c.decode(Int.self, forKey: .line), column: try c.decode(Int.self, forKey: .column),
                  offset: try c.decode(Int.self, forKey: .offset))
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(line, forKey: .line); try c.encode(column, forKey: .column); try c.encode(offset, forKey: .offset)
    }
}

/// A half-open byte range in one file, with its line:column ends.
public struct SourceRange: Hashable, Sendable {
    public let file: SourceFile
    public let start: SourcePosition
    public let end: SourcePosition
    public init(file: SourceFile, start: Int, end: Int) {
        self.file = file
        self.start = file.position(of: start)
        self.end = file.position(of: max(start, end))
    }
    /// A range whose start is known to be on `line` (and whose end most often is).
    public init(file: SourceFile, start: Int, end: Int, line: Int) {
        self.file = file
        self.start = file.position(of: start, near: line)
        self.end = file.position(of: max(start, end), near: line)
    }
    public var bytes: Range<Int> { start.offset..<end.offset }
    public var text: String { file.text(bytes) }
    /// "path:line" for messages that point elsewhere.
    public var shortLocation: String { "\(file.path):\(start.line)" }
}

extension String {
    /// Whether this equals `lower` (lowercase ASCII) ignoring ASCII case: `lowercased() == lower` without allocating.
    public func equalsASCIICaseInsensitive(_ lower: String) -> Bool {
        // Over both strings' storage, lengths first: through the UTF-8 views' iterators it was 3% of a large run.
        withUTF8Bytes(self) { a in
            withUTF8Bytes(lower) { b in
                guard a.count == b.count else { return false }
                for i in 0..<a.count {
                    let x = a[i]
                    if (x >= 0x41 && x <= 0x5A ? x | 0x20 : x) != b[i] { return false }
                }
                return true
            }
        }
    }

    /// ASCII case-insensitive substring test on UTF-8 bytes; `needle` must be lowercase ASCII. Much faster than
    /// `lowercased().contains(_:)`, which allocates and searches by grapheme.
    public func containsASCIICaseInsensitive(_ needle: String) -> Bool {
        var needle = needle
        return needle.withUTF8 { n in
        guard let first = n.first else { return true }
        return utf8.withContiguousStorageIfAvailable { h -> Bool in
            guard h.count >= n.count else { return false }
            @inline(__always) func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
            var i = 0
            let last = h.count - n.count
            while i <= last {
                if lower(h[i]) == first {
                    var j = 1
                    while j < n.count, lower(h[i + j]) == n[j] { j += 1 }
                    if j == n.count { return true }
                }
                i += 1
            }
            return false
        } ?? lowercased().contains(String(decoding: n, as: UTF8.self))
        }
    }
}

/// Where each line of a file starts, as 32-bit offsets (half the memory of a large config's index; a file of 4 GiB
/// or more keeps full-width ones).
public struct LineStarts: RandomAccessCollection, Sendable {
    // Inlinable: the parser and the rules read a line's start from other modules for every directive (a call each).
    @usableFromInline let narrow: [UInt32]
    @usableFromInline let wide: [Int]
    init(narrow: [UInt32]) { self.narrow = narrow; wide = [] }
    init(wide: [Int]) { narrow = []; self.wide = wide }
    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { wide.isEmpty ? narrow.count : wide.count }
    @inlinable public subscript(i: Int) -> Int { wide.isEmpty ? Int(narrow[i]) : wide[i] }
}
