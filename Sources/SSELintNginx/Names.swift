#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Directive names as process-wide integers ("keys"), held in each directive handle: a scope lookup compares the
/// integers of the directives it walks and never reads their files' stores (with thousands of included files, each
/// its own store, reading the name was a cache miss per directive and most of every rule's time).
public enum NginxNames {
    /// Every name nginx knows, keyed once and never changed: rules on several cores look these up without a lock.
    private static let known: [String: Int32] = {
        Dictionary(uniqueKeysWithValues: NginxDirectiveTable.masks.keys.sorted().enumerated().map { ($1, Int32($0)) })
    }()
    /// The key of a name nginx knows (fixed for the process: lookups by key need no table).
    static func knownKey(_ name: String) -> Int32 { known[name]! }

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
        let k = Int32(known.count + keys.count)
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
