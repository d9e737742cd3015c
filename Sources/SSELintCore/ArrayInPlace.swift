extension Array {
    /// `compactMap` into the array's own storage, in order (a report of thousands of findings is not copied).
    public mutating func compactMapInPlace(_ transform: (Element) throws -> Element?) rethrows {
        var kept = 0
        for i in indices {
            guard let e = try transform(self[i]) else { continue }
            self[kept] = e
            kept += 1
        }
        removeLast(count - kept)
    }

    /// Storage cut to the count when more than `slack` elements' room is unused (thousands of small files each kept
    /// a list grown by doubling).
    @inlinable public mutating func shrinkToFit(slack: Int = 4) {
        guard capacity > count + slack else { return }
        var exact: [Element] = []
        exact.reserveCapacity(count)
        exact.append(contentsOf: self)
        self = exact
    }

    /// The same, moving the elements instead of copying them (a copy retains each, and freeing the old storage
    /// releases each: most of cutting a small file's arguments to size): `filler`, a value that holds no reference,
    /// takes their place in the old storage before it is freed.
    @inlinable public mutating func shrinkToFit(slack: Int = 4, movingWith filler: Element) {
        guard capacity > count + slack else { return }
        let n = count
        // Made uninitialised (see `init(count:filler:writing:)` for its cost): filling it first cost more here.
        let exact = [Element](unsafeUninitializedCapacity: n) { out, initialized in
            self.withUnsafeMutableBufferPointer { old in
                if let from = old.baseAddress, let to = out.baseAddress {
                    to.moveInitialize(from: from, count: n)
                    from.initialize(repeating: filler, count: n)
                }
            }
            initialized = n
        }
        self = exact
    }

    /// `n` copies of `filler` (bitwise-copyable: `body` may initialise over them without destroying them first),
    /// then written by `body`: what
    /// `Array(unsafeUninitializedCapacity:initializingWith:)` gives, for a small array. That initializer allocates
    /// through a standard-library function that is never specialized and looks the storage class up in the runtime's
    /// metadata table at each call (300-400 instructions, and an atomic count on a line all cores share: a few small
    /// arrays for each of thousands of included files); `reserveCapacity` finds it through a cached accessor.
    @inlinable public init(count n: Int, filler: Element, writing body: (UnsafeMutableBufferPointer<Element>) throws -> Void) rethrows
        where Element: BitwiseCopyable {
        self = []
        reserveCapacity(n)
        append(contentsOf: repeatElement(filler, count: n))
        try withUnsafeMutableBufferPointer { try body($0) }
    }
}

// Room for `n` more, grown at least twofold: many small configs (or a glob of thousands of files) must not make a
// table reallocate for each.
extension Dictionary {
    public mutating func reserve(more n: Int) { if count + n > capacity { reserveCapacity(Swift.max(count + n, 2 * capacity)) } }
}

extension Set {
    public mutating func reserve(more n: Int) { if count + n > capacity { reserveCapacity(Swift.max(count + n, 2 * capacity)) } }
}

extension Array {
    public mutating func reserve(more n: Int) { if count + n > capacity { reserveCapacity(Swift.max(count + n, 2 * capacity)) } }
}
