#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSSELintSystem

/// Keeps the threads of one parallel step on different cores (Linux; elsewhere it does nothing).
///
/// The scheduler may wake a helper thread on the core of the thread that woke it and leave both there, taking
/// turns every few milliseconds, while another core idles: on the 2-core benchmark machine, the parse of 1,000
/// included files ran on one core for the whole stage (18-25 ms instead of 12-15) in about a third of the runs.
/// Each thread of a step notes the core it runs on; one that finds another thread of the step already there moves
/// itself to a core that none of them holds, among those the process may use, and the step's end gives it back
/// the cores it had. Off unless `enabled`: the command-line tool owns its process and turns it on; a program that
/// embeds the library keeps its threads where its scheduler puts them.
public final class CoreSpread: @unchecked Sendable {
    /// Whether new steps spread their threads (set once, before any step: `sselint` sets it at start unless
    /// `SSELINT_NO_SPREAD` is set, to measure what it saves).
    nonisolated(unsafe) public static var enabled = false

    private let on: Bool
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// The cores the machine has (configured, not only online ones: core numbers go up to it).
    private let cores = max(1, sysconf(Int32(_SC_NPROCESSORS_CONF)))
    /// The thread (by handle) each core holds in this step; 0: none.
    private var holder: [UInt]
    /// Threads that moved (by id), and the cores they may otherwise run on.
    private var moved: [(thread: Int32, allowed: UnsafeMutableRawPointer)] = []

    /// Starts a step; the calling thread holds the core it runs on.
    public init(enabled: Bool = CoreSpread.enabled) {
        on = enabled
        pthread_mutex_init(lock, nil)
        holder = Array(repeating: 0, count: on ? cores : 0)
        join()
    }

    deinit {
        end()
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    /// Called by a thread as it takes a share of the step's work (a lookup when it already holds its core).
    public func join() {
        guard on, cores > 1 else { return }
        let cpu = Int(sselint_current_cpu())
        guard cpu >= 0, cpu < cores else { return }
        let me = UInt(sselint_thread_self())
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        if holder[cpu] == 0 || holder[cpu] == me {
            holder[cpu] = me
            return
        }
        // A thread that moved before (and runs where it was put) chooses among the cores it had then.
        let id = sselint_thread_id()
        let earlier = moved.first(where: { $0.thread == id })?.allowed
        guard let allowed = earlier ?? sselint_affinity_save() else { return }
        // A core this thread held before the scheduler moved it counts as free.
        guard let free = holder.indices.first(where: { k in
            k != cpu && (holder[k] == 0 || holder[k] == me) && sselint_affinity_allows(allowed, Int32(k)) != 0
        }) else {
            if earlier == nil { sselint_affinity_free(allowed) }
            return
        }
        for k in holder.indices where holder[k] == me { holder[k] = 0 }
        holder[free] = me
        if earlier == nil { moved.append((id, allowed)) }
        // Under the lock: an `end()` cannot restore the thread between this decision and the move.
        _ = sselint_pin_current_thread(Int32(free))
    }

    /// Ends the step: the threads that moved may run on their former cores again.
    public func end() {
        pthread_mutex_lock(lock)
        let back = moved
        moved = []
        for k in holder.indices { holder[k] = 0 }
        pthread_mutex_unlock(lock)
        for m in back { _ = sselint_affinity_restore(m.thread, m.allowed) }
    }
}
