import SSELintCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Directive names as process-wide integers ("keys"), held in each directive handle: a scope lookup compares the
/// integers of the directives it walks and never reads their files' stores (with thousands of included files, each
/// its own store, reading the name was a cache miss per directive and most of every rule's time).
public enum NginxNames {
    /// Every name nginx knows (keyed by its place in sorted order), then `asked`: keyed once and never changed, so
    /// rules on several cores look these up without a lock. "Known" below means one of these.
    private static let known = KnownNames(NginxDirectiveTable.masks.keys.sorted() + asked)
    /// Names the rules look up on every level that nginx's table lacks (newer or third-party directives, and one that
    /// does not exist): keyed with the known ones, so that asking for them takes no lock and no hashed dictionary
    /// (that was 2% of a large config's run). Appended: the table's own keys stay as they were.
    private static let asked = ["add_header_inherit", "grpc_buffering", "http2", "more_set_headers", "more_clear_headers"]
        .filter { NginxDirectiveTable.masks[$0] == nil }
    /// The key of a name nginx knows (fixed for the process: lookups by key need no table).
    public static func knownKey(_ name: String) -> Int32 { known[name]! }

    /// The table itself, for a lexer to hold and ask by bytes (reaching the global on every name was a `swift_once`
    /// call each).
    static var knownTable: KnownNames { known }

    /// The String of a known name's key; nil for the others' keys.
    static func knownName(_ key: Int32) -> String? { key >= 0 && Int(key) < known.strings.count ? known.strings[Int(key)] : nil }

    /// Other names (third-party modules, typos, template placeholders), keyed after the known ones as parsers meet them.
    nonisolated(unsafe) private static var keys: [String: Int32] = [:]
    /// Read-write: rules on several cores look names up at once (with a mutex they queued on it, and each wait was
    /// a sleep); parsers add them.
    nonisolated(unsafe) private static let lock: UnsafeMutablePointer<pthread_rwlock_t> = {
        let m = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)
        pthread_rwlock_init(m, nil)
        return m
    }()

    /// The key of `name`, made on first sight (parsers on several threads share the table).
    static func register(_ name: String) -> Int32 {
        if let k = known[name] { return k }
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        if let k = keys[name] { return k }
        let k = Int32(known.names.count + keys.count)
        keys[name] = k
        return k
    }

    /// The key of `name`: for a name nginx does not know, nil means no directive anywhere is named so.
    public static func key(_ name: String) -> Int32? {
        if let k = known[name] { return k }
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return keys[name]
    }
}

/// A fixed set of names and their keys, found by FNV-1a of the name's bytes in an open-addressing table: rules ask
/// for a name's key on every scope lookup, and hashing the `String` (SipHash) was 3% of a large config's run.
struct KnownNames: Sendable {
    let names: [[UInt8]]
    /// Each name as a String, made once: a lexer hands these out instead of a String per file for every name.
    let strings: [String]
    private let slots: [Int32]   // index into `names`, -1 for empty
    private let mask: Int

    init(_ sorted: [String]) {
        strings = sorted
        names = sorted.map { Array($0.utf8) }
        var size = 16
        while size < names.count * 3 { size <<= 1 }
        mask = size - 1
        var slots = [Int32](repeating: -1, count: size)
        for (i, n) in names.enumerated() {
            var h = n.withUnsafeBufferPointer { Self.hash($0) } & mask
            while slots[h] >= 0 { h = (h + 1) & mask }
            slots[h] = Int32(i)
        }
        self.slots = slots
    }

    /// From the first and last eight bytes and the length (a directive name is a few words; a byte-by-byte hash of
    /// every name a rule looks up was 2% of a large config's run). Collisions only lengthen a probe.
    @inline(__always) static func hash(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        let n = b.count
        let x: UInt64
        if n >= 8, let p = b.baseAddress.map(UnsafeRawPointer.init) {
            let head = p.loadUnaligned(as: UInt64.self), tail = p.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            x = (head &* 0x9E37_79B9_7F4A_7C15) ^ (tail &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(n)
        } else {
            var packed = UInt64(n)
            for c in b { packed = packed << 8 | UInt64(c) }
            x = packed &* 0x9E37_79B9_7F4A_7C15
        }
        // A product's high bits depend on every input bit, its low bits (what the table's mask keeps) only on the
        // low ones: folded down.
        return Int(truncatingIfNeeded: x ^ (x >> 29) ^ (x >> 47))
    }

    subscript(_ name: String) -> Int32? { withUTF8Bytes(name) { b -> Int32? in index(of: b, hash: Self.hash(b)) } }

    /// The key and String of the name spelled by `b`, whose `hash(_:)` is `hash`.
    @inline(__always) func knownName(_ b: UnsafeBufferPointer<UInt8>, hash: Int) -> (key: Int32, name: String)? {
        index(of: b, hash: hash).map { ($0, strings[Int($0)]) }
    }

    /// The key of the name spelled by `b`, whose `hash(_:)` is `hash` (a lexer has it already).
    func index(of b: UnsafeBufferPointer<UInt8>, hash: Int) -> Int32? {
        var h = hash & mask
        while true {
            let i = slots[h]
            if i < 0 { return nil }
            if names[Int(i)].withUnsafeBufferPointer({ $0.count == b.count && (b.isEmpty || memcmp($0.baseAddress!, b.baseAddress!, b.count) == 0) }) {
                return i
            }
            h = (h + 1) & mask
        }
    }
}
