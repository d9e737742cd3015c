/// A JSON value with ordered object keys, so every report is byte-for-byte deterministic.
public indirect enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// Serialises; `indent` > 0 pretty-prints with that many spaces (`JSONWriter` holds the format).
    public func serialized(indent: Int = 0) -> String {
        var w = JSONWriter(indent: indent)
        w.value(self)
        return String(decoding: w.bytes, as: UTF8.self)
    }
}

extension String {
    /// Each scalar that `table` names replaced by its entry, else by what `other` returns for it (nil keeps it):
    /// the one loop behind JSON strings, XML text and Swift literals.
    public func escaped(_ table: [Unicode.Scalar: String], other: (Unicode.Scalar) -> String? = { _ in nil }) -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for u in unicodeScalars {
            if let r = table[u] ?? other(u) { out += r } else { out.unicodeScalars.append(u) }
        }
        return out
    }
}
