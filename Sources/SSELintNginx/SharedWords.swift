import SSELintCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Long words shared among the files one worker parses: a config split into thousands of files repeats the same
/// URLs, header names and variables in each, and a String made per file for each of them was a tenth of the
/// parsed tree's memory. Not thread-safe: one table per run of files, which one core parses.
public final class SharedWords {
    /// Open addressing over `entries` (ids), grown at half full.
    @exclusivity(unchecked) private var slots = [Int32](repeating: -1, count: 256)
    @exclusivity(unchecked) private var entries: [(hash: UInt64, start: Int, count: Int)] = []
    @exclusivity(unchecked) private var values: [String] = []
    @exclusivity(unchecked) private var bytes: [UInt8] = []
    /// Words kept at most (the table lives while its files are parsed; past this, words are made per file again).
    static let limit = 1 << 16

    public init() {}

    /// The String for `w`, made once for this table (`hash` is the lexer's FNV-1a of `w`).
    func string(_ w: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> String {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
        while slots[slot] >= 0 {
            let e = entries[Int(slots[slot])]
            if e.hash == h, e.count == w.count,
               bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress! + e.start, w.baseAddress!, w.count) == 0 }) {
                return values[Int(slots[slot])]
            }
            slot = (slot + 1) & mask
        }
        let value = String(decoding: w, as: UTF8.self)
        guard values.count < Self.limit else { return value }
        slots[slot] = Int32(entries.count)
        entries.append((h, bytes.count, w.count))
        values.append(value)
        bytes.append(contentsOf: w)
        if entries.count * 2 > slots.count {
            slots = [Int32](repeating: -1, count: slots.count * 2)
            let m = slots.count - 1
            for (k, e) in entries.enumerated() {
                var s = Int(truncatingIfNeeded: e.hash ^ (e.hash >> 29)) & m
                while slots[s] >= 0 { s = (s + 1) & m }
                slots[s] = Int32(k)
            }
        }
        return value
    }
}
