import SSELintCore

/// A Caddyfile as Caddy's lexer and parser read it (caddyconfig/caddyfile/lexer.go, parse.go): words split at
/// blanks, a line break ends a directive, `{`/`}` open and close blocks, "…" (with `\"`) and `…` quote, `#` starts a
/// comment at the start of a word, `\` at the end of a line continues it. The file is an optional global options
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
            // A line of words; a trailing `{` opens its block.
            func directives(until close: Bool) throws -> [Directive] {
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
                    while i < tokens.count, case .word(let w) = tokens[i] { words.append(w); i += 1 }
                    if words.isEmpty, i < tokens.count, case .open(let at) = tokens[i] {
                        throw Failure(at: at, message: "a block needs a directive or address before \"{\"")
                    }
                    var d = Directive(words: words, block: nil)
                    if i < tokens.count, case .open = tokens[i] {
                        i += 1
                        d.block = try directives(until: true)
                    }
                    out.append(d)
                }
            }
            skipNewlines()
            if i < tokens.count, case .open = tokens[i] {
                i += 1
                cf.global = try directives(until: true)
            }
            let top = try directives(until: false)
            // Without braces, a lone site's directives follow its address line.
            if let first = top.first, first.block == nil, first.name != "import" {
                cf.sites = [Site(addresses: first.words, directives: Array(top.dropFirst()))]
                return .success(cf)
            }
            for d in top {
                if d.words.count == 1, d.name.hasPrefix("("), d.name.hasSuffix(")"), let body = d.block {
                    cf.snippets[String(d.name.dropFirst().dropLast())] = body
                } else if let body = d.block {
                    cf.sites.append(Site(addresses: d.words, directives: body))
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

    static func lex(_ b: [UInt8], comments: inout [Comment]) throws -> [Token] {
        var out: [Token] = []
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == 0x0A { out.append(.newline); i += 1; continue }
            if c == 0x20 || c == 0x09 || c == 0x0D { i += 1; continue }
            if c == 0x5C, i + 1 < b.count, b[i + 1] == 0x0A { i += 2; continue }  // line continuation
            if c == 0x5C, i + 2 < b.count, b[i + 1] == 0x0D, b[i + 2] == 0x0A { i += 3; continue }
            if c == 0x23 {
                let start = i
                while i < b.count, b[i] != 0x0A { i += 1 }
                comments.append(Comment(text: String(decoding: b[start..<i], as: UTF8.self), start: start, end: i))
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
                    if c == 0x22, b[i] == 0x5C, i + 1 < b.count, b[i + 1] == 0x22 { text.append(0x22); i += 2; continue }
                    text.append(b[i]); i += 1
                }
                if !closed { throw Failure(at: start, message: "unterminated quote") }
            } else {
                while i < b.count, b[i] != 0x20, b[i] != 0x09, b[i] != 0x0A, b[i] != 0x0D { text.append(b[i]); i += 1 }
            }
            let word = Word(text: String(decoding: text, as: UTF8.self), range: start..<i)
            if c != 0x22 && c != 0x60 && word.text == "{" { out.append(.open(start)) }
            else if c != 0x22 && c != 0x60 && word.text == "}" { out.append(.close(start)) }
            else { out.append(.word(word)) }
        }
        return out
    }

    /// A site's directives with `import snippet` replaced by the snippet's (one level deep, as most configs use).
    public func expanded(_ directives: [Directive]) -> [Directive] {
        directives.flatMap { d -> [Directive] in
            if d.name == "import", d.words.count > 1, let body = snippets[d.words[1].text] { return body }
            return [d]
        }
    }

    /// Caddy's duration format: Go's time.ParseDuration (`30s`, `1m30s`, `500ms`), plus a bare integer as seconds
    /// and `d` for days (caddy.ParseDuration).
    public static func seconds(_ text: String) -> Double? {
        if let n = Int(text) { return Double(n) }
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
