import SSELintCore

/// An image that a Dockerfile stage, a compose service or a Kubernetes container runs, with the files of the tree
/// that end up inside it (`COPY`/`ADD` sources, bind-mounted host paths). The engine uses it to learn which nginx
/// version runs a config (the tag of the image that carries it).
public struct ImageUse: Sendable {
    /// `nginx:1.27-alpine`, `openresty/openresty:1.25.3.1-alpine`, as written.
    public let image: String
    public let range: SourceRange
    public init(image: String, range: SourceRange, sources: [String], mounts: [(host: String, container: String)] = []) {
        self.image = image; self.range = range; self.sources = sources; self.mounts = mounts
    }
    /// Host paths (normalised, relative to the carrying file's directory) copied or mounted into the container.
    public let sources: [String]
    /// Where each of them lands in the container (`./nginx/conf.d` → `/etc/nginx/conf.d`), when written.
    public var mounts: [(host: String, container: String)] = []

    /// The repository part without registry and tag: `nginx`, `openresty/openresty`, `bitnami/nginx`.
    public var repository: String {
        var name = image
        if let at = name.firstIndex(of: "@") { name = String(name[..<at]) }
        if let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") { name = String(name[..<colon]) }
        var parts = name.split(separator: "/").map(String.init)
        // A first part with a dot or a port is a registry (`public.ecr.aws/docker/library/nginx`).
        if parts.count > 1, parts[0].contains(".") || parts[0].contains(":") || parts[0] == "localhost" { parts.removeFirst() }
        if parts.count > 1, parts[0] == "docker", parts[1] == "library" { parts.removeFirst(2) }
        if parts.first == "library" { parts.removeFirst() }
        return parts.joined(separator: "/").lowercased()
    }

    /// The tag, nil when untagged (or pinned by digest only).
    public var tag: String? {
        var name = image
        if let at = name.firstIndex(of: "@") { name = String(name[..<at]) }
        guard let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") else { return nil }
        return String(name[name.index(after: colon)...])
    }

    /// An nginx-family image: nginx itself, its unprivileged and vendor builds, OpenResty.
    public var isNginx: Bool {
        let last = repository.split(separator: "/").last.map(String.init) ?? ""
        // Not exporters, proxy managers or ingress controllers (`nginx-prometheus-exporter`, `nginx-proxy-manager`):
        // their tags are not nginx versions.
        return ["nginx", "nginx-unprivileged", "openresty", "nginx-alpine", "nginx-slim"].contains(last)
    }

    /// The nginx version the tag names: `1.27.3-alpine` → 1.27.3; OpenResty `1.25.3.1` → its nginx core 1.25.3.
    /// `latest`, `alpine`, `stable`, `mainline` and a bare major (`1`) move with time: nil.
    public var nginxVersion: NginxVersion? {
        guard isNginx, let tag else { return nil }
        let digits = tag.prefix { $0.isNumber || $0 == "." }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        return NginxVersion(parts.prefix(3).joined(separator: "."))
    }

    /// The tag fixes the version only to a minor line (`1.29`): known only when the whole line is on one side of
    /// `limit` (1.27 is below 1.29.7, 1.30 above; 1.29 straddles it).
    public func isPinned(relativeTo limit: NginxVersion) -> Bool {
        guard let v = nginxVersion else { return false }
        if v.parts.count >= 3 { return true }
        let lineStart = v, lineEnd = NginxVersion("\(v.parts[0]).\(v.parts[1]).9999")!
        return (lineStart >= limit) == (lineEnd >= limit)
    }
}

/// Finds image uses in Dockerfiles and in compose and Kubernetes YAML, line by line (these files are already parsed
/// for launch commands; images need only the `FROM`/`image:` lines and what is copied or mounted next to them).
public enum ContainerImages {
    public static func scan(_ file: SourceFile, carrier: Carrier) -> [ImageUse] {
        switch carrier {
        case .dockerfile: return dockerfile(file)
        case .compose, .kubernetes: return yaml(file)
        default: return []
        }
    }

    /// The lines as a Character-wise split at `"\n"` cuts them: at each `\n` that does not end a `\r\n` (one
    /// Character), found by byte.
    static func lines(_ file: SourceFile) -> [(text: Substring, offset: Int)] {
        let text = String(decoding: file.bytes, as: UTF8.self)
        let u = text.utf8
        var out: [(Substring, Int)] = []
        var start = u.startIndex, offset = 0, i = u.startIndex, at = 0, previous: UInt8 = 0
        while i < u.endIndex {
            let c = u[i]
            if c == 0x0A && previous != 0x0D {
                out.append((text[start..<i], offset))
                start = u.index(after: i)
                offset = at + 1
            }
            previous = c
            u.formIndex(after: &i)
            at += 1
        }
        out.append((text[start..<u.endIndex], offset))
        return out
    }

    static func isQuoteOrBracket(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") || c == UInt8(ascii: "[") || c == UInt8(ascii: "]") || c == UInt8(ascii: ",")
    }

    /// The line's words, split at spaces and tabs, without quotes, brackets and commas at their ends. ASCII lines by
    /// byte; in others a space may begin a Character with the mark after it, so they are split as Characters.
    static func words(_ s: Substring) -> [String] {
        let ascii = s.utf8.allSatisfy { $0 < 0x80 }
        guard ascii else {
            return s.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { String($0.trimmingASCII(isQuoteOrBracket)) }.filter { !$0.isEmpty }
        }
        var out: [String] = []
        var i = s.utf8.startIndex
        let end = s.utf8.endIndex
        while i < end {
            while i < end, s.utf8[i] == 0x20 || s.utf8[i] == 0x09 { s.utf8.formIndex(after: &i) }
            var e = i
            while e < end, s.utf8[e] != 0x20, s.utf8[e] != 0x09 { s.utf8.formIndex(after: &e) }
            if i < e {
                let w = s[i..<e].trimmingASCII(isQuoteOrBracket)
                if !w.isEmpty { out.append(String(w)) }
            }
            i = e
        }
        return out
    }

    static func dockerfile(_ file: SourceFile) -> [ImageUse] {
        let dir = Path.dirname(file.path)
        var out: [ImageUse] = []
        var current: (image: String, range: SourceRange)?
        var sources: [String] = []
        var mounts: [(host: String, container: String)] = []
        func flush() {
            if let c = current { out.append(ImageUse(image: c.image, range: c.range, sources: sources, mounts: mounts)) }
            sources = []; mounts = []
        }
        for (text, offset) in lines(file) {
            let w = words(text)
            guard let op = w.first?.uppercased() else { continue }
            if op == "FROM" {
                flush()
                let args = w.dropFirst().filter { !$0.hasPrefix("--") }
                guard let image = args.first, !image.contains("$") || image.contains(":") else { current = nil; continue }
                let start = offset + (text.utf8.count - text.drop { $0 == " " || $0 == "\t" }.utf8.count)
                current = (image, SourceRange(file: file, start: start, end: offset + text.utf8.count))
            } else if op == "COPY" || op == "ADD" {
                let args = w.dropFirst()
                if args.contains(where: { $0.hasPrefix("--from") }) { continue }
                let paths = args.filter { !$0.hasPrefix("--") }
                guard paths.count >= 2, let dest = paths.last else { continue }
                let srcs = paths.dropLast().map { Path.normalize(Path.join(dir, $0)) }
                sources += srcs
                // `COPY nginx.conf /etc/nginx/nginx.conf`, `COPY conf.d/ /etc/nginx/conf.d/`, `COPY a.conf b.conf /etc/nginx/conf.d/`.
                if dest.hasPrefix("/") {
                    for (src, raw) in zip(srcs, paths.dropLast()) {
                        let intoDir = dest.hasSuffix("/") && !raw.hasSuffix("/") && FileSystem.kind(src) == .file
                        mounts.append((src, intoDir ? Path.join(dest, Path.basename(src)) : Path.normalize(dest)))
                    }
                }
            }
        }
        flush()
        return out
    }

    /// `image:` lines, each with the bind mounts of its block: compose `volumes:` entries (`./conf:/etc/nginx/conf.d`,
    /// or `source:` of a long-form bind) written below the image's parent key.
    static func yaml(_ file: SourceFile) -> [ImageUse] {
        let dir = Path.dirname(file.path)
        let all = lines(file)
        var out: [ImageUse] = []
        for (i, (text, offset)) in all.enumerated() {
            let trimmed = text.drop { $0 == " " || $0 == "\t" || $0 == "-" }.drop { $0 == " " }
            guard trimmed.hasPrefix("image:") else { continue }
            let value = trimmed.dropFirst("image:".count).split(separator: "#").first.map { words($0) }?.first ?? ""
            guard !value.isEmpty, !value.hasPrefix("{{") else { continue }
            // The block: from the parent key (the nearest line above with less indentation) to the next line at
            // or above that parent's indentation.
            let indent = text.prefix { $0 == " " }.count
            var parent = i
            while parent > 0 {
                parent -= 1
                let t = all[parent].text
                let stripped = t.trimmingWhitespace
                if stripped.isEmpty || stripped.hasPrefix("#") { continue }
                if t.prefix(while: { $0 == " " }).count < indent { break }
            }
            let parentIndent = all[parent].text.prefix { $0 == " " }.count
            var sources: [String] = []
            var mounts: [(host: String, container: String)] = []
            var j = parent + 1
            while j < all.count {
                let t = all[j].text
                let stripped = t.trimmingWhitespace
                if j > parent + 1, !stripped.isEmpty, !stripped.hasPrefix("#"), t.prefix(while: { $0 == " " }).count <= parentIndent { break }
                var item = stripped
                if item.hasPrefix("-") { item = item.dropFirst().drop { $0 == " " } }
                if item.hasPrefix("source:") { item = item.dropFirst("source:".count).drop { $0 == " " } }
                let entry = words(item).first ?? ""
                if entry.hasPrefix("./") || entry.hasPrefix("../") || entry == "." {
                    let parts = entry.split(separator: ":").map(String.init)
                    let host = Path.normalize(Path.join(dir, parts[0]))
                    sources.append(host)
                    if parts.count >= 2, parts[1].hasPrefix("/") { mounts.append((host, Path.normalize(parts[1]))) }
                }
                j += 1
            }
            let start = offset + (text.utf8.count - trimmed.utf8.count)
            out.append(ImageUse(image: value, range: SourceRange(file: file, start: start, end: offset + text.utf8.count), sources: sources, mounts: mounts))
        }
        return out
    }
}
