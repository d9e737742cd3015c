/// Long words shared among the files one worker parses: a config split into thousands of files repeats the same
/// URLs, header names and variables in each, and a String made per file for each of them was a tenth of the
/// parsed tree's memory. Not thread-safe: one table per run of files, which one core parses.
public final class SharedWords {
    @exclusivity(unchecked) private var table = WordTable(slots: 256)
    @exclusivity(unchecked) private var values: [String] = []
    /// Words kept at most (the table lives while its files are parsed; past this, words are made per file again).
    static let limit = 1 << 16

    public init() {}

    /// The String for `w`, made once for this table (`hash` is the lexer's FNV-1a of `w`).
    func string(_ w: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> String {
        let (id, slot) = table.find(w, hash: h)
        if id >= 0 { return values[Int(id)] }
        let value = String(decoding: w, as: UTF8.self)
        guard values.count < Self.limit else { return value }
        _ = table.insert(w, hash: h, at: slot)
        values.append(value)
        return value
    }
}
