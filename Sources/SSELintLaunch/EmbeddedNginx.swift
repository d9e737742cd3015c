import SSELintCore

/// nginx configs written inside other files: a Kubernetes ConfigMap's `data:` entry (`nginx.conf: |`) and a
/// Dockerfile heredoc (`COPY <<EOF /etc/nginx/conf.d/app.conf`, `RUN cat <<'EOF' > /etc/nginx/nginx.conf`).
/// Each comes back as a copy of the carrying file in which every byte outside the config is a space (newlines
/// kept), so the nginx parser reads only the config while every position is the carrying file's own line and column.
public enum EmbeddedNginx {
    public struct Config: Sendable {
        /// What carries it: "ConfigMap data nginx.conf", "heredoc to /etc/nginx/conf.d/app.conf".
        public let name: String
        public let bytes: [UInt8]
        public let line: Int
    }

    public static func extract(_ file: SourceFile, carrier: Carrier) -> [Config] {
        switch carrier {
        case .kubernetes: return configMaps(file)
        case .dockerfile: return heredocs(file)
        default: return []
        }
    }

    typealias Line = (text: Substring, start: Int, end: Int)

    static func lines(_ file: SourceFile) -> [Line] {
        var out: [Line] = []
        var start = 0
        let bytes = file.bytes
        for i in 0...bytes.count where i == bytes.count || bytes[i] == UInt8(ascii: "\n") {
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            out.append((Substring(text), start, i))
            start = i + 1
        }
        return out
    }

    static func indent(_ s: Substring) -> Int { s.prefix { $0 == " " }.count }

    /// Looks like nginx: a block or a directive nginx configs always have.
    static func looksLikeNginx(_ text: String) -> Bool {
        ["server {", "http {", "events {", "location ", "upstream ", "proxy_pass "].contains { text.contains($0) }
    }

    /// The carrying file's bytes with only `range` kept.
    static func masked(_ file: SourceFile, _ range: Range<Int>) -> [UInt8] {
        var out = file.bytes
        for i in out.indices where !range.contains(i) && out[i] != UInt8(ascii: "\n") { out[i] = 0x20 }
        return out
    }

    /// `data:` entries of a ConfigMap whose key names a config (`*.conf`, `*.conf.template`) and whose value is a
    /// literal block (`|`) that reads as nginx.
    static func configMaps(_ file: SourceFile) -> [Config] {
        let ls = lines(file)
        var out: [Config] = []
        var inConfigMap = false
        var i = 0
        while i < ls.count {
            let t = ls[i].text
            let trimmed = t.trimmingCharacters(in: .whitespaces)
            if trimmed == "---" { inConfigMap = false }
            if trimmed.hasPrefix("kind:") { inConfigMap = trimmed.hasSuffix("ConfigMap") }
            guard inConfigMap, let colon = trimmed.firstIndex(of: ":") else { i += 1; continue }
            let key = trimmed[..<colon].trimmingCharacters(in: ["\"", "'"])
            let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard key.hasSuffix(".conf") || key.hasSuffix(".conf.template"), value.hasPrefix("|") else { i += 1; continue }
            let keyIndent = indent(t)
            var j = i + 1
            while j < ls.count, ls[j].text.trimmingCharacters(in: .whitespaces).isEmpty || indent(ls[j].text) > keyIndent { j += 1 }
            if j > i + 1 {
                let range = ls[i + 1].start..<ls[j - 1].end
                let text = String(decoding: file.bytes[range], as: UTF8.self)
                if looksLikeNginx(text) {
                    out.append(Config(name: "ConfigMap data \(key)", bytes: masked(file, range), line: i + 2))
                }
            }
            i = j
        }
        return out
    }

    /// Heredocs of a Dockerfile that write a config: the instruction names a target under an nginx directory or a
    /// `*.conf` file, and the body reads as nginx.
    static func heredocs(_ file: SourceFile) -> [Config] {
        let ls = lines(file)
        var out: [Config] = []
        var i = 0
        while i < ls.count {
            let t = String(ls[i].text)
            guard let open = t.firstRange(of: "<<") else { i += 1; continue }
            var rest = t[open.upperBound...]
            let strip = rest.hasPrefix("-")
            if strip { rest = rest.dropFirst() }
            let marker = rest.prefix { !$0.isWhitespace && $0 != ">" }.trimmingCharacters(in: ["'", "\""])
            guard !marker.isEmpty, marker.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { i += 1; continue }
            let words = t.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ">" }).map(String.init)
            let target = words.first { $0.hasPrefix("/") && ($0.contains("nginx") || $0.hasSuffix(".conf")) }
            var j = i + 1
            // The end marker alone on its line (CRLF files and trailing blanks tolerated; `<<-` strips leading tabs).
            while j < ls.count, ls[j].text.trimmingCharacters(in: strip ? ["\t", "\r", " "] : ["\r", " "]) != marker { j += 1 }
            if let target, j > i + 1, j <= ls.count {
                let range = ls[i + 1].start..<ls[min(j, ls.count) - 1].end
                let text = String(decoding: file.bytes[range], as: UTF8.self)
                if looksLikeNginx(text) { out.append(Config(name: "heredoc to \(target)", bytes: masked(file, range), line: i + 2)) }
            }
            i = j + 1
        }
        return out
    }
}
