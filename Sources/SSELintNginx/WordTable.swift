import SSELintCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte strings found by their bytes and hash (the caller's FNV-1a): open addressing over ids, grown at half full so
/// that probes stay short. The caller keeps what each id stands for in its own arrays, indexed by id. Used by the
/// lexer (a file's names and long words) and by SharedWords (long words shared among files).
struct WordTable {
    private var slots: [Int32]
    /// Each word's hash and where its bytes are in `bytes`.
    private var entries: [(hash: UInt64, start: Int, count: Int)] = []
    private var bytes: [UInt8] = []

    /// `slots`: a power of two; room is made for the words that fit before the first growth. 0: none until the
    /// first word comes (a file of names nginx knows, with its long words shared, has none to keep).
    init(slots: Int, bytesPerWord: Int = 0) {
        guard slots > 0 else { self.slots = []; return }
        self.slots = Array(repeating: -1, count: slots)
        entries.reserveCapacity(slots / 2)
        if bytesPerWord > 0 { bytes.reserveCapacity(slots / 2 * bytesPerWord) }
    }

    var count: Int { entries.count }

    /// The id of `w` (`id` >= 0), or -1 and the slot where `insert` puts it.
    @inline(__always)
    func find(_ w: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> (id: Int32, slot: Int) {
        guard !slots.isEmpty else { return (-1, 0) }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
        while slots[slot] >= 0 {
            let e = entries[Int(slots[slot])]
            if e.hash == h, e.count == w.count,
               w.count == 0 || bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress! + e.start, w.baseAddress!, w.count) == 0 }) {
                return (slots[slot], slot)
            }
            slot = (slot + 1) & mask
        }
        return (-1, slot)
    }

    /// Adds `w` at the slot `find` gave (nothing added since) and returns its id, the number of words before it.
    @inline(__always)
    mutating func insert(_ w: UnsafeBufferPointer<UInt8>, hash h: UInt64, at slot: Int) -> Int32 {
        if slots.isEmpty {
            slots = Array(repeating: -1, count: 16)
            return insert(w, hash: h, at: find(w, hash: h).slot)
        }
        let id = Int32(entries.count)
        slots[slot] = id
        entries.append((h, bytes.count, w.count))
        bytes.append(contentsOf: w)
        if entries.count * 2 > slots.count { grow() }
        return id
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        let m = slots.count - 1
        for (k, e) in entries.enumerated() {
            var s = Int(truncatingIfNeeded: e.hash ^ (e.hash >> 29)) & m
            while slots[s] >= 0 { s = (s + 1) & m }
            slots[s] = Int32(k)
        }
    }
}
