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
}
