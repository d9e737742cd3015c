import Foundation
import SSELintCore
import SSELintNginx
import Testing

/// The grammar real configs use, position by position.
struct ParserTests {
    func parse(_ text: String) throws -> NginxFile {
        try NginxParser.parse(SourceFile(path: "t.conf", text: text)).get()
    }

    func error(_ text: String) -> InputError? {
        if case .failure(let e) = NginxParser.parse(SourceFile(path: "t.conf", text: text)) { return e }
        return nil
    }

    @Test func unknownNamesKeepTheirOwnBytes() throws {
        // One key for canonically equal spellings (NFC and NFD), each directive's name as written.
        let nfc = "caf\u{e9}_x", nfd = "cafe\u{301}_x"
        let f = try parse("\(nfc) on;\n\(nfd) off;\nhttp { \(nfd) 1; \(nfc) 2; }\n")
        let names = [f.directives[0], f.directives[1]] + f.directives[2].block!
        #expect(names.map { Array($0.name.utf8) } == [nfc, nfd, nfd, nfc].map { Array($0.utf8) })
        #expect(Set(names.map(\.nameKey)).count == 1)
    }

    @Test func directivesBlocksAndPositions() throws {
        let f = try parse("http {\n    server {\n        listen 80;\n    }\n}\n")
        let http = f.directives[0]
        #expect(http.name == "http" && http.line == 1 && http.block?.count == 1)
        let listen = http.block![0].block![0]
        #expect(listen.name == "listen" && listen.argValues == ["80"])
        #expect(listen.range.start.line == 3 && listen.range.start.column == 9)
        #expect(listen.range.end.column == 19)
        #expect(http.block![0].blockClose == f.source.bytes.count - 4)
    }

    @Test func quotesEscapesAndVariables() throws {
        let f = try parse(#"add_header X "a \"b\" c" 'it\'s' ${var}x $v\;w;"#)
        let d = f.directives[0]
        #expect(d.argValues == ["X", #"a "b" c"#, "it's", "${var}x", #"$v\;w"#])
        #expect(d.args[1].quoted && !d.args[3].quoted)
        // A backslash escape other than the quote stays as written (as crossplane reports it).
        #expect(try parse(#"return 200 "a\nb";"#).directives[0].argValues == ["200", #"a\nb"#])
    }

    @Test func commentsAreKeptWithPositions() throws {
        let f = try parse("# top\nlisten 80; # after\nlocation / { # open\n}\n")
        #expect(f.comments.map(\.text) == [" top", " after", " open"])
        #expect(f.comments.map(\.line) == [1, 2, 3])
        #expect(f.directives.count == 2)
        // `#` inside a word is not a comment.
        #expect(try parse("set $a b#c;").directives[0].argValues == ["$a", "b#c"])
    }

    @Test func regexLocationsWithBracesSemicolonsAndQuotes() throws {
        let f = try parse(#"location ~ "^/api/v[0-9]{1,2}/(chat|stream);x" { proxy_pass http://a; }"# + "\n" +
                          #"location ~* '\.(js|css)$' { }"#)
        #expect(f.directives[0].argValues == ["~", "^/api/v[0-9]{1,2}/(chat|stream);x"])
        #expect(f.directives[0].block?.first?.name == "proxy_pass")
        #expect(f.directives[1].argValues == ["~*", #"\.(js|css)$"#])
    }

    @Test func ifConditionsLoseTheirParentheses() throws {
        let f = try parse(#"if ($request_method = POST) { return 405; } if ( $http_x ~* "a b" ) { } if ($x) {}"#)
        #expect(f.directives[0].argValues == ["$request_method", "=", "POST"])
        #expect(f.directives[1].argValues == ["$http_x", "~*", "a b"])
        #expect(f.directives[2].argValues == ["$x"])
    }

    @Test func mapGeoTypesSplitClientsUpstream() throws {
        let f = try parse("""
            map $http_upgrade $connection_upgrade { default upgrade; '' close; ~^foo bar; }
            geo $geo { default 0; 127.0.0.1/32 1; }
            types { text/html html htm; text/event-stream sse; }
            split_clients "${remote_addr}AAA" $variant { 0.5% .one; * ""; }
            upstream app { server 127.0.0.1:8000 max_fails=3; keepalive 16; }
            """)
        #expect(f.directives.map(\.name) == ["map", "geo", "types", "split_clients", "upstream"])
        #expect(f.directives[0].block!.map(\.name) == ["default", "", "~^foo"])
        #expect(f.directives[3].argValues == ["${remote_addr}AAA", "$variant"])
        #expect(f.directives[3].block!.map(\.argValues) == [[".one"], [""]])
    }

    @Test func luaBlocksAreKeptRaw() throws {
        let f = try parse("""
            content_by_lua_block {
                local t = { a = "}" } -- a } in a comment
                ngx.say([[ { ]])
            }
            set_by_lua_block $res { return 1 }
            listen 80;
            """)
        #expect(f.directives.map(\.name) == ["content_by_lua_block", "set_by_lua_block", "listen"])
        #expect(f.directives[0].args.count == 1 && f.directives[0].argValues[0].contains("-- a } in a comment"))
        #expect(f.directives[1].argValues == ["$res", " return 1 "])
    }

    @Test func crlfAndNonUTF8Bytes() throws {
        let crlf = try parse("server {\r\n    listen 80;\r\n}\r\n")
        #expect(crlf.directives[0].block![0].argValues == ["80"] && crlf.directives[0].block![0].line == 2)
        let latin1 = SourceFile(path: "l.conf", bytes: Array("add_header X \"caf".utf8) + [0xE9] + Array("\";\n".utf8))
        let f = try NginxParser.parse(latin1).get()
        #expect(f.directives[0].args[1].value == "caf\u{FFFD}")
        #expect(f.directives[0].args[1].end == latin1.bytes.count - 2)
    }

    @Test func syntaxErrorsNameTheLineAndColumn() {
        let unbalanced = error("http {\n  server {\n    listen 80;\n  }\n")
        #expect(unbalanced?.message.contains("expecting \"}\"") == true && unbalanced?.message.contains("1:1") == true)
        let extra = error("listen 80;\n}\n")
        #expect(extra?.line == 2 && extra?.column == 1 && extra?.message.contains("unexpected \"}\"") == true)
        let quote = error("server {\n  return 200 \"oops;\n}\n")
        #expect(quote?.line == 2 && quote?.column == 14 && quote?.message.contains("unterminated") == true)
        let semicolon = error("server {\n  listen 80\n}\n")
        #expect(semicolon?.line == 3 && semicolon?.message.contains("\"listen\" at 2:3 is missing its \";\"") == true)
        let eof = error("listen 80")
        #expect(eof?.message.contains("unexpected end of file") == true)
        let binary = NginxParser.parse(SourceFile(path: "b.conf", bytes: [0x7F, 0x45, 0x4C, 0x46, 0, 1, 2]))
        if case .failure(let e) = binary { #expect(e.message.contains("binary")) } else { Issue.record("binary file parsed") }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let depth = 100_000
        let text = String(repeating: "a {", count: depth) + String(repeating: "}", count: depth)
        let e = error(text)
        #expect(e?.message.contains("nested deeper than 200") == true)
        #expect(e?.line == 1 && e?.column == 603)
    }

    @Test func timeValues() {
        #expect(nginxSeconds("60") == 60 && nginxSeconds("60s") == 60 && nginxSeconds("1m30s") == 90)
        #expect(nginxSeconds("500ms") == 0.5 && nginxSeconds("1h") == 3600 && nginxSeconds("x") == nil)
    }
}

struct PathTests {
    @Test func normalizeLikePythonNormpath() {
        let cases: [(String, String)] = [
            ("a/b", "a/b"), ("/a/b", "/a/b"), ("./a", "a"), ("a/./b", "a/b"), ("a/../b", "b"), ("a//b", "a/b"),
            ("a/", "a"), (".", "."), ("..", ".."), ("/", "/"), ("a/..", "."), ("a/.", "a"), ("..a/b", "..a/b"),
            ("a/.b", "a/.b"), ("a/b..", "a/b.."), ("/x/../y", "/y"), ("../a", "../a"), ("/..", "/"), ("x/...", "x/..."),
        ]
        for (input, expected) in cases { #expect(Path.normalize(input) == expected, "\(input)") }
    }

    @Test func globs() {
        #expect(Glob.match("*.conf", "deep/dir/x.conf") && !Glob.match("*.conf", "x.confd"))
        #expect(Glob.match("vendor/**", "vendor/a/b/c.conf") && !Glob.match("vendor/**", "src/vendor.conf"))
        #expect(Glob.match("**/legacy/*.conf", "a/legacy/x.conf") && Glob.match("**/legacy/*.conf", "legacy/x.conf"))
        #expect(Glob.match("site-[0-9].conf", "site-7.conf") && !Glob.match("site-[!0-9].conf", "site-7.conf"))
        #expect(Glob.match("a?c", "abc") && !Glob.match("a?c", "a/c"))
        // Linear on hostile patterns: many stars against a long non-matching name.
        #expect(!Glob.match(String(repeating: "*a", count: 200) + "b", String(repeating: "a", count: 5000)))
    }
}
