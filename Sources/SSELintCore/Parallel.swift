import Dispatch
import Foundation

/// Work that pays to spread over every core: many files to read and parse. Results keep the input order, so the
/// output is the same however the work was scheduled.
public enum Parallel {
    /// The cores this process may run on.
    public static let cores = ProcessInfo.processInfo.activeProcessorCount
    /// `transform` applied to every item, concurrently when there are at least `minimum` items.
    public static func map<T, U>(_ items: [T], minimum: Int = 8, _ transform: (T) -> U) -> [U] {
        guard items.count >= minimum else { return items.map(transform) }
        nonisolated(unsafe) let input = items
        return made(count: items.count, runs: items.count) { i, slots in (slots + i).initialize(to: transform(input[i])) }
    }

    /// A list of `count` results, each made in its place in the output by `run(k, slots)` for the runs `k` in
    /// `0..<runs`, on whichever core is free; the runs together initialize every slot once (a list of optionals
    /// unwrapped, or lists joined, into a new one copied every result: a retain and a release of each field).
    private static func made<U>(count: Int, runs: Int, _ run: (Int, UnsafeMutablePointer<U>) -> Void) -> [U] {
        [U](unsafeUninitializedCapacity: count) { buffer, initialized in
            // Each run initializes only its own slots; nothing else is shared.
            nonisolated(unsafe) let slots = buffer.baseAddress!
            let spread = CoreSpread()
            withoutActuallyEscaping(run) { run in
                nonisolated(unsafe) let run = run
                DispatchQueue.concurrentPerform(iterations: runs) { k in spread.join(); run(k, slots) }
            }
            spread.end()
            initialized = count
        }
    }

    /// `transform` applied to every item, in runs of consecutive items (about 24 a core: with 8, one core waited out
    /// the last run of a split config's 5,000 files) handed to whichever core is free; each run has its own
    /// `context()`, shared by its items and never by two cores.
    public static func map<T, U, C>(_ items: [T], minimum: Int = 8, context: () -> C, _ transform: (C, T) -> U) -> [U] {
        guard items.count >= minimum, !items.isEmpty else { let c = context(); return items.map { transform(c, $0) } }
        let runs = min(items.count, cores * 24)
        let bounds = (0...runs).map { $0 * items.count / runs }
        nonisolated(unsafe) let input = items
        return made(count: items.count, runs: runs) { k, slots in
            let c = context()
            for i in bounds[k]..<bounds[k + 1] { (slots + i).initialize(to: transform(c, input[i])) }
        }
    }

    /// Pieces `0..<count` made on every core and handed out in order, as they are made: a core with its own
    /// `context()` claims the next piece, `make(k, context)`s it, waits until every earlier piece is emitted, then
    /// `emit(context)`s it (on that core, never two at once) and claims another. At most a piece per core is held,
    /// and a core waits only when it is ahead (rounds of a piece per core, each started and awaited, woke the other
    /// core 40 times for a report of 5,000 findings, and the round often ended before it was awake).
    public static func ordered<C>(count: Int, context: () -> C, make: (Int, C) -> Void, emit: (C) -> Void) {
        guard count > 1, cores > 1 else {
            let c = context()
            for k in 0..<count { make(k, c); emit(c) }
            return
        }
        let turn = Turn()
        let spread = CoreSpread()
        defer { spread.end() }
        withoutActuallyEscaping(context) { context in
            withoutActuallyEscaping(make) { make in
                withoutActuallyEscaping(emit) { emit in
                    // The closures run on several cores; `Turn` orders the emits.
                    nonisolated(unsafe) let context = context, make = make, emit = emit
                    DispatchQueue.concurrentPerform(iterations: min(cores, count)) { _ in
                        // Made at the first claim: a core that starts late may find every piece taken.
                        var made: C?
                        spread.join()
                        while case let k = turn.claim(), k < count {
                            let c = made ?? context()
                            made = c
                            make(k, c)
                            turn.wait(for: k)
                            emit(c)
                            turn.done(k)
                        }
                    }
                }
            }
        }
    }

    /// The next piece to claim and the next to emit, under one lock.
    private final class Turn: @unchecked Sendable {
        private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        private var next = 0, emitted = 0
        init() { pthread_mutex_init(lock, nil); pthread_cond_init(changed, nil) }
        deinit {
            pthread_cond_destroy(changed); pthread_mutex_destroy(lock)
            changed.deallocate(); lock.deallocate()
        }
        func claim() -> Int {
            pthread_mutex_lock(lock); defer { pthread_mutex_unlock(lock) }
            next += 1
            return next - 1
        }
        func wait(for k: Int) {
            pthread_mutex_lock(lock)
            while emitted != k { pthread_cond_wait(changed, lock) }
            pthread_mutex_unlock(lock)
        }
        func done(_ k: Int) {
            pthread_mutex_lock(lock)
            emitted = k + 1
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(lock)
        }
    }

    /// `a()` and `b()`, on two cores when `concurrently` (two independent reads of one large config).
    public static func pair<A, B>(concurrently: Bool, _ a: () -> A, _ b: () -> B) -> (A, B) {
        guard concurrently else { return (a(), b()) }
        var ra: A?, rb: B?
        withUnsafeMutablePointer(to: &ra) { pa in
            withUnsafeMutablePointer(to: &rb) { pb in
                // Each side writes only its own result.
                nonisolated(unsafe) let pa = pa, pb = pb
                withoutActuallyEscaping(a) { a in
                    withoutActuallyEscaping(b) { b in
                        nonisolated(unsafe) let a = a, b = b
                        let spread = CoreSpread()
                        DispatchQueue.concurrentPerform(iterations: 2) { i in
                            spread.join()
                            if i == 0 { pa.pointee = a() } else { pb.pointee = b() }
                        }
                        spread.end()
                    }
                }
            }
        }
        return (ra!, rb!)
    }

    /// `work` started on another thread now; its result is taken later (`Pending.value` waits for it).
    public static func start<T>(_ work: @escaping @Sendable () -> T) -> Pending<T> {
        let p = Pending<T>()
        p.group.enter()
        let spread = CoreSpread()
        DispatchQueue.global().async {
            spread.join()
            p.result = work()
            spread.end()
            p.group.leave()
        }
        return p
    }

    /// A result being computed on another thread.
    public final class Pending<T>: @unchecked Sendable {
        fileprivate let group = DispatchGroup()
        // Written once by the worker before it leaves the group; read after waiting on it.
        fileprivate var result: T?
        /// The result, once the work is done.
        public var value: T {
            group.wait()
            return result!
        }
        /// An already known result.
        public static func done(_ value: T) -> Pending<T> { let p = Pending<T>(); p.result = value; return p }
    }
}

/// Answers of a pure function of a string, kept for the run (a generated config asks the same question of every
/// server: the same location paths, the same upstreams). One thread at a time: concurrent work gets one each (a
/// lock shared by two cores cost more than the answers saved).
public final class Memo<Value> {
    /// Keyed by bytes: String equality is Unicode-canonical (`é` equals `e` + U+0301), the answers are not.
    @usableFromInline struct Key: Hashable {
        @usableFromInline let text: String
        @inlinable init(text: String) { self.text = text }
        @inlinable static func == (a: Key, b: Key) -> Bool { bytewiseEqual(a.text, b.text) }
        @inlinable func hash(into h: inout Hasher) { withUTF8Bytes(text) { h.combine(bytes: UnsafeRawBufferPointer($0)) } }
    }
    // Unchecked: one thread at a time (see above); the runtime's check of each access was a tenth of a lookup.
    @exclusivity(unchecked) @usableFromInline var answers: [Key: Value] = [:]
    /// The latest answers, in front of `answers`: a slot per cheap hash of the key's bytes (FNV-1a), checked by
    /// comparing bytes. Hashing each key for the dictionary (SipHash) was most of a lookup, asked at every location.
    /// The dictionary stays behind it: its hash is seeded, so no input makes its lookups slow.
    @exclusivity(unchecked) @usableFromInline var recent: [(hash: UInt64, text: String, value: Value)?]
    @usableFromInline static var slots: Int { 64 }
    public init() { recent = Array(repeating: nil, count: Self.slots) }
    /// Inlinable so that callers in other modules get it specialized for their value type (unspecialized, each
    /// call built the key's and the dictionary's generic metadata: 2,000 instructions a call).
    @inlinable public func value(_ key: String, _ compute: (String) -> Value) -> Value {
        let h = withUTF8Bytes(key, fnv1a)
        let slot = Int(truncatingIfNeeded: (h ^ h >> 32) & UInt64(Self.slots - 1))
        if let r = recent[slot], r.hash == h, bytewiseEqual(r.text, key) { return r.value }
        let v: Value
        if let known = answers[Key(text: key)] { v = known } else {
            v = compute(key)
            answers[Key(text: key)] = v
        }
        recent[slot] = (h, key, v)
        return v
    }
}
