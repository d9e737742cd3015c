import SSELintCore

/// An `haproxy.cfg` as HAProxy reads it (configuration.txt, "2. Configuring HAProxy" and "4. Proxies"): sections
/// (`global`, `defaults [name]`, `frontend`, `backend`, `listen`, and the others it has), each a list of
/// keyword lines; `#` starts a comment outside quotes, arguments split at blanks, with "…" and '…' quoting and `\`
/// escapes. Every directive and argument keeps its byte range, for findings and fixes. Linear in the file.
public struct HAProxyConfig: Sendable {
    public struct Word: Sendable {
        public let text: String
        public let range: Range<Int>
    }
    public struct Directive: Sendable {
        public let words: [Word]
        public var keyword: String { words[0].text }
        public var args: [String] { words.dropFirst().map(\.text) }
        public var range: Range<Int> { words[0].range.lowerBound..<words[words.count - 1].range.upperBound }
    }
    public struct Section: Sendable {
        public enum Kind: String, Sendable { case global, defaults, frontend, backend, listen, other }
        public let kind: Kind
        public let name: String
        /// `frontend x from named-defaults` (HAProxy 2.5+): the defaults section it takes its settings from.
        public let from: String?
        public let header: Directive
        public var directives: [Directive] = []
        /// The defaults section in force for this proxy (the last one before it, or the one `from` names).
        public var defaults: Int?

        /// Every directive with this keyword (and first argument, for two-word keywords such as `timeout server`).
        public func all(_ keyword: String, _ first: String? = nil) -> [Directive] {
            directives.filter { $0.keyword == keyword && (first == nil || $0.words.count > 1 && $0.words[1].text == first) }
        }
        public var isProxy: Bool { kind == .frontend || kind == .backend || kind == .listen }
        public var takesRequests: Bool { kind == .frontend || kind == .listen }
        public var hasServers: Bool { kind == .backend || kind == .listen }
    }

    public let source: SourceFile
    public var sections: [Section] = []
    /// `# …` comments (for inline suppressions).
    public var comments: [Comment] = []

    static let sectionKinds: [String: Section.Kind] = ["global": .global, "defaults": .defaults, "frontend": .frontend,
                                                       "backend": .backend, "listen": .listen]
    static let otherSections: Set<String> = ["peers", "resolvers", "userlist", "mailers", "program", "http-errors", "ring",
                                             "cache", "crt-store", "traces", "log-forward", "fcgi-app", "dynamic-update"]

    public static func parse(_ file: SourceFile) -> Result<HAProxyConfig, InputError> {
        var config = HAProxyConfig(source: file)
        var lastDefaults: Int?
        var namedDefaults: [String: Int] = [:]
        for (line, range) in file.nonEmptyLines {
            let words: [Word]
            switch split(file.bytes, range) {
            case .success(let (w, comment)):
                words = w
                if let c = comment { config.comments.append(Comment(text: String(decoding: file.bytes[min(c.lowerBound + 1, c.upperBound)..<c.upperBound], as: UTF8.self), start: c.lowerBound, end: c.upperBound)) }
            case .failure(let e):
                let p = file.position(of: e.at)
                return .failure(InputError(path: file.path, line: p.line, column: p.column, message: "unterminated quote"))
            }
            guard let first = words.first else { continue }
            if let kind = sectionKinds[first.text] ?? (otherSections.contains(first.text) ? .other : nil) {
                let name = words.count > 1 && words[1].text != "from" ? words[1].text : ""
                let fromIndex = words.firstIndex { $0.text == "from" }
                let from = fromIndex.flatMap { $0 + 1 < words.count ? words[$0 + 1].text : nil }
                var section = Section(kind: kind, name: name, from: from, header: Directive(words: words))
                if section.isProxy || kind == .defaults {
                    if let from {
                        guard let d = namedDefaults[from] else {
                            let p = file.position(of: words[fromIndex! + 1].range.lowerBound)
                            return .failure(InputError(path: file.path, line: p.line, column: p.column, message: "\"from \(from)\": no defaults section named \(from) above this line"))
                        }
                        section.defaults = d
                    } else if section.isProxy {
                        section.defaults = lastDefaults
                    }
                }
                config.sections.append(section)
                if kind == .defaults {
                    lastDefaults = config.sections.count - 1
                    if !name.isEmpty { namedDefaults[name] = config.sections.count - 1 }
                }
                continue
            }
            guard !config.sections.isEmpty else {
                let p = file.position(of: first.range.lowerBound)
                return .failure(InputError(path: file.path, line: line, column: p.column, message: "\"\(first.text)\" before any section (global, defaults, frontend, backend or listen)"))
            }
            let d = Directive(words: words)
            if d.keyword == "timeout", words.count > 2, !words[2].text.contains("$"), HAProxyConfig.seconds(words[2].text) == nil {
                let p = file.position(of: words[2].range.lowerBound)
                return .failure(InputError(path: file.path, line: p.line, column: p.column, message: "timeout \(words[1].text): \"\(words[2].text)\" is not a time (a number with us, ms, s, m, h or d)"))
            }
            config.sections[config.sections.count - 1].directives.append(d)
        }
        return .success(config)
    }

    /// Splits one line into words (and its `#` comment); the offset of an unterminated quote on failure.
    struct UnterminatedQuote: Error { let at: Int }
    static func split(_ b: [UInt8], _ range: Range<Int>) -> Result<([Word], Range<Int>?), UnterminatedQuote> {
        var words: [Word] = []
        var i = range.lowerBound
        while i < range.upperBound {
            let c = b[i]
            if c == 0x20 || c == 0x09 || c == 0x0D { i += 1; continue }
            if c == 0x23 { return .success((words, i..<range.upperBound)) }
            let start = i
            var text: [UInt8] = []
            var quote: UInt8?
            var quoteStart = i
            while i < range.upperBound {
                let c = b[i]
                if let q = quote {
                    if c == q { quote = nil; i += 1; continue }
                    if c == 0x5C, q == 0x22, i + 1 < range.upperBound { text.append(b[i + 1]); i += 2; continue }
                    text.append(c); i += 1; continue
                }
                if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x23 { break }
                if c == 0x22 || c == 0x27 { quote = c; quoteStart = i; i += 1; continue }
                if c == 0x5C, i + 1 < range.upperBound { text.append(b[i + 1]); i += 2; continue }
                text.append(c); i += 1
            }
            if quote != nil { return .failure(UnterminatedQuote(at: quoteStart)) }
            words.append(Word(text: String(decoding: text, as: UTF8.self), range: start..<i))
        }
        return .success((words, nil))
    }

    /// HAProxy's time format: a number with an optional unit (us, ms, s, m, h, d); no unit means milliseconds.
    public static func seconds(_ text: String) -> Double? {
        let digits = text.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard !digits.isEmpty, let n = Double(digits) else { return nil }
        switch text.dropFirst(digits.count) {
        case "": return n / 1000
        case "us": return n / 1_000_000
        case "ms": return n / 1000
        case "s": return n
        case "m": return n * 60
        case "h": return n * 3600
        case "d": return n * 86400
        default: return nil
        }
    }

    /// The defaults sections in force for a section, nearest first (`defaults b from a` chains).
    public func defaultsChain(of section: Section) -> [Section] {
        var out: [Section] = []
        var next = section.defaults
        while let i = next, out.count < 32 {
            out.append(sections[i])
            next = sections[i].defaults
        }
        return out
    }

    /// A timeout of a proxy section as HAProxy applies it: its own line, else its defaults'. `0` means none, and a
    /// value HAProxy takes from the environment (`"${T}"`) is unknown: both give nil.
    public func timeout(_ name: String, of section: Section) -> (seconds: Double, directive: Directive, inherited: Bool)? {
        for (k, s) in ([section] + defaultsChain(of: section)).enumerated() {
            guard let d = s.all("timeout", name).last, d.words.count > 2 else { continue }
            guard let v = Self.seconds(d.words[2].text), v > 0 else { return nil }
            return (v, d, k > 0)
        }
        return nil
    }

    /// `mode http` or `mode tcp` in force (HAProxy's default is tcp).
    public func mode(of section: Section) -> String {
        for s in [section] + defaultsChain(of: section) {
            if let m = s.all("mode").last?.args.first { return m }
        }
        return "tcp"
    }

    /// The backends a frontend (or listen) section sends requests to: `default_backend`, `use_backend` (with the
    /// paths its condition selects, ACLs expanded; a negated or `unless` condition selects none), and itself for a
    /// listen section with servers.
    public func backends(of section: Section) -> [(index: Int, condition: String, line: Directive?)] {
        var out: [(Int, String, Directive?)] = []
        func backend(_ name: String) -> Int? { sections.firstIndex { ($0.kind == .backend || $0.kind == .listen) && $0.name == name } }
        if section.kind == .listen, let me = sections.firstIndex(where: { $0.kind == .listen && $0.name == section.name }) { out.append((me, "", nil)) }
        // Named ACLs (`acl stream path_beg /api/chat`), so that `use_backend chat if stream` reads as its paths.
        var acls: [String: [String]] = [:]
        for d in section.all("acl") where d.words.count > 2 { acls[d.words[1].text, default: []] += d.words.dropFirst(2).map(\.text) }
        for d in section.directives where d.keyword == "default_backend" || d.keyword == "use_backend" {
            guard d.words.count > 1, let i = backend(d.words[1].text) else { continue }
            var expanded: [String] = []
            var negated = false
            for w in d.words.dropFirst(2).map(\.text) {
                if w == "unless" { negated = true; continue }
                if w == "!" { negated = true; continue }
                if w == "||" || w == "or" || w == "if" { negated = false; continue }
                if w.hasPrefix("!") || negated { negated = false; continue }
                expanded += [w] + (acls[w] ?? [])
            }
            if d.words.dropFirst(2).contains(where: { $0.text == "unless" }) { expanded = [] }
            out.append((i, expanded.joined(separator: " "), d))
        }
        if !out.contains(where: { $0.2?.keyword == "default_backend" }),
           let d = defaultsChain(of: section).lazy.compactMap({ $0.all("default_backend").last }).first, d.words.count > 1, let b = backend(d.words[1].text) {
            out.append((b, "", d))
        }
        return out
    }
}
