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
/// the cores it had.
public final class CoreSpread: @unchecked Sendable {
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// The thread (by id) each core holds in this step; -1: none.
    private var holder: [Int32]
    /// Threads that moved, and the cores they may otherwise run on.
    private var moved: [(thread: Int32, allowed: UnsafeMutableRawPointer)] = []

    /// Starts a step; the calling thread holds the core it runs on.
    public init() {
        pthread_mutex_init(lock, nil)
        holder = Array(repeating: -1, count: CoreSpread.cores)
        join()
    }

    deinit {
        end()
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    /// `SSELINT_NO_SPREAD=1` leaves the threads where the scheduler puts them (to measure what this saves).
    static let enabled = getenv("SSELINT_NO_SPREAD") == nil
    /// The cores the machine has (configured, not only online ones: core numbers go up to it).
    private static let cores = max(1, sysconf(Int32(_SC_NPROCESSORS_CONF)))

    /// Called by a thread as it takes a share of the step's work (a lookup when it already holds its core).
    public func join() {
        guard CoreSpread.enabled else { return }
        let cpu = Int(sselint_current_cpu())
        guard cpu >= 0, cpu < holder.count, holder.count > 1 else { return }
        let me = sselint_thread_id()
        pthread_mutex_lock(lock)
        if holder[cpu] == -1 || holder[cpu] == me {
            holder[cpu] = me
            pthread_mutex_unlock(lock)
            return
        }
        // A thread that moved before (and runs where it was put) chooses among the cores it had then.
        let earlier = moved.first(where: { $0.thread == me })?.allowed
        guard let allowed = earlier ?? sselint_affinity_save() else { pthread_mutex_unlock(lock); return }
        // A core this thread held before the scheduler moved it counts as free.
        guard let free = holder.indices.first(where: { k in
            k != cpu && (holder[k] == -1 || holder[k] == me) && sselint_affinity_allows(allowed, Int32(k)) != 0
        }) else {
            pthread_mutex_unlock(lock)
            if earlier == nil { sselint_affinity_free(allowed) }
            return
        }
        for k in holder.indices where holder[k] == me { holder[k] = -1 }
        holder[free] = me
        if earlier == nil { moved.append((me, allowed)) }
        pthread_mutex_unlock(lock)
        _ = sselint_pin_current_thread(Int32(free))
    }

    /// Ends the step: the threads that moved may run on their former cores again.
    public func end() {
        pthread_mutex_lock(lock)
        let back = moved
        moved = []
        for k in holder.indices { holder[k] = -1 }
        pthread_mutex_unlock(lock)
        for m in back { _ = sselint_affinity_restore(m.thread, m.allowed) }
    }
}
