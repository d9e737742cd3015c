import Foundation
import SSELintCore
import SSELintProxy
import SSELintTestSupport
import Testing

/// The Apache httpd config parser: sections and positions, httpd's line rules (continuations, comments only at
/// the start of a line, quoting), its errors, odd bytes, size, and the public configs in ../shared.
struct ApacheParserTests {
    func parse(_ text: String, path: String = "apache.conf") -> Result<ApacheConfig, InputError> {
        ApacheConfig.parse(SourceFile(path: path, text: text))
    }

    func config(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ApacheConfig {
        switch parse(text) {
        case .success(let c): return c
        case .failure(let e):
            Issue.record("unexpected error \(e.line):\(e.column): \(e.message)", sourceLocation: sourceLocation)
            throw e
        }
    }

    func error(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> InputError? {
        if case .failure(let e) = parse(text) { return e }
        Issue.record("expected an error", sourceLocation: sourceLocation)
        return nil
    }

    /// Every directive as (name, enclosing section names).
    func flat(_ c: ApacheConfig) -> [(d: ApacheConfig.Directive, path: String)] {
        var out: [(ApacheConfig.Directive, String)] = []
        c.walk { d, enclosing in out.append((d, enclosing.map(\.name).joined(separator: "/"))) }
        return out
    }

    @Test func nestedSectionsKeepTheirPositions() throws {
        let text = """
            ServerName example.com
            <VirtualHost *:80>
                ServerName a.example.com
                <IfModule mod_proxy.c>
                    <Location "/api/chat">
                        ProxyPass http://127.0.0.1:8000/api/chat timeout=600
                    </Location>
                </IfModule>
                <LocationMatch "^/sse/(.*)$">
                    Header set Cache-Control no-cache
                </LocationMatch>
            </VirtualHost>
            Timeout 30

            """
        let c = try config(text)
        let bytes = Array(text.utf8)
        func src(_ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self) }
        #expect(c.nodes.count == 3)
        guard case .section(let vhost) = c.nodes[1] else { Issue.record("no VirtualHost"); return }
        #expect(vhost.name == "VirtualHost" && vhost.lowercasedName == "virtualhost")
        #expect(vhost.args.map(\.text) == ["*:80"])
        #expect(src(vhost.header) == "<VirtualHost *:80>")
        #expect(src(vhost.nameRange) == "<VirtualHost")
        #expect(src(vhost.closeRange) == "</VirtualHost>")
        #expect(src(vhost.range).hasPrefix("<VirtualHost *:80>") && src(vhost.range).hasSuffix("</VirtualHost>"))
        #expect(vhost.directives.map(\.name) == ["ServerName"])
        #expect(vhost.sections.map(\.name) == ["IfModule", "LocationMatch"])
        let loc = vhost.sections[0].sections[0]
        #expect(loc.name == "Location" && loc.args.map(\.text) == ["/api/chat"])
        #expect(src(loc.args[0].range) == "\"/api/chat\"")
        #expect(src(loc.header) == "<Location \"/api/chat\">")
        #expect(vhost.sections[1].args.map(\.text) == ["^/sse/(.*)$"])

        let all = flat(c)
        #expect(all.map(\.d.name) == ["ServerName", "ServerName", "ProxyPass", "Header", "Timeout"])
        #expect(all.map(\.path) == ["", "VirtualHost", "VirtualHost/IfModule/Location", "VirtualHost/LocationMatch", ""])
        // A directive's range is exactly its text in the file; so is each word's.
        #expect(src(all[2].d.range) == "ProxyPass http://127.0.0.1:8000/api/chat timeout=600")
        #expect(all[2].d.words.allSatisfy { src($0.range) == $0.text })
        #expect(all[2].d.args == ["http://127.0.0.1:8000/api/chat", "timeout=600"])
        let file = c.source
        #expect(file.position(of: all[2].d.range.lowerBound).line == 6)
        #expect(file.position(of: all[2].d.range.lowerBound).column == 13)
        #expect(file.position(of: vhost.closeRange.lowerBound).line == 12)
        #expect(c.all("servername").count == 2)
        #expect(c.all("TIMEOUT").first?.directive.args == ["30"])

        var sections: [String] = []
        c.walkSections { s, enclosing in sections.append("\(enclosing.count):\(s.name)") }
        #expect(sections == ["0:VirtualHost", "1:IfModule", "2:Location", "1:LocationMatch"])
    }

    @Test func sectionsWithoutArgumentsAndArgumentsHoldingAngleBrackets() throws {
        let c = try config("""
            <If "%{REQUEST_URI} =~ m#^/sse# && %{HTTP:X} > 1">
              Header set X-Accel-Buffering no
            </If>
            <Else>
              Header set A b
            </Else>
            """)
        var names: [String] = []
        c.walkSections { s, _ in names.append(s.name + "|" + s.args.map(\.text).joined(separator: "|")) }
        #expect(names == ["If|%{REQUEST_URI} =~ m#^/sse# && %{HTTP:X} > 1", "Else|"])
    }

    @Test func continuationLinesJoinBeforeSplitting() throws {
        let text = "ProxyPass /sse \\\n    http://127.0.0.1:8000/sse \\\n    flushpackets=on\nTime\\\nout 5\n# a comment \\\nGarbage that the comment swallows\nKeepAlive On\n"
        let c = try config(text)
        let all = flat(c).map(\.d)
        #expect(all.map(\.name) == ["ProxyPass", "Timeout", "KeepAlive"])
        #expect(all[0].args == ["/sse", "http://127.0.0.1:8000/sse", "flushpackets=on"])
        #expect(c.source.text(all[0].range) == "ProxyPass /sse \\\n    http://127.0.0.1:8000/sse \\\n    flushpackets=on")
        #expect(c.source.position(of: all[0].words[3].range.lowerBound).line == 3)
        // A word split by a continuation is one word; its range covers the backslash and the line break.
        #expect(all[1].lowercasedName == "timeout" && c.source.text(all[1].words[0].range) == "Time\\\nout")
        // httpd continues a comment line too: the next line is part of the comment.
        #expect(c.comments.count == 1)
        #expect(c.comments[0].text == " a comment Garbage that the comment swallows")
        #expect(c.source.position(of: all[2].range.lowerBound).line == 8)
        // A backslash with a blank after it does not continue the line; nor one at the end of the file.
        let d = try config("Header set A \\ \nHeader set B c\\")
        #expect(flat(d).map { $0.d.args } == [["set", "A", "\\"], ["set", "B", "c\\"]])
    }

    @Test func quotingAsHttpdReadsIt() throws {
        let text = #"""
            Header set X-A "two words" 'single quoted'
            Header set X-B "say \"hi\"" "back\\slash" a\\b c\d
            Header set X-C "a"b
            Header set X-D a"b c"
            RequestHeader set X-E value#not-a-comment # nor this
            """#
        let c = try config(text)
        let all = flat(c).map(\.d)
        #expect(all[0].args == ["set", "X-A", "two words", "single quoted"])
        #expect(c.source.text(all[0].words[3].range) == "\"two words\"")
        #expect(all[1].args == ["set", "X-B", "say \"hi\"", "back\\slash", "a\\b", "c\\d"])
        // A quote only opens at the start of a word; the next word may follow a closing quote at once.
        #expect(all[2].args == ["set", "X-C", "a", "b"])
        #expect(all[3].args == ["set", "X-D", "a\"b", "c\""])
        // `#` is a comment only at the start of a line.
        #expect(all[4].args == ["set", "X-E", "value#not-a-comment", "#", "nor", "this"])
        #expect(c.comments.isEmpty)
    }

    @Test func commentsAreWholeLines() throws {
        let text = "# top\n  \t# indented\nListen 8080\n#\n"
        let c = try config(text)
        #expect(c.comments.map(\.text) == [" top", " indented", ""])
        #expect(c.comments.map { c.source.text($0.start..<$0.end) } == ["# top", "# indented", "#"])
        #expect(flat(c).count == 1)
    }

    @Test func sectionNamesAreCaseInsensitive() throws {
        let c = try config("<location /a>\n  proxypass http://b/\n</LOCATION>\n<ifmodule !mod_deflate.c>\n</IfModule>\n")
        guard case .section(let s) = c.nodes[0] else { Issue.record("no section"); return }
        #expect(s.name == "location" && s.is("Location") && s.closeRange.count == "</LOCATION>".count)
        #expect(c.proxyPasses.first?.pass.path == "/a")
        #expect(c.nodes.count == 2)
    }

    @Test func errorsPointAtTheirLine() {
        // An unclosed section: its opening line (the innermost one, as httpd reports it).
        var e = error("<VirtualHost *:80>\n  ServerName a\n  <Location /x>\n    Header set A b\n</VirtualHost>\n")
        #expect(e?.line == 5 && e?.message.contains("does not close <Location>") == true, "\(String(describing: e))")
        e = error("Listen 80\n<VirtualHost *:80>\n  <Location /x>\n  </Location>\n")
        #expect(e?.line == 2 && e?.column == 1 && e?.message.contains("<VirtualHost> is never closed") == true, "\(String(describing: e))")
        // A close that matches nothing open.
        e = error("Listen 80\n\n</Directory>\n")
        #expect(e?.line == 3 && e?.message.contains("without a matching <Directory>") == true, "\(String(describing: e))")
        // A close that does not match the open section.
        e = error("<Location /a>\n</Directory>\n")
        #expect(e?.line == 2 && e?.message.contains("expected </Location>") == true, "\(String(describing: e))")
        // An unterminated quote: its column.
        e = error("Listen 80\nHeader set X \"abc\n")
        #expect(e?.line == 2 && e?.column == 14 && e?.message.contains("unterminated quote") == true, "\(String(describing: e))")
        e = error("Header set X 'abc\n")
        #expect(e?.line == 1 && e?.message.contains("unterminated quote") == true)
        // A header without `>`.
        e = error("\n<Location /a\nHeader set A b\n</Location>\n")
        #expect(e?.line == 2 && e?.message.contains("<Location is missing its closing '>'") == true, "\(String(describing: e))")
        e = error("<Location /a>\n</Location\n")
        #expect(e?.line == 2 && e?.message.contains("missing its closing '>'") == true, "\(String(describing: e))")
        e = error("<Location /a>\n</Location >\n")
        #expect(e?.line == 2 && e?.message.contains("missing its closing '>'") == true, "\(String(describing: e))")
        e = error("<>\n")
        #expect(e?.line == 1)
        // Nesting beyond the bound.
        let deep = String(repeating: "<IfModule a>\n", count: 101) + String(repeating: "</IfModule>\n", count: 101)
        e = error(deep)
        #expect(e?.line == 101 && e?.message.contains("deeper than 100") == true, "\(String(describing: e))")
        let ok = String(repeating: "<IfModule a>\n", count: 100) + "Listen 80\n" + String(repeating: "</IfModule>\n", count: 100)
        #expect((try? parse(ok).get()) != nil)
    }

    @Test func crlfAndOddBytes() throws {
        let text = "<VirtualHost *:80>\r\n  ProxyPass /sse \\\r\n    http://x/sse\r\n  # note\r\n</VirtualHost>\r\n"
        let c = try config(text)
        let all = flat(c)
        #expect(all.count == 1 && all[0].d.args == ["/sse", "http://x/sse"])
        #expect(c.source.text(all[0].d.range) == "ProxyPass /sse \\\r\n    http://x/sse")
        #expect(c.comments.map(\.text) == [" note"])
        guard case .section(let s) = c.nodes[0] else { Issue.record("no section"); return }
        #expect(c.source.text(s.closeRange) == "</VirtualHost>")
        // A BOM, a NUL, bytes that are not UTF-8, a lone CR.
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("Listen 80\n".utf8)
        bytes += Array("Header set X a".utf8) + [0x00, 0xFF, 0xFE] + Array("b\rServerName c\n".utf8)
        let odd = ApacheConfig.parse(SourceFile(path: "odd.conf", bytes: bytes))
        let d = try odd.get()
        #expect(flat(d).map(\.d.name) == ["Listen", "Header"])
        #expect(d.source.text(flat(d)[0].d.range) == "Listen 80")
    }

    @Test func arbitraryBytesNeverCrash() {
        // A fixed pseudo-random generator: the same bytes every run.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state }
        let alphabet: [UInt8] = Array("<>/\\\"' \t\r\n#=abcLocationVirtualHost".utf8) + [0x00, 0xFF, 0xC3, 0xEF, 0xBB, 0xBF]
        for _ in 0..<2000 {
            let n = Int(next() % 200)
            let bytes = (0..<n).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }
            switch ApacheConfig.parse(SourceFile(path: "f.conf", bytes: bytes)) {
            case .success(let c):
                c.walk { d, _ in #expect(d.range.lowerBound >= 0 && d.range.upperBound <= bytes.count) }
            case .failure(let e):
                #expect(e.line >= 1 && e.column >= 1 && !e.message.isEmpty, "\(bytes): \(e)")
            }
        }
    }

    @Test func aLargeConfigParses() throws {
        var text = "ServerRoot /etc/apache2\nTimeout 60\n"
        for i in 0..<6_250 {
            text += """
                <VirtualHost *:80>
                    ServerName host\(i).example.com
                    # comment \(i)
                    <Location "/api/\(i)">
                        ProxyPass http://10.0.0.\(i % 250):8000/api/\(i) timeout=300 \\
                            flushpackets=on
                    </Location>
                </VirtualHost>

                """
        }
        let lines = text.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        #expect(lines >= 50_000)
        let file = SourceFile(path: "big.conf", text: text)
        let t0 = Date()
        let c = try ApacheConfig.parse(file).get()
        let ms = Date().timeIntervalSince(t0) * 1000
        #expect(c.proxyPasses.count == 6_250)
        #expect(c.comments.count == 6_250)
        // Reported, not asserted (debug builds and loaded CI machines vary).
        print("apache: \(lines) lines (\(text.utf8.count) bytes) parsed in \(String(format: "%.1f", ms)) ms")
    }

    @Test func proxyPassArguments() throws {
        let c = try config("""
            ProxyTimeout 120
            ProxyPass /static !
            ProxyPass /sse http://127.0.0.1:8000/sse flushpackets=on FlushWait=10 timeout=30 nocanon
            ProxyPassMatch "^/events/(.*)$" "http://127.0.0.1:8000/events/$1" timeout=500ms
            ProxyPass ~ ^/re/ ws://127.0.0.1:9000/
            ProxyPass /sock unix:/run/app.sock|http://localhost/ Keepalive=On
            ProxyPass /fcgi fcgi://127.0.0.1:9000/
            ProxyPass /bad
            <VirtualHost *:80>
                Timeout 45
                <Location /api/chat>
                    ProxyPass http://127.0.0.1:8000/api/chat
                </Location>
                <Location /wrong>
                    ProxyPass /wrong http://x/
                </Location>
                <LocationMatch "^/m/">
                    ProxyPass balancer://cluster/
                </LocationMatch>
            </VirtualHost>
            <VirtualHost *:81>
                ProxyPass /x ajp://127.0.0.1:8009/ timeout=5
            </VirtualHost>
            """)
        let passes = c.proxyPasses
        #expect(passes.count == 11)
        let p = passes.map(\.pass)
        #expect(p[0].path == "/static" && p[0].isExclusion && p[0].scheme == nil && p[0].problem == nil)
        #expect(p[1].path == "/sse" && p[1].url?.text == "http://127.0.0.1:8000/sse" && p[1].scheme == "http")
        #expect(p[1].flushPackets == "on" && p[1].flushWait == 10 && p[1].timeout == 30 && p[1].flags == ["nocanon"])
        #expect(p[1].param("flushwait")?.key == "flushwait" && c.source.text(p[1].param("flushpackets")!.word.range) == "flushpackets=on")
        #expect(p[2].isRegex && p[2].path == "^/events/(.*)$" && p[2].target == "http://127.0.0.1:8000/events/$1")
        // httpd reads `timeout=` with atoi: 500ms is 500 seconds.
        #expect(p[2].timeout == 500)
        #expect(p[3].isRegex && p[3].path == "^/re/" && p[3].scheme == "ws")
        #expect(p[4].unixSocket == "/run/app.sock" && p[4].scheme == "http" && p[4].target == "http://localhost/")
        #expect(p[4].param("keepalive")?.value == "On")
        #expect(p[5].scheme == "fcgi")
        #expect(p[6].url == nil && p[6].problem?.contains("needs a path") == true)
        #expect(p[7].pathFromLocation && p[7].path == "/api/chat" && p[7].url?.text == "http://127.0.0.1:8000/api/chat" && p[7].problem == nil)
        #expect(p[8].problem == "ProxyPass|ProxyPassMatch can not have a path when defined in a location.")
        #expect(p[9].isRegex && p[9].path == "^/m/" && p[9].scheme == "balancer")
        #expect(p[10].scheme == "ajp")
        // Which timeout applies: the worker's `timeout=`, else ProxyTimeout, else Timeout (vhost before main).
        #expect(c.backendTimeout(p[1], in: passes[1].enclosing)?.seconds == 30)
        #expect(c.backendTimeout(p[0], in: passes[0].enclosing)?.seconds == 120)
        #expect(c.backendTimeout(p[7], in: passes[7].enclosing)?.seconds == 120)
        #expect(c.backendTimeout(p[10], in: passes[10].enclosing)?.seconds == 5)
        let noProxyTimeout = try config("Timeout 40\n<VirtualHost *:80>\n  ProxyPass /a http://b/\n</VirtualHost>\n<VirtualHost *:81>\n  Timeout 7\n  ProxyPass /a http://b/\n</VirtualHost>\n")
        let q = noProxyTimeout.proxyPasses
        #expect(noProxyTimeout.backendTimeout(q[0].pass, in: q[0].enclosing)?.seconds == 40)
        #expect(noProxyTimeout.backendTimeout(q[1].pass, in: q[1].enclosing)?.seconds == 7)
        let none = try config("ProxyPass /a http://b/\n")
        #expect(none.backendTimeout(none.proxyPasses[0].pass, in: [])?.seconds == 60)
        #expect(none.backendTimeout(none.proxyPasses[0].pass, in: [])?.directive == nil)
        // Any other directive is not a ProxyPass.
        #expect(ApacheConfig.proxyPass(ApacheConfig.Directive(words: [.init(text: "ProxyPassReverse", range: 0..<1)]), in: []) == nil)
    }

    @Test func timeValues() {
        #expect(ApacheConfig.seconds("60") == 60)
        #expect(ApacheConfig.seconds("1.5") == 1)
        #expect(ApacheConfig.seconds("500ms") == 500)
        #expect(ApacheConfig.seconds(" 30") == 30)
        #expect(ApacheConfig.seconds("abc") == nil)
        #expect(ApacheConfig.seconds("${TIMEOUT}") == nil)
        #expect(ApacheConfig.timeParameter("500ms") == 0.5)
        #expect(ApacheConfig.timeParameter("5") == 5)
        #expect(ApacheConfig.timeParameter("2mi") == 120)
        #expect(ApacheConfig.timeParameter("1h") == 3600)
        #expect(ApacheConfig.timeParameter("5m") == nil)
        #expect(ApacheConfig.timeParameter("300", defaultUnit: "ms") == 0.3)
        #expect(ApacheConfig.flag("ON") == true && ApacheConfig.flag("off") == false && ApacheConfig.flag("auto") == nil)
    }

    @Test func includesAreListed() throws {
        let c = try config("Include conf.d/*.conf\n<VirtualHost *:80>\n  IncludeOptional sites/*.conf\n</VirtualHost>\nincludeoptional x\n")
        #expect(c.includes.map(\.args) == [["conf.d/*.conf"], ["sites/*.conf"], ["x"]])
        #expect(c.includes.allSatisfy { $0.isInclude })
    }

    static func sharedApacheFiles() -> [String] {
        guard let shared = TestSupport.shared else { return [] }
        var out: [String] = []
        for sub in ["corpus", "realworld"] {
            let root = "\(shared)/\(sub)"
            guard let e = FileManager.default.enumerator(atPath: root) else { continue }
            for case let rel as String in e {
                let path = "\(root)/\(rel)"
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
                      let data = FileManager.default.contents(atPath: path), data.count < 4 << 20 else { continue }
                let text = String(decoding: data, as: UTF8.self)
                if text.contains("<VirtualHost") || text.contains("ProxyPass") { out.append(path) }
            }
        }
        return out.sorted()
    }

    static var haveShared: Bool { TestSupport.oracle(TestSupport.shared != nil, "../shared/corpus (only beside the project's own clone)") }

    /// Every public file that mentions `<VirtualHost` or `ProxyPass` (Apache configs, and the READMEs and code
    /// that quote them): never a crash, and an error always has its place.
    @Test(.enabled(if: haveShared)) func sharedConfigsParseOrFailClearly() throws {
        let files = Self.sharedApacheFiles()
        #expect(!files.isEmpty)
        var parsed = 0, failed = 0, directives = 0
        for path in files {
            let bytes = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
            switch ApacheConfig.parse(SourceFile(path: path, bytes: bytes)) {
            case .success(let c):
                parsed += 1
                c.walk { _, _ in directives += 1 }
            case .failure(let e):
                failed += 1
                #expect(e.line >= 1 && e.column >= 1 && !e.message.isEmpty, "\(path): \(e)")
            }
        }
        // The real Apache configs among them parse.
        for path in files where path.hasSuffix(".conf") {
            let bytes = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
            #expect((try? ApacheConfig.parse(SourceFile(path: path, bytes: bytes)).get()) != nil, "\(path)")
        }
        print("apache: \(files.count) shared files, \(parsed) parsed (\(directives) directives), \(failed) with an input error")
    }
}
