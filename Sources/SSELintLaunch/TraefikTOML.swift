import SSELintCore

/// The TOML Traefik's own files use, read into dotted keys with positions: `[a.b]` and `[[a.b]]` tables, `key =
/// value` with bare, quoted or dotted keys, strings (basic, literal), numbers, booleans, arrays of scalars (over
/// several lines too) and inline tables. Enough for traefik.toml and file-provider TOML; anything else is an input
/// error at its line rather than a guess.
enum TraefikTOML {
    static func flatten(_ f: SourceFile) -> Result<[TraefikEntry], InputError> {
        var entries: [TraefikEntry] = []
        var table: [String] = []
        var arrayIndex: [String: Int] = [:]
        let b = f.bytes
        var i = 0
        func fail(_ at: Int, _ message: String) -> Result<[TraefikEntry], InputError> {
            let p = f.position(of: min(at, b.count))
            return .failure(InputError(path: f.path, line: p.line, column: p.column, message: message))
        }
        func skipBlank() { while i < b.count, b[i] == 0x20 || b[i] == 0x09 { i += 1 } }
        func skipComment() { if i < b.count, b[i] == UInt8(ascii: "#") { while i < b.count, b[i] != 0x0A { i += 1 } } }
        /// A key (`a`, `"a.b"`, `a.b`), its parts.
        func key(until stop: Set<UInt8>) -> [String]? {
            var parts: [String] = []
            while true {
                skipBlank()
                guard i < b.count else { return nil }
                if b[i] == 0x22 || b[i] == 0x27 {
                    let q = b[i]; i += 1
                    let s = i
                    while i < b.count, b[i] != q, b[i] != 0x0A { i += 1 }
                    guard i < b.count, b[i] == q else { return nil }
                    parts.append(String(decoding: b[s..<i], as: UTF8.self)); i += 1
                } else {
                    let s = i
                    while i < b.count, isBare(b[i]) { i += 1 }
                    guard i > s else { return nil }
                    parts.append(String(decoding: b[s..<i], as: UTF8.self))
                }
                skipBlank()
                if i < b.count, b[i] == UInt8(ascii: ".") { i += 1; continue }
                return i < b.count && stop.contains(b[i]) ? parts : nil
            }
        }
        /// A scalar value's text and range; arrays of scalars joined with commas; inline tables flattened.
        func value(_ k: [String], depth: Int) -> String? {
            skipBlank()
            guard i < b.count, depth < 32 else { return nil }
            let start = i
            switch b[i] {
            case 0x22, 0x27:
                let q = b[i]
                if i + 2 < b.count, b[i + 1] == q, b[i + 2] == q { return nil }  // multi-line strings: not in Traefik's files
                i += 1
                var out: [UInt8] = []
                while i < b.count, b[i] != q, b[i] != 0x0A {
                    if q == 0x22, b[i] == 0x5C, i + 1 < b.count { out.append(b[i + 1]); i += 2; continue }
                    out.append(b[i]); i += 1
                }
                guard i < b.count, b[i] == q else { return nil }
                i += 1
                entries.append(TraefikEntry(key: k, value: String(decoding: out, as: UTF8.self), range: start..<i, source: f, service: nil))
                return ""
            case UInt8(ascii: "["):
                i += 1
                var items: [String] = []
                while true {
                    while i < b.count, [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ",")].contains(b[i]) { i += 1 }
                    skipComment()
                    guard i < b.count else { return nil }
                    if b[i] == UInt8(ascii: "]") { i += 1; break }
                    if b[i] == 0x0A || b[i] == UInt8(ascii: "#") { continue }
                    let before = entries.count
                    guard value(k, depth: depth + 1) != nil, entries.count == before + 1 else { return nil }
                    items.append(entries.removeLast().value)
                }
                entries.append(TraefikEntry(key: k, value: items.joined(separator: ","), range: start..<i, source: f, service: nil))
                return ""
            case UInt8(ascii: "{"):
                entries.append(TraefikEntry(key: k, value: "", range: start..<start + 1, source: f, service: nil))
                i += 1
                while true {
                    skipBlank()
                    guard i < b.count else { return nil }
                    if b[i] == UInt8(ascii: "}") { i += 1; return "" }
                    if b[i] == UInt8(ascii: ",") { i += 1; continue }
                    guard let sub = key(until: [UInt8(ascii: "=")]) else { return nil }
                    i += 1
                    guard value(k + sub, depth: depth + 1) != nil else { return nil }
                }
            default:
                while i < b.count, isBare(b[i]) || b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: ":") { i += 1 }
                guard i > start else { return nil }
                entries.append(TraefikEntry(key: k, value: String(decoding: b[start..<i], as: UTF8.self), range: start..<i, source: f, service: nil))
                return ""
            }
        }
        while i < b.count {
            while i < b.count, [0x20, 0x09, 0x0A, 0x0D].contains(b[i]) { i += 1 }
            skipComment()
            guard i < b.count else { break }
            if b[i] == 0x0A { continue }
            let lineStart = i
            if b[i] == UInt8(ascii: "[") {
                let array = i + 1 < b.count && b[i + 1] == UInt8(ascii: "[")
                i += array ? 2 : 1
                guard let k = key(until: [UInt8(ascii: "]")]) else { return fail(lineStart, "expected a table name like [http.routers.api]") }
                // `[[name]]` closes with two brackets: `[[name]` is an error, not a byte past the end.
                guard i < b.count, b[i] == UInt8(ascii: "]"), !array || (i + 1 < b.count && b[i + 1] == UInt8(ascii: "]")) else {
                    return fail(lineStart, array ? "an array of tables closes with ]]" : "a table name closes with ]")
                }
                i += array ? 2 : 1
                if array {
                    let name = k.joined(separator: ".")
                    let n = arrayIndex[name, default: -1] + 1
                    arrayIndex[name] = n
                    table = k + ["\(n)"]
                } else { table = k }
                // The table itself is an entry: `[http.middlewares.gz.compress]` alone turns compression on.
                entries.append(TraefikEntry(key: table, value: "", range: lineStart..<i, source: f, service: nil))
            } else {
                guard let k = key(until: [UInt8(ascii: "=")]) else { return fail(lineStart, "expected `key = value`") }
                i += 1
                guard value(table + k, depth: 0) != nil else { return fail(lineStart, "a value Traefik's TOML reader does not know (strings, numbers, booleans, arrays, inline tables)") }
            }
            skipBlank(); skipComment()
            if i < b.count, b[i] == 0x0D { i += 1 }
            if i < b.count, b[i] != 0x0A { return fail(i, "unexpected text after the value") }
        }
        return .success(entries)
    }

    static func isBare(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
    }
}
