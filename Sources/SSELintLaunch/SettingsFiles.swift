import SSELintCore

/// Settings files read only for their values (CAN003): `.env` files and YAML/TOML/INI/JSON configuration.
/// Line-based: `KEY=value`, `key = value`, `key: value`, `"key": value`.
public enum SettingsFiles {
    public static func isEnvFile(_ path: String) -> Bool {
        let n = Path.basename(path).lowercased()
        return n == ".env" || n.hasPrefix(".env.") || n.hasSuffix(".env")
    }

    /// Config files worth a look: only when they mention a cancellation setting at all.
    public static func isCandidate(_ path: String, bytes: [UInt8]?) -> Bool {
        let n = Path.basename(path).lowercased()
        if isEnvFile(path) { return true }
        guard [".toml", ".ini", ".cfg", ".json", ".yaml", ".yml"].contains(where: { n.hasSuffix($0) }), let b = bytes else { return false }
        return String(decoding: b.prefix(1 << 20), as: UTF8.self).containsASCIICaseInsensitive("cancel")
    }

    public static func parse(_ f: SourceFile) -> LaunchFile {
        var file = LaunchFile(source: f, carrier: .settings, commands: [], comments: lineComments(f))
        let b = f.bytes
        for (i, s) in f.lineStarts.enumerated() {
            let e = i + 1 < f.lineStarts.count ? f.lineStarts[i + 1] : b.count
            var k = s
            while k < e, b[k] == 0x20 || b[k] == 0x09 { k += 1 }
            guard k < e, b[k] != UInt8(ascii: "#"), b[k] != UInt8(ascii: ";") else { continue }
            let line = f.text(k..<e)
            var body = Substring(line)
            if body.hasPrefix("export ") { body = body.dropFirst(7) }
            if body.hasPrefix("- ") { body = body.dropFirst(2) }   // YAML list of KEY=value
            guard let sep = body.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            var key = String(body[..<sep]).trimmingSpaces
            if key.hasPrefix("\"") && key.hasSuffix("\"") && key.count >= 2 { key = String(key.dropFirst().dropLast()) }
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }) else { continue }
            var value = String(body[body.index(after: sep)...]).trimmingSpaces.trimmingCharacters(["\n", "\r", ","])
            if let hash = value.firstRange(of: " #") { value = String(value[..<hash.lowerBound]) }
            value = value.trimmingSpaces
            if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q { value = String(value.dropFirst().dropLast()) }
            // The value's place on its line, for the finding (after the separator).
            let afterSep = line.utf8.distance(from: line.startIndex, to: sep) + (line.utf8.count - body.utf8.count)
            let rest = String(line.utf8.dropFirst(afterSep)) ?? ""
            let start = k + afterSep + (value.isEmpty ? 0 : rest.firstRange(of: value).map { rest.utf8.distance(from: rest.startIndex, to: $0.lowerBound) } ?? 0)
            file.settings.append((key.split(separator: ".").last.map(String.init) ?? key,
                                  EnvValue(value: value, range: SourceRange(file: f, start: start, end: min(e, start + value.utf8.count)))))
        }
        return file
    }
}
