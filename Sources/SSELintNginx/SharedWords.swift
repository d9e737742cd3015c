#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Words shared among the files one worker parses (or within one part of a large file): a config split into
/// thousands of files repeats the same URLs, header names and variables in each, and a String made per file for each
/// long one was a tenth of the parsed tree's memory. Not thread-safe: one table per run of files, which one core parses.
public final class SharedWords {
    @exclusivity(unchecked) private var table = WordTable(slots: 256)
    @exclusivity(unchecked) private var values: [String] = []
    /// Short words (15 bytes or fewer: a String holds them inline) last made, a slot per hash of their bytes. Making
    /// one from bytes (checked as UTF-8 on the way) cost 180 instructions, for nearly every argument of every file
    /// (`on`, `Host`, `$host`); a word found here is its bytes compared as two words of memory.
    @exclusivity(unchecked) private var short = [Short](repeating: Short(), count: SharedWords.shortSlots)
    private struct Short { var lo: UInt64 = 0, hi: UInt64 = 0, count = -1, value = "" }
    private static let shortSlots = 256
    /// Long words kept at most (the table lives while its files are parsed; past this, each file keeps its own).
    static let limit = 1 << 16

    public init() {}

    /// The String for `w`, made once for this table (`hash` is the lexer's FNV-1a of `w`); nil when the table is
    /// full and does not hold it.
    func string(_ w: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> String? {
        let (id, slot) = table.find(w, hash: h)
        if id >= 0 { return values[Int(id)] }
        guard values.count < Self.limit else { return nil }
        let value = String(decoding: w, as: UTF8.self)
        _ = table.insert(w, hash: h, at: slot)
        values.append(value)
        return value
    }

    /// The String for `w` (of 15 bytes or fewer: a longer one is made as it is).
    func shortString(_ w: UnsafeBufferPointer<UInt8>) -> String {
        let n = w.count
        guard n <= 15 else { return String(decoding: w, as: UTF8.self) }
        var bytes: (UInt64, UInt64) = (0, 0)
        if n > 0 { withUnsafeMutableBytes(of: &bytes) { _ = memcpy($0.baseAddress!, w.baseAddress!, n) } }
        let (lo, hi) = bytes
        // The top byte of a multiplicative hash of both halves picks the slot; a hit compares the count and both.
        let slot = Int(truncatingIfNeeded: ((lo &* 0x9E37_79B9_7F4A_7C15) ^ (hi &* 0xC2B2_AE3D_27D4_EB4F)) >> 56)
        let found = short[slot]
        if found.count == n && found.lo == lo && found.hi == hi { return found.value }
        let value = String(decoding: w, as: UTF8.self)
        short[slot] = Short(lo: lo, hi: hi, count: n, value: value)
        return value
    }
}
