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
}
