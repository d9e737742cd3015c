#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Directive names as process-wide integers ("keys"), held in each directive handle: a scope lookup compares the
/// integers of the directives it walks and never reads their files' stores (with thousands of included files, each
/// its own store, reading the name was a cache miss per directive and most of every rule's time).
public enum NginxNames {
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
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        if let k = keys[name] { return k }
        let k = Int32(keys.count)
        keys[name] = k
        return k
    }

    /// The key of `name` if any parsed directive has that name; nil means no directive anywhere is named so.
    public static func key(_ name: String) -> Int32? {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return keys[name]
    }
}
