import SSELintCore

/// nginx configs written inside other files: a Kubernetes ConfigMap's `data:` entry (`nginx.conf: |`), a
/// Dockerfile heredoc (`COPY <<EOF /etc/nginx/conf.d/app.conf`, `RUN cat <<'EOF' > /etc/nginx/nginx.conf`) and
/// `RUN echo '…' > /etc/nginx/conf.d/app.conf` / `printf` lines (one quoted argument, or one line appended per `>>`).
/// Each comes back as a copy of the carrying file in which every byte outside the config is a space (newlines
/// kept), so the nginx parser reads only the config while every position is the carrying file's own line and column.
public enum EmbeddedNginx {
    public struct Config: Sendable {
        /// What carries it: "ConfigMap data nginx.conf", "heredoc to /etc/nginx/conf.d/app.conf".
        public let name: String
        public let bytes: [UInt8]
        public let line: Int
        /// Where the config lands in the container, when the carrier says: a heredoc's or echo's target file.
        public var target: String? = nil
        /// A ConfigMap entry: the ConfigMap's `metadata.name` and the `data:` key (a volume maps them to a path).
        public var configMap: (name: String, key: String)? = nil
    }

    public static func extract(_ file: SourceFile, carrier: Carrier) -> [Config] {
        switch carrier {
        case .kubernetes: return configMaps(file)
        case .dockerfile: return heredocs(file) + echoes(file)
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
    static func isQuote(_ c: UInt8) -> Bool { c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") }

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
        // The document's `metadata.name`, given to its entries when the document ends (it may follow `data:`).
        var name: String?, docStart = 0, inMetadata = false
        func close() {
            for k in docStart..<out.count { if let key = out[k].configMap?.key { out[k].configMap = (name ?? "", key) } }
            docStart = out.count; name = nil
        }
        var i = 0
        while i < ls.count {
            let t = ls[i].text
            let trimmed = t.trimmingWhitespace
            if trimmed == "---" { inConfigMap = false; close() }
            if indent(t) == 0, !trimmed.isEmpty { inMetadata = trimmed == "metadata:" }
            else if inMetadata, indent(t) == 2, trimmed.hasPrefix("name:") {
                name = String(trimmed.dropFirst(5).trimmingWhitespace.trimmingASCII(isQuote))
            }
            if trimmed.hasPrefix("kind:") { inConfigMap = trimmed.hasSuffix("ConfigMap") }
            guard inConfigMap, let colon = trimmed.firstIndex(of: ":") else { i += 1; continue }
            let key = String(trimmed[..<colon].trimmingASCII(isQuote))
            let value = trimmed[trimmed.index(after: colon)...].trimmingWhitespace
            guard key.hasSuffix(".conf") || key.hasSuffix(".conf.template"), value.hasPrefix("|") else { i += 1; continue }
            let keyIndent = indent(t)
            var j = i + 1
            while j < ls.count, ls[j].text.trimmingWhitespace.isEmpty || indent(ls[j].text) > keyIndent { j += 1 }
            if j > i + 1 {
                let range = ls[i + 1].start..<ls[j - 1].end
                let text = String(decoding: file.bytes[range], as: UTF8.self)
                if looksLikeNginx(text) {
                    var c = Config(name: "ConfigMap data \(key)", bytes: masked(file, range), line: i + 2)
                    c.configMap = ("", key)
                    out.append(c)
                }
            }
            i = j
        }
        close()
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
                if looksLikeNginx(text) { out.append(Config(name: "heredoc to \(target)", bytes: masked(file, range), line: i + 2, target: target)) }
            }
            i = j + 1
        }
        return out
    }

    /// `echo`/`printf` writing a quoted config to a target under an nginx directory or a `*.conf` file, in one
    /// argument (continuation lines and `\n` escapes included) or one `>>` line at a time. The quoted text is kept
    /// in place; escapes and line continuations become blanks, so offsets stay the Dockerfile's.
    static func echoes(_ file: SourceFile) -> [Config] {
        let b = file.bytes
        var byTarget: [(target: String, ranges: [Range<Int>], line: Int)] = []
        var index: [String: Int] = [:]
        var i = 0
        while i < b.count {
            // `echo` or `printf` as a word.
            guard (b[i] == UInt8(ascii: "e") && b[i...].starts(with: Array("echo ".utf8))) || (b[i] == UInt8(ascii: "p") && b[i...].starts(with: Array("printf ".utf8))),
                  i == 0 || [0x20, 0x09, 0x3B, 0x26, 0x7C, 0x0A].contains(b[i - 1]) else { i += 1; continue }
            var k = i + (b[i] == UInt8(ascii: "e") ? 5 : 7)
            // Blanks and flags (`-e`, `-ne`) before the quoted argument.
            while k < b.count, b[k] == 0x20 || b[k] == UInt8(ascii: "-") || (b[k] >= 0x61 && b[k] <= 0x7A && k > 0 && (b[k - 1] == UInt8(ascii: "-") || (b[k - 1] >= 0x61 && b[k - 1] <= 0x7A))) { k += 1 }
            guard k < b.count, b[k] == 0x27 || b[k] == 0x22 else { i += 1; continue }
            let q = b[k]
            var e = k + 1
            while e < b.count, b[e] != q { e += b[e] == 0x5C && q == 0x22 && e + 1 < b.count ? 2 : 1 }
            guard e < b.count else { break }
            // `> target` or `>> target` after the argument (same logical line).
            var r = e + 1
            while r < b.count, b[r] == 0x20 || b[r] == 0x09 { r += 1 }
            guard r < b.count, b[r] == UInt8(ascii: ">") else { i = e + 1; continue }
            while r < b.count, b[r] == UInt8(ascii: ">") || b[r] == 0x20 { r += 1 }
            var te = r
            while te < b.count, ![0x20, 0x09, 0x0A, 0x0D, 0x3B, 0x26, 0x5C].contains(b[te]) { te += 1 }
            let target = String(decoding: b[r..<te], as: UTF8.self)
            // One masked copy per target: the first 8 targets (a Dockerfile writing hundreds of configs this way is
            // generated, not a deployment to lint).
            if target.hasPrefix("/"), target.contains("nginx") || target.hasSuffix(".conf") {
                if let t = index[target] { byTarget[t].ranges.append(k + 1..<e) }
                else if byTarget.count < 8 { index[target] = byTarget.count; byTarget.append((target, [k + 1..<e], file.position(of: k).line)) }
            }
            i = te
        }
        return byTarget.compactMap { t in
            var out = [UInt8](repeating: 0x20, count: b.count)
            for (x, c) in b.enumerated() where c == 0x0A { out[x] = c }
            for r in t.ranges {
                var x = r.lowerBound
                while x < r.upperBound {
                    if b[x] == 0x5C, x + 1 < r.upperBound {
                        // `\n`, `\t` and a line continuation are blanks; `\"` keeps the quote.
                        if b[x + 1] == 0x0A { x += 2; continue }
                        if [UInt8(ascii: "n"), UInt8(ascii: "t"), UInt8(ascii: "r")].contains(b[x + 1]) { x += 2; continue }
                        out[x + 1] = b[x + 1]; x += 2; continue
                    }
                    if b[x] != 0x0A { out[x] = b[x] }
                    x += 1
                }
            }
            let text = String(decoding: out, as: UTF8.self)
            guard looksLikeNginx(text) else { return nil }
            return Config(name: "echo to \(t.target)", bytes: out, line: t.line, target: t.target)
        }
    }
}
