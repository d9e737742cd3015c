import SSELintCore

/// A Caddyfile as Caddy's lexer and parser read it (caddyconfig/caddyfile/lexer.go, parse.go): words split at
/// blanks, a line break ends a directive, `{`/`}` open and close blocks, "…" (with `\"`) and `…` quote, `#` starts a
/// comment at the start of a word, `\` at the end of a line continues it, `<<MARKER` opens a heredoc. The file is an optional global options
/// block, snippets `(name) { … }`, and site blocks (addresses, then a block; a single site may omit the braces).
/// Every word keeps its byte range. Placeholders (`{$ENV}`, `{env.X}`, `{http.…}`) stay as written.
public struct Caddyfile: Sendable {
    public struct Word: Sendable {
        public let text: String
        public let range: Range<Int>
    }
    public struct Directive: Sendable {
        public let words: [Word]
        public var block: [Directive]?
        public var name: String { words[0].text }
        public var args: [String] { words.dropFirst().map(\.text) }
        public var range: Range<Int> { words[0].range.lowerBound..<words[words.count - 1].range.upperBound }
        /// The first nested directive with this name (`timeouts` inside `servers`).
        public func child(_ name: String) -> Directive? { block?.first { $0.name == name } }
    }
    public struct Site: Sendable {
        public let addresses: [Word]
        public var directives: [Directive]
    }

    public let source: SourceFile
    /// The global options block (`{ … }` first in the file).
    public var global: [Directive] = []
    public var snippets: [String: [Directive]] = [:]
    public var sites: [Site] = []
    public var comments: [Comment] = []

    struct Failure: Error { let at: Int; let message: String }
    enum Token { case word(Word), open(Int), close(Int), newline }

    public static func parse(_ file: SourceFile) -> Result<Caddyfile, InputError> {
        var cf = Caddyfile(source: file)
        do {
            let tokens = try lex(file.bytes, comments: &cf.comments)
            var i = 0
            func skipNewlines() { while i < tokens.count, case .newline = tokens[i] { i += 1 } }
            // A line of words; a trailing `{` opens its block. At the top level a site's `{` may stand on the next
            // line, and an address list continues after a trailing comma (parse.go, addresses()).
            func directives(until close: Bool, depth: Int) throws -> [Directive] {
                var out: [Directive] = []
                while true {
                    skipNewlines()
                    guard i < tokens.count else {
                        if close { throw Failure(at: file.bytes.count, message: "unexpected end of file, expecting \"}\"") }
                        return out
                    }
                    if case .close(let at) = tokens[i] {
                        guard close else { throw Failure(at: at, message: "unexpected \"}\"") }
                        i += 1
                        return out
                    }
                    var words: [Word] = []
                    while i < tokens.count {
                        if case .word(let w) = tokens[i] { words.append(w); i += 1; continue }
                        if depth == 0, case .newline = tokens[i], words.last?.text.hasSuffix(",") == true { i += 1; continue }
                        break
                    }
                    if words.isEmpty, i < tokens.count, case .open(let at) = tokens[i] {
                        throw Failure(at: at, message: "a block needs a directive or address before \"{\"")
                    }
                    var d = Directive(words: words, block: nil)
                    var j = i
                    if depth == 0 { while j < tokens.count, case .newline = tokens[j] { j += 1 } }
                    if j < tokens.count, case .open(let at) = tokens[j] {
                        guard depth < 100 else { throw Failure(at: at, message: "blocks nested deeper than 100 levels") }
                        i = j + 1
                        d.block = try directives(until: true, depth: depth + 1)
                    }
                    out.append(d)
                }
            }
            skipNewlines()
            if i < tokens.count, case .open = tokens[i] {
                i += 1
                cf.global = try directives(until: true, depth: 1)
            }
            let top = try directives(until: false, depth: 0)
            func isSnippet(_ d: Directive) -> Bool { d.words.count == 1 && d.name.hasPrefix("(") && d.name.hasSuffix(")") && d.block != nil }
            // Without braces, a lone site's directives follow its address line (snippets and imports may come first).
            if let k = top.firstIndex(where: { !isSnippet($0) && $0.name != "import" }), top[k].block == nil {
                for d in top[..<k] where isSnippet(d) { cf.snippets[String(d.name.dropFirst().dropLast())] = d.block }
                cf.sites = [Site(addresses: Self.addresses(top[k].words), directives: Array(top[(k + 1)...]))]
                return .success(cf)
            }
            for d in top {
                if isSnippet(d), let body = d.block {
                    cf.snippets[String(d.name.dropFirst().dropLast())] = body
                } else if let body = d.block {
                    cf.sites.append(Site(addresses: Self.addresses(d.words), directives: body))
                } else if d.name == "import" {
                    continue  // a top-level import of other files: not followed
                } else {
                    throw Failure(at: d.range.lowerBound, message: "\"\(d.name)\" outside a site block (a site needs its directives in { })")
                }
            }
            return .success(cf)
        } catch let f as Failure {
            let p = file.position(of: min(f.at, file.bytes.count))
            return .failure(InputError(path: file.path, line: p.line, column: p.column, message: f.message))
        } catch {
            return .failure(InputError(path: file.path, line: 1, column: 1, message: "\(error)"))
        }
    }

    /// `a.com, b.com` and `a.com,b.com`: one address per word, commas dropped.
    static func addresses(_ words: [Word]) -> [Word] {
        words.flatMap { w -> [Word] in
            w.text.split(separator: ",").map { Word(text: String($0), range: w.range) }
        }
    }

    static func lex(_ b: [UInt8], comments: inout [Comment]) throws -> [Token] {
        var out: [Token] = []
        var i = b.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0  // a BOM, as lexer.go's load() drops it
        while i < b.count {
            let c = b[i]
            if c == 0x0A { out.append(.newline); i += 1; continue }
            if c == 0x20 || c == 0x09 || c == 0x0D { i += 1; continue }
            if c == 0x5C, i + 1 < b.count, b[i + 1] == 0x0A { i += 2; continue }  // line continuation
            if c == 0x5C, i + 2 < b.count, b[i + 1] == 0x0D, b[i + 2] == 0x0A { i += 3; continue }
            if c == 0x23 {
                let start = i
                while i < b.count, b[i] != 0x0A { i += 1 }
                comments.append(Comment(text: String(decoding: b[min(start + 1, i)..<i], as: UTF8.self), start: start, end: i))
                continue
            }
            let start = i
            var text: [UInt8] = []
            if c == 0x22 || c == 0x60 {
                // "…" with \" escapes, or `…` raw; both may span lines.
                i += 1
                var closed = false
                while i < b.count {
                    if b[i] == c { closed = true; i += 1; break }
                    // `\"` is a quote; `\` and any other byte stay as they are, and never close the string.
                    if c == 0x22, b[i] == 0x5C, i + 1 < b.count {
                        if b[i + 1] == 0x22 { text.append(0x22) } else { text += [b[i], b[i + 1]] }
                        i += 2
                        continue
                    }
                    text.append(b[i]); i += 1
                }
                if !closed { throw Failure(at: start, message: "unterminated quote") }
            } else {
                while i < b.count, b[i] != 0x20, b[i] != 0x09, b[i] != 0x0A, b[i] != 0x0D { text.append(b[i]); i += 1 }
                // A heredoc (Caddy 2.7+): `<<MARKER` ends its line; the text runs to the line holding only MARKER.
                if text.count > 2, text[0] == 0x3C, text[1] == 0x3C, text.dropFirst(2).allSatisfy({ $0 == 0x2D || $0 == 0x5F || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) {
                    let marker = Array(text.dropFirst(2))
                    var j = i
                    while j < b.count, b[j] == 0x20 || b[j] == 0x09 || b[j] == 0x0D { j += 1 }
                    if j < b.count, b[j] == 0x0A {
                        var line = j + 1
                        var found = false
                        while line < b.count {
                            var end = line
                            while end < b.count, b[end] != 0x0A { end += 1 }
                            // The closing line starts with the marker (indented); more arguments may follow it.
                            var k = line
                            while k < end, b[k] == 0x20 || b[k] == 0x09 { k += 1 }
                            let after = k + marker.count
                            if after <= end, Array(b[k..<after]) == marker, after == end || [0x20, 0x09, 0x0D].contains(b[after]) {
                                i = after; found = true; break
                            }
                            line = end + 1
                        }
                        if !found { throw Failure(at: start, message: "heredoc <<\(String(decoding: marker, as: UTF8.self)) is never closed") }
                        text = Array(b[(j + 1)..<i])
                    }
                }
            }
            let word = Word(text: String(decoding: text, as: UTF8.self), range: start..<i)
            if c != 0x22 && c != 0x60 && word.text == "{" { out.append(.open(start)) }
            else if c != 0x22 && c != 0x60 && word.text == "}" { out.append(.close(start)) }
            else { out.append(.word(word)) }
        }
        return out
    }

    /// The listener port a site address binds (Caddy's httptype: an explicit port, else `http://` → `http_port`,
    /// else `https_port`), with the global options' ports.
    public func port(of address: String) -> String {
        var a = Substring(address)
        var scheme = ""
        if let colon = a.firstIndex(of: ":"), a[colon...].hasPrefix("://") {
            scheme = String(a[..<colon]).lowercased()
            a = a[a.index(colon, offsetBy: 3)...]
        }
        let hostPort = a.prefix { $0 != "/" }
        if let colon = hostPort.lastIndex(of: ":"), !hostPort[hostPort.index(after: colon)...].isEmpty,
           hostPort[hostPort.index(after: colon)...].allSatisfy(\.isNumber), !hostPort.hasSuffix("]") {
            return String(hostPort[hostPort.index(after: colon)...])
        }
        func option(_ name: String) -> String? { global.first { $0.name == name }?.args.first }
        return scheme == "http" ? option("http_port") ?? "80" : option("https_port") ?? "443"
    }

    /// The `servers` block of the global options that governs a listener port: the one naming `:port` (or
    /// `host:port`), else the one naming no listener (Caddy sorts them so, httptype.go).
    public func serversBlock(forPort port: String) -> Directive? {
        let blocks = global.filter { $0.name == "servers" }
        return blocks.first { d in d.args.contains { $0.hasSuffix(":" + port) } } ?? blocks.first { $0.args.isEmpty }
    }

    /// A site's directives with `import snippet` replaced by the snippet's (one level deep, as most configs use).
    public func expanded(_ directives: [Directive]) -> [Directive] {
        directives.flatMap { d -> [Directive] in
            if d.name == "import", d.words.count > 1, let body = snippets[d.words[1].text] { return body }
            return [d]
        }
    }

    /// Caddy's duration format: Go's time.ParseDuration (`30s`, `1m30s`, `500ms`; a number needs its unit, only
    /// `0` stands alone) plus `d` for days (caddy.ParseDuration).
    public static func seconds(_ text: String) -> Double? {
        if text == "0" { return 0 }
        var total = 0.0, i = text.startIndex, any = false
        let units: [(String, Double)] = [("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        while i < text.endIndex {
            let digits = text[i...].prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !digits.isEmpty, let n = Double(digits) else { return nil }
            i = text.index(i, offsetBy: digits.count)
            guard let (u, f) = units.first(where: { text[i...].hasPrefix($0.0) && !(($0.0 == "m") && text[i...].hasPrefix("ms")) }) else { return nil }
            total += n * f
            i = text.index(i, offsetBy: u.count)
            any = true
        }
        return any ? total : nil
    }
}
