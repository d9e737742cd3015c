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

    /// Serialises; `indent` > 0 pretty-prints with that many spaces.
    public func serialized(indent: Int = 0) -> String {
        var out = ""
        write(into: &out, indent: indent, level: 0)
        return out
    }

    private func write(into out: inout String, indent: Int, level: Int) {
        // Appends only: no temporary strings per element (a large report has hundreds of thousands of values).
        func newline() { if indent > 0 { out.append("\n") } }
        func pad(_ l: Int) {
            guard indent > 0 else { return }
            let n = indent * l
            out.append(n < JSON.spaces.count ? JSON.spaces[n] : String(repeating: " ", count: n))
        }
        switch self {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .int(let i): out.append(String(i))
        case .string(let s): JSON.quote(s, into: &out)
        case .array(let a):
            if a.isEmpty { out.append("[]"); return }
            out.append("["); newline()
            for (i, v) in a.enumerated() {
                pad(level + 1)
                v.write(into: &out, indent: indent, level: level + 1)
                if i + 1 < a.count { out.append(",") }
                newline()
            }
            pad(level); out.append("]")
        case .object(let o):
            if o.isEmpty { out.append("{}"); return }
            out.append("{"); newline()
            for (i, (k, v)) in o.enumerated() {
                pad(level + 1)
                JSON.quote(k, into: &out)
                out.append(indent > 0 ? ": " : ":")
                v.write(into: &out, indent: indent, level: level + 1)
                if i + 1 < o.count { out.append(",") }
                newline()
            }
            pad(level); out.append("}")
        }
    }

    /// Indentation strings, made once.
    static let spaces: [String] = (0..<64).map { String(repeating: " ", count: $0) }

    public static func quote(_ s: String, into out: inout String) {
        // Fast path: most strings need no escaping and are appended whole.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out.append("\""); out.append(s); out.append("\"")
            return
        }
        out += "\"" + s.escaped(["\"": "\\\"", "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"]) { u in
            guard u.value < 0x20 else { return nil }
            let h = String(u.value, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - h.count) + h
        } + "\""
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
