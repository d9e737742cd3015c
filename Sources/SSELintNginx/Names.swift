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
    nonisolated(unsafe) private static let lock: UnsafeMutablePointer<pthread_mutex_t> = {
        let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(m, nil)
        return m
    }()

    /// The key of `name`, made on first sight (parsers on several threads share the table).
    static func register(_ name: String) -> Int32 {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        if let k = keys[name] { return k }
        let k = Int32(keys.count)
        keys[name] = k
        return k
    }

    /// The key of `name` if any parsed directive has that name; nil means no directive anywhere is named so.
    public static func key(_ name: String) -> Int32? {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return keys[name]
    }
}
