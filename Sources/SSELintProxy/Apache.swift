import SSELintCore

/// An Apache httpd configuration as httpd 2.4 reads it (server/util.c ap_cfg_getline and ap_getword_conf,
/// server/config.c ap_build_config; docs/2.4/configuring.html#syntax): one directive per line, a `\` right before
/// the line break continues the line (a comment line too), `#` starts a comment only as the first non-blank
/// character of a line (elsewhere it is an argument), arguments split at blanks, a word that starts with "…" or
/// '…' runs to the matching quote (`\"` and `\\` escape inside it), and `<Name args>` … `</Name>` sections nest,
/// names case-insensitive. Every word, directive and section keeps its byte range, for findings and fixes.
/// `${VAR}` and `%{…}` stay as written; Include files are listed, not followed. Linear in the file.
///
/// Input errors, as httpd reports them: a section never closed (at its header), a `</X>` that closes nothing or
/// another section, a header or closing tag without its `>`, sections nested deeper than `maxDepth`. Two on
/// purpose where httpd says nothing: a quote never closed on its line (httpd lets it run to the end of the line,
/// almost always a mistake), and a UTF-8 BOM is skipped rather than read as part of the first directive's name.
public struct ApacheConfig: Sendable {
    public struct Word: Sendable, Hashable {
        /// Quotes removed and escapes resolved.
        public let text: String
        /// The word as written, quotes included.
        public let range: Range<Int>
        public init(text: String, range: Range<Int>) { self.text = text; self.range = range }
    }

    public struct Directive: Sendable {
        public let words: [Word]
        /// `words[0]` lowercased (ASCII): directive names are case-insensitive.
        public let lowercasedName: String
        public init(words: [Word]) {
            precondition(!words.isEmpty, "a directive has a name")
            self.words = words
            self.lowercasedName = ApacheConfig.lower(words[0].text)
        }
        public var name: String { words[0].text }
        public var args: [String] { words.dropFirst().map(\.text) }
        /// First word to last word, continuation lines included.
        public var range: Range<Int> { words[0].range.lowerBound..<words[words.count - 1].range.upperBound }
        /// `Include` or `IncludeOptional` (the files are not read).
        public var isInclude: Bool { lowercasedName == "include" || lowercasedName == "includeoptional" }
        /// Whether this is the directive `name` (any case).
        public func `is`(_ name: String) -> Bool { lowercasedName == ApacheConfig.lower(name) }
    }

    public struct Section: Sendable {
        /// As written, without `<`: "VirtualHost", "Location", "IfModule", …
        public let name: String
        public let lowercasedName: String
        public let args: [Word]
        /// `<Name args>`, brackets included.
        public let header: Range<Int>
        /// `<Name` in the header.
        public let nameRange: Range<Int>
        public var body: [Node]
        /// `</Name>`.
        public let closeRange: Range<Int>
        public init(name: String, args: [Word], header: Range<Int>, nameRange: Range<Int>, body: [Node], closeRange: Range<Int>) {
            self.name = name; self.lowercasedName = ApacheConfig.lower(name); self.args = args
            self.header = header; self.nameRange = nameRange; self.body = body; self.closeRange = closeRange
        }
        /// Header to closing tag.
        public var range: Range<Int> { header.lowerBound..<closeRange.upperBound }
        public func `is`(_ name: String) -> Bool { lowercasedName == ApacheConfig.lower(name) }
        /// The directives directly in this section (not in nested sections).
        public var directives: [Directive] { body.compactMap { if case .directive(let d) = $0 { d } else { nil } } }
        /// The sections directly in this section.
        public var sections: [Section] { body.compactMap { if case .section(let s) = $0 { s } else { nil } } }
        /// Directives directly in this section named `name` (any case).
        public func all(_ name: String) -> [Directive] {
            let n = ApacheConfig.lower(name)
            return directives.filter { $0.lowercasedName == n }
        }
    }

    public indirect enum Node: Sendable {
        case directive(Directive)
        case section(Section)
    }

    public let source: SourceFile
    public var nodes: [Node] = []
    /// `#` comments: `text` is what follows the `#`, the range starts at it (continuation lines included).
    public var comments: [Comment] = []

    public init(source: SourceFile, nodes: [Node] = [], comments: [Comment] = []) {
        self.source = source; self.nodes = nodes; self.comments = comments
    }

    /// Sections deeper than this are an input error (httpd has no limit; real configs nest a handful).
    public static let maxDepth = 100

    struct Failure: Error { let at: Int; let message: String }

    /// A section being read: its header, and the nodes so far.
    struct Open {
        let name: String
        let lower: String
        let args: [Word]
        let header: Range<Int>
        let nameRange: Range<Int>
        var body: [Node] = []
    }

    public static func parse(_ file: SourceFile) -> Result<ApacheConfig, InputError> {
        var config = ApacheConfig(source: file)
        do {
            try read(file, into: &config)
            return .success(config)
        } catch let f as Failure {
            let p = file.position(of: max(0, min(f.at, file.bytes.count)))
            return .failure(InputError(path: file.path, line: p.line, column: p.column, message: f.message))
        } catch {
            return .failure(InputError(path: file.path, line: 1, column: 1, message: "\(error)"))
        }
    }

    /// httpd's whitespace (apr_isspace): space, tab, LF, VT, FF, CR.
    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }

    /// One logical line: bytes `s..<e` of `bytes` (the file itself, or the line with its continuations removed),
    /// and where each came from in the file.
    struct Line {
        let bytes: UnsafeBufferPointer<UInt8>
        /// Each byte's offset in the file; nil when `bytes` is the file.
        let offsets: UnsafeBufferPointer<Int>?
        @inline(__always) subscript(_ k: Int) -> UInt8 { bytes[k] }
        @inline(__always) func offset(_ k: Int) -> Int { offsets?[k] ?? k }
        func text(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self) }
    }

    static func read(_ file: SourceFile, into config: inout ApacheConfig) throws {
        var stack: [Open] = []
        func append(_ node: Node) {
            if stack.isEmpty { config.nodes.append(node) } else { stack[stack.count - 1].body.append(node) }
        }
        func line(_ line: Line, _ s0: Int, _ e0: Int) throws {
            // Trimmed at both ends (cfg_trim_line).
            var s = s0, e = e0
            while s < e, isSpace(line[s]) { s += 1 }
            while e > s, isSpace(line[e - 1]) { e -= 1 }
            guard s < e else { return }
            if line[s] == 0x23 {
                config.comments.append(Comment(text: line.text((s + 1)..<e), start: line.offset(s), end: line.offset(e - 1) + 1))
                return
            }
            guard line[s] == 0x3C else {
                let ws = try words(line, s, e)
                if !ws.isEmpty { append(.directive(Directive(words: ws))) }
                return
            }
            if s + 1 < e, line[s + 1] == 0x2F {
                // `</Name>`: closes the innermost open section.
                var k = s + 2
                while k < e, !isSpace(line[k]), line[k] != 0x3E { k += 1 }
                let name = line.text((s + 2)..<k)
                // httpd takes the first word as the tag and drops its last byte: `</Name >` fails there too.
                guard k < e, line[k] == 0x3E else {
                    throw Failure(at: line.offset(s), message: "</\(name) is missing its closing '>' (written </\(name)>, no blank before '>')")
                }
                let close = line.offset(s)..<(line.offset(k) + 1)
                guard let open = stack.popLast() else {
                    throw Failure(at: line.offset(s), message: "</\(name)> without a matching <\(name)> section above it")
                }
                guard lower(name) == open.lower else {
                    let p = file.position(of: open.header.lowerBound).line
                    throw Failure(at: line.offset(s), message: "</\(name)> does not close <\(open.name)> (opened on line \(p)): expected </\(open.name)>")
                }
                append(.section(Section(name: open.name, args: open.args, header: open.header, nameRange: open.nameRange,
                                        body: open.body, closeRange: close)))
                return
            }
            // `<Name args>`: the arguments run to the last `>` on the line (core.c's section handlers).
            var k = s + 1
            while k < e, !isSpace(line[k]) { k += 1 }
            var nameEnd = k
            let headerEnd: Int
            var args: [Word] = []
            if line[k - 1] == 0x3E, k - 1 > s {
                // `<Else>`, `<IfModule>`: no arguments.
                nameEnd = k - 1
                headerEnd = k - 1
            } else {
                var gt = e - 1
                while gt >= k, line[gt] != 0x3E { gt -= 1 }
                guard gt >= k else { throw Failure(at: line.offset(s), message: "<\(line.text((s + 1)..<nameEnd)) is missing its closing '>'") }
                headerEnd = gt
                args = try words(line, k, gt)
            }
            let name = line.text((s + 1)..<nameEnd)
            guard !name.isEmpty else { throw Failure(at: line.offset(s), message: "a section needs a name after '<'") }
            guard stack.count < maxDepth else {
                throw Failure(at: line.offset(s), message: "sections nested deeper than \(maxDepth) levels")
            }
            stack.append(Open(name: name, lower: lower(name), args: args, header: line.offset(s)..<(line.offset(headerEnd) + 1),
                              nameRange: line.offset(s)..<(line.offset(nameEnd - 1) + 1)))
        }
        try file.bytes.withUnsafeBufferPointer { b in
            // A line joined from several (continuations removed), and each byte's offset in the file.
            var joined: [UInt8] = []
            var offsets: [Int] = []
            var i = b.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            while i < b.count {
                // A physical line; `\` (then an optional CR) right before its LF joins the next one (util.c).
                var j = i
                while j < b.count, b[j] != 0x0A { j += 1 }
                var e = j
                if j < b.count, e > i, b[e - 1] == 0x0D { e -= 1 }
                guard j < b.count, e > i, b[e - 1] == 0x5C else {
                    try line(Line(bytes: b, offsets: nil), i, j)
                    i = j + 1
                    continue
                }
                joined.removeAll(keepingCapacity: true)
                offsets.removeAll(keepingCapacity: true)
                while true {
                    joined.append(contentsOf: b[i..<(e - 1)])
                    offsets.append(contentsOf: i..<(e - 1))
                    i = j + 1
                    guard i < b.count else { break }
                    j = i
                    while j < b.count, b[j] != 0x0A { j += 1 }
                    e = j
                    if j < b.count, e > i, b[e - 1] == 0x0D { e -= 1 }
                    if j < b.count, e > i, b[e - 1] == 0x5C { continue }
                    joined.append(contentsOf: b[i..<j])
                    offsets.append(contentsOf: i..<j)
                    i = j + 1
                    break
                }
                try joined.withUnsafeBufferPointer { jb in
                    try offsets.withUnsafeBufferPointer { ob in try line(Line(bytes: jb, offsets: ob), 0, jb.count) }
                }
            }
        }
        if let open = stack.last {
            throw Failure(at: open.header.lowerBound, message: "<\(open.name)> is never closed: no </\(open.name)> before the end of the file")
        }
    }

    /// ap_getword_conf over `line[s..<e]`: words split at blanks; a word that starts with " or ' runs to the
    /// matching quote (`\` escapes that quote and `\` inside it), and the next word may follow the closing quote
    /// at once; outside quotes only `\\` is an escape.
    static func words(_ line: Line, _ s: Int, _ e: Int) throws -> [Word] {
        var out: [Word] = []
        var k = s
        var text: [UInt8] = []
        while k < e {
            while k < e, isSpace(line[k]) { k += 1 }
            guard k < e else { break }
            let start = k
            let q = line[k]
            var plain = true   // no escape or quote: the text is the bytes as they are
            if q == 0x22 || q == 0x27 {
                plain = false
                text.removeAll(keepingCapacity: true)
                k += 1
                while k < e, line[k] != q {
                    if line[k] == 0x5C, k + 1 < e, line[k + 1] == q || line[k + 1] == 0x5C { text.append(line[k + 1]); k += 2; continue }
                    text.append(line[k]); k += 1
                }
                guard k < e else { throw Failure(at: line.offset(start), message: "unterminated quote: \(q == 0x22 ? "\"" : "'") is never closed on this line") }
                k += 1
            } else {
                while k < e, !isSpace(line[k]) {
                    if line[k] == 0x5C, k + 1 < e, line[k + 1] == 0x5C {
                        if plain { plain = false; text.removeAll(keepingCapacity: true); text.append(contentsOf: line.bytes[start..<k]) }
                        text.append(0x5C); k += 2; continue
                    }
                    if !plain { text.append(line[k]) }
                    k += 1
                }
            }
            let t = plain ? line.text(start..<k) : String(decoding: text, as: UTF8.self)
            out.append(Word(text: t, range: line.offset(start)..<(line.offset(k - 1) + 1)))
        }
        return out
    }

    /// ASCII lowercase (httpd compares names with strcasecmp).
    static func lower(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return s }
        return String(decoding: s.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    // MARK: - Walking

    /// Every directive, in file order, with the sections around it (outermost first).
    public func walk(_ body: (Directive, _ enclosing: [Section]) -> Void) {
        var enclosing: [Section] = []
        func visit(_ nodes: [Node]) {
            for n in nodes {
                switch n {
                case .directive(let d): body(d, enclosing)
                case .section(let s):
                    enclosing.append(s)
                    visit(s.body)
                    enclosing.removeLast()
                }
            }
        }
        visit(nodes)
    }

    /// Every section, in file order, with the sections around it (outermost first).
    public func walkSections(_ body: (Section, _ enclosing: [Section]) -> Void) {
        var enclosing: [Section] = []
        func visit(_ nodes: [Node]) {
            for case .section(let s) in nodes {
                body(s, enclosing)
                enclosing.append(s)
                visit(s.body)
                enclosing.removeLast()
            }
        }
        visit(nodes)
    }

    /// Every directive named `name` (any case), with its enclosing sections.
    public func all(_ name: String) -> [(directive: Directive, enclosing: [Section])] {
        let n = Self.lower(name)
        var out: [(Directive, [Section])] = []
        walk { d, enclosing in if d.lowercasedName == n { out.append((d, enclosing)) } }
        return out
    }

    /// `Include` and `IncludeOptional` lines (not followed).
    public var includes: [Directive] {
        var out: [Directive] = []
        walk { d, _ in if d.isInclude { out.append(d) } }
        return out
    }

    // MARK: - Values

    /// A timeout in seconds as `Timeout`, `ProxyTimeout` and ProxyPass `timeout=` read it in httpd 2.4 (core.c
    /// set_timeout, mod_proxy.c set_proxy_timeout, proxy_util.c set_worker_param): C's atoi, so whole seconds,
    /// and whatever follows the digits is ignored (`1.5` is 1 s, `500ms` is 500 s). nil when the text does not
    /// start with a number (httpd reads 0, which ProxyTimeout and `timeout=` reject) or holds a `${VAR}`.
    public static func seconds(_ text: String) -> Double? {
        guard !text.contains("${") else { return nil }
        var u = Substring(text).utf8.drop { isSpace($0) }
        var sign = 1.0
        if let c = u.first, c == 0x2B || c == 0x2D { sign = c == 0x2D ? -1 : 1; u = u.dropFirst() }
        let digits = u.prefix { $0 >= 0x30 && $0 <= 0x39 }
        guard !digits.isEmpty, let n = Double(String(decoding: digits.prefix(18), as: UTF8.self)) else { return nil }
        return sign * n
    }

    /// A time as ap_timeout_parameter_parse reads it (`KeepAliveTimeout`, mod_proxy's `ping=` and
    /// `connectiontimeout=`… in later releases): an integer with an optional unit, `ms`, `s`, `mi` (minutes) or
    /// `h`; no unit means `defaultUnit`. nil when httpd rejects it.
    public static func timeParameter(_ text: String, defaultUnit: String = "s") -> Double? {
        guard !text.contains("${") else { return nil }
        var u = Substring(text).utf8.drop { isSpace($0) }
        var sign = 1.0
        if let c = u.first, c == 0x2B || c == 0x2D { sign = c == 0x2D ? -1 : 1; u = u.dropFirst() }
        let digits = u.prefix { $0 >= 0x30 && $0 <= 0x39 }
        guard !digits.isEmpty, digits.count <= 18, let n = Double(String(decoding: digits, as: UTF8.self)) else { return nil }
        var unit = Array(u.dropFirst(digits.count))
        if unit.isEmpty { unit = Array(defaultUnit.utf8) }
        let v = sign * n
        guard let c = unit.first else { return v }
        switch c {
        case 0x73: return v                  // s
        case 0x68: return v * 3600           // h
        case 0x6D:
            guard unit.count > 1 else { return nil }
            if unit[1] == 0x73 { return v / 1000 }   // ms
            if unit[1] == 0x69 { return v * 60 }     // mi
            return nil
        default: return nil
        }
    }

    /// An `On`/`Off` flag as httpd reads it (any case); nil for anything else.
    public static func flag(_ text: String) -> Bool? {
        switch lower(text) {
        case "on": return true
        case "off": return false
        default: return nil
        }
    }

    // MARK: - ProxyPass

    /// A `ProxyPass` or `ProxyPassMatch` line as mod_proxy's add_pass reads it: `[~] path url [key=value …]
    /// [nocanon] [interpolate] [noquery] [nomain]`, where inside `<Location path>` (or `<LocationMatch>`) the path
    /// comes from the section and the line starts at the URL; the URL `!` excludes the path from proxying.
    public struct ProxyPass: Sendable {
        public struct Param: Sendable {
            /// Lowercased (httpd compares keys case-insensitively).
            public let key: String
            public let value: String
            public let word: Word
        }
        public let directive: Directive
        /// The path (or regex) the line maps; nil when it has none (an error in httpd).
        public let path: String?
        /// The path came from the enclosing `<Location>` / `<LocationMatch>`.
        public let pathFromLocation: Bool
        /// `ProxyPassMatch`, `ProxyPass ~ regex`, `<LocationMatch>` or `<Location ~ regex>`.
        public let isRegex: Bool
        /// The backend URL as written, or "!"; nil when the line has none.
        public let url: Word?
        public let params: [Param]
        /// `nocanon`, `interpolate`, `noquery`, `nomain` (lowercased).
        public let flags: [String]
        /// What httpd says about the line when it rejects it (the same words as mod_proxy), else nil.
        public let problem: String?

        public var isExclusion: Bool { url?.text == "!" }
        /// The URL's scheme, lowercased ("http", "https", "ws", "wss", "h2c", "fcgi", "ajp", "balancer", …); for
        /// `unix:/path|http://host/` the scheme after the bar.
        public var scheme: String? {
            guard let u = target.map(Array.init(_:)) else { return nil }
            var i = 0
            while i + 2 < u.count, !(u[i] == ":" && u[i + 1] == "/" && u[i + 2] == "/") { i += 1 }
            guard i + 2 < u.count, i > 0 else { return nil }
            return ApacheConfig.lower(String(u[..<i]))
        }
        /// The socket of `unix:/path|scheme://…`.
        public var unixSocket: String? {
            guard let u = url?.text, ApacheConfig.lower(String(u.prefix(5))) == "unix:", let bar = u.firstIndex(of: "|") else { return nil }
            return String(u[u.index(u.startIndex, offsetBy: 5)..<bar])
        }
        /// The URL after any `unix:…|` prefix.
        public var target: String? {
            guard let u = url?.text, u != "!" else { return nil }
            if ApacheConfig.lower(String(u.prefix(5))) == "unix:", let bar = u.firstIndex(of: "|") { return String(u[u.index(after: bar)...]) }
            return u
        }
        /// The last `key=value` with this key (any case).
        public func param(_ key: String) -> Param? {
            let k = ApacheConfig.lower(key)
            return params.last { $0.key == k }
        }
        /// `timeout=` in seconds (whole seconds: `timeout=500ms` is 500 s to httpd).
        public var timeout: Double? { param("timeout").flatMap { ApacheConfig.seconds($0.value) } }
        /// `flushpackets=on|off|auto`, lowercased.
        public var flushPackets: String? { param("flushpackets").map { ApacheConfig.lower($0.value) } }
        /// `flushwait=` in milliseconds (as httpd reads it).
        public var flushWait: Int? { param("flushwait").flatMap { Int($0.value) } }
    }

    /// The ProxyPass or ProxyPassMatch line `d` (nil for any other directive), read in its sections.
    public static func proxyPass(_ d: Directive, in enclosing: [Section]) -> ProxyPass? {
        guard d.lowercasedName == "proxypass" || d.lowercasedName == "proxypassmatch" else { return nil }
        var isRegex = d.lowercasedName == "proxypassmatch"
        var path: String?
        var fromLocation = false
        if let loc = enclosing.last(where: { $0.lowercasedName == "location" || $0.lowercasedName == "locationmatch" }) {
            fromLocation = true
            if loc.lowercasedName == "locationmatch" { isRegex = true; path = loc.args.first?.text }
            else if loc.args.first?.text == "~", loc.args.count > 1 { isRegex = true; path = loc.args[1].text }
            else { path = loc.args.first?.text }
        }
        var url: Word?
        var params: [ProxyPass.Param] = []
        var flags: [String] = []
        var problem: String?
        var havePath = fromLocation
        for w in d.words.dropFirst() {
            if !havePath {
                if w.text == "~" {
                    if d.lowercasedName == "proxypassmatch" { problem = problem ?? "ProxyPassMatch invalid syntax ('~' usage)." }
                    isRegex = true
                    continue
                }
                path = w.text; havePath = true
                continue
            }
            if url == nil { url = w; continue }
            let l = lower(w.text)
            if ["nocanon", "interpolate", "noquery", "nomain"].contains(l) { flags.append(l); continue }
            guard let eq = w.text.firstIndex(of: "=") else {
                if problem == nil {
                    problem = fromLocation && url?.text.hasPrefix("/") == true
                        ? "ProxyPass|ProxyPassMatch can not have a path when defined in a location."
                        : "Invalid ProxyPass|ProxyPassMatch parameter. Parameter must be in the form 'key=value'."
                }
                continue
            }
            params.append(.init(key: lower(String(w.text[..<eq])), value: String(w.text[w.text.index(after: eq)...]), word: w))
        }
        if url == nil, problem == nil { problem = "ProxyPass|ProxyPassMatch needs a path when not defined in a location" }
        return ProxyPass(directive: d, path: path, pathFromLocation: fromLocation, isRegex: isRegex, url: url, params: params,
                         flags: flags, problem: problem)
    }

    /// Every ProxyPass and ProxyPassMatch line, with its enclosing sections.
    public var proxyPasses: [(pass: ProxyPass, enclosing: [Section])] {
        var out: [(ProxyPass, [Section])] = []
        walk { d, enclosing in if let p = Self.proxyPass(d, in: enclosing) { out.append((p, enclosing)) } }
        return out
    }

    /// The server-wide directive `name` in force where `enclosing` is: the last one in the innermost enclosing
    /// `<VirtualHost>`, else the last one of the main server (outside every VirtualHost). Conditional sections
    /// (`<IfModule>`, `<IfDefine>`, `<IfVersion>`, …) count as taken; other sections (Location, Directory, …) are
    /// not server scope and are skipped.
    public func serverDirective(_ name: String, in enclosing: [Section]) -> Directive? {
        let n = Self.lower(name)
        let vhost = enclosing.last { $0.lowercasedName == "virtualhost" }
        func isServerScope(_ chain: [Section]) -> Bool {
            chain.allSatisfy { $0.lowercasedName == "virtualhost" || $0.lowercasedName.hasPrefix("if") || $0.lowercasedName == "else"
                || $0.lowercasedName == "elseif" || $0.lowercasedName == "macro" }
        }
        var inVhost: Directive?, main: Directive?
        walk { d, chain in
            guard d.lowercasedName == n, isServerScope(chain) else { return }
            if let v = chain.last(where: { $0.lowercasedName == "virtualhost" }) {
                if let vhost, v.header == vhost.header { inVhost = d }
            } else {
                main = d
            }
        }
        return inVhost ?? main
    }

    /// How long mod_proxy waits for the backend on this ProxyPass line (proxy_util.c): its worker's `timeout=`,
    /// else `ProxyTimeout`, else `Timeout` (each the virtual host's, else the main server's), else httpd's 60 s.
    /// `directive` is the line that sets it (nil for the default).
    public func backendTimeout(_ pass: ProxyPass, in enclosing: [Section]) -> (seconds: Double, directive: Directive?)? {
        if let p = pass.param("timeout") {
            guard let v = Self.seconds(p.value) else { return nil }
            return (v, pass.directive)
        }
        for name in ["ProxyTimeout", "Timeout"] {
            if let d = serverDirective(name, in: enclosing), let w = d.words.dropFirst().first {
                guard let v = Self.seconds(w.text) else { return nil }
                return (v, d)
            }
        }
        return (60, nil)
    }
}
