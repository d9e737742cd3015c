import Dispatch

/// Work that pays to spread over every core: many files to read and parse. Results keep the input order, so the
/// output is the same however the work was scheduled.
public enum Parallel {
    /// `transform` applied to every item, concurrently when there are at least `minimum` items.
    public static func map<T, U>(_ items: [T], minimum: Int = 8, _ transform: (T) -> U) -> [U] {
        guard items.count >= minimum else { return items.map(transform) }
        var out = [U?](repeating: nil, count: items.count)
        out.withUnsafeMutableBufferPointer { buffer in
            // Each iteration writes only its own slot; nothing else is shared.
            nonisolated(unsafe) let slots = buffer
            nonisolated(unsafe) let input = items
            withoutActuallyEscaping(transform) { transform in
                nonisolated(unsafe) let f = transform
                DispatchQueue.concurrentPerform(iterations: items.count) { i in
                    slots[i] = f(input[i])
                }
            }
        }
        return out.map { $0! }
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
                        DispatchQueue.concurrentPerform(iterations: 2) { i in
                            if i == 0 { pa.pointee = a() } else { pb.pointee = b() }
                        }
                    }
                }
            }
        }
        return (ra!, rb!)
    }
}
