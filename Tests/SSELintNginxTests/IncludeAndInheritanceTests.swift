import Foundation
import SSELint
import SSELintCore
import SSELintNginx
import SSELintTestSupport
import Testing

/// Include resolution as nginx does it, and effective values with nginx's merge rules.
struct IncludeAndInheritanceTests {
    func tree(_ files: [String: String]) -> String {
        let dir = TestSupport.temporaryDirectory()
        for (path, text) in files { TestSupport.write("\(dir)/\(path)", text) }
        return dir
    }

    func resolve(_ dir: String, _ entry: String = "nginx.conf", settings: Settings = Settings()) -> ResolvedConfig {
        let ws = NginxWorkspace(settings: settings)
        return ws.resolve(try! ws.file("\(dir)/\(entry)").get())
    }

    @Test func includesAreRelativeToThePrefixAndGlobsSorted() {
        let dir = tree([
            "nginx.conf": "http { include conf.d/*.conf; include snippets/proxy.conf; }\n",
            "conf.d/b.conf": "server { listen 2; }\n",
            "conf.d/a.conf": "server { listen 1; include snippets/inner.conf; }\n",
            "conf.d/.hidden.conf": "server { listen 9; }\n",
            "snippets/proxy.conf": "proxy_buffering off;\n",
            "snippets/inner.conf": "location /x { }\n",
        ])
        let r = resolve(dir)
        #expect(r.errors.isEmpty)
        let http = r.directives[0].block!
        #expect(http.map(\.name) == ["server", "server", "proxy_buffering"])
        #expect(http[0].block!.map(\.name) == ["listen", "location"])
        #expect(http[0].arg(0) == nil && http[0].block![0].argValues == ["1"])
        #expect(http[0].block![1].file.path.hasSuffix("snippets/inner.conf"))
        #expect(r.files.count == 5)
        // --nginx-prefix moves the base of relative includes.
        let moved = tree(["etc/nginx.conf": "include x.conf;\n", "x.conf": "worker_processes 1;\n"])
        #expect(!resolve(moved, "etc/nginx.conf").errors.isEmpty)
        #expect(resolve(moved, "etc/nginx.conf", settings: Settings(nginxPrefix: moved)).errors.isEmpty)
    }

    /// Two byte spellings of one Unicode name (NFC and NFD `café.conf`) are two files on disk and one key of the
    /// workspace's cache: both paths read the first spelling in byte order (NFD), as before the files were read in
    /// bulk (where a Set merged them).
    @Test func canonicallyEquivalentFileNamesReadTheFirstSpelling() {
        // Written one by one: a dictionary literal holds them as one key.
        let dir = TestSupport.temporaryDirectory()
        TestSupport.write("\(dir)/conf.d/caf\u{e9}.conf", "server { listen 1; }\n")
        TestSupport.write("\(dir)/conf.d/cafe\u{301}.conf", "server { listen 2; }\n")
        let ws = NginxWorkspace(settings: Settings())
        ws.preload(FileSystem.globNotDirectories("\(dir)/conf.d/*.conf"))
        for name in ["caf\u{e9}", "cafe\u{301}"] {
            let f = try! ws.file("\(dir)/conf.d/\(name).conf").get()
            #expect(f.directives.first?.block?.first?.argValues == ["2"], "\(name.unicodeScalars.count) scalars")
        }
    }

    @Test func missingExplicitIncludeIsAnErrorButAnEmptyGlobIsNot() {
        let dir = tree(["nginx.conf": "http {\n  include nothing/*.conf;\n  include missing.conf;\n}\n"])
        let r = resolve(dir)
        #expect(r.errors.count == 1)
        #expect(r.errors[0].line == 3 && r.errors[0].column == 3 && r.errors[0].message.contains("missing.conf"))
    }

    /// Blocks count across files: a file included inside blocks may nest only as deep as the levels left there. A
    /// file with no includes of its own is spliced in whole when it fits, and still refused where it does not.
    @Test func nestingCountsAcrossIncludedFiles() {
        let dir = tree(["nginx.conf": "http { server { location / { include deep.conf; } } include deep.conf; }\n",
                        "deep.conf": "location /a { location /b { proxy_buffering off; } }\n"])
        let fits = resolve(dir, settings: Settings(maxNesting: 5))
        #expect(fits.errors.isEmpty, "\(fits.errors)")
        let tight = resolve(dir, settings: Settings(maxNesting: 4))
        #expect(tight.errors.count == 1, "\(tight.errors)")
        #expect(tight.errors.first?.message.contains("blocks nested deeper than 4 levels through includes") == true)
        #expect(tight.errors.first?.path.hasSuffix("deep.conf") == true && tight.errors.first?.line == 1)
        // The same file included where it fits is spliced in with its blocks.
        let http = tight.directives.first { $0.name == "http" }
        #expect(http?.block?.last?.name == "location" && http?.block?.last?.block?.first?.name == "location")
    }

    @Test func includeCyclesAreReportedOnce() {
        let dir = tree(["nginx.conf": "include a.conf;\n", "a.conf": "include b.conf;\n", "b.conf": "include a.conf;\n"])
        let r = resolve(dir)
        #expect(r.errors.count == 1)
        #expect(r.errors[0].message.contains("include cycle") && r.errors[0].path.hasSuffix("b.conf"))
    }

    @Test func singleValuesInheritAndArraysOnlyWhenTheChildSetsNone() {
        let dir = tree(["nginx.conf": """
            http {
                proxy_read_timeout 90s;
                add_header A 1;
                server {
                    proxy_buffering off;
                    add_header B 2;
                    location /a {
                        proxy_buffering on;
                        location /a/b {
                            if ($x) { return 204; }
                        }
                        limit_except GET { deny all; }
                    }
                    location /c { add_header C 3; }
                }
            }
            """])
        let root = NginxScope.build(resolve(dir))
        let all = root.descendants
        let a = all.first { $0.directive?.arg(0) == "/a" }!
        let ab = all.first { $0.directive?.arg(0) == "/a/b" }!
        let iff = all.first { $0.kind == "if" }!
        let limit = all.first { $0.kind == "limit_except" }!
        let c = all.first { $0.directive?.arg(0) == "/c" }!
        #expect(a.effective("proxy_buffering", default: ["on"]).isHere)
        #expect(ab.effective("proxy_buffering", default: ["off"]).first == "on")
        #expect(iff.effective("proxy_buffering", default: ["x"]).originText.hasPrefix("inherited from location at"))
        #expect(limit.effective("proxy_read_timeout", default: ["60s"]).first == "90s")
        #expect(c.effective("gzip", default: ["off"]).originText == "nginx default")
        #expect(ab.effectiveList("add_header").directives.map { $0.arg(0)! } == ["B"])
        #expect(c.effectiveList("add_header").directives.map { $0.arg(0)! } == ["C"])
        #expect(root.children[0].effectiveList("add_header").directives.map { $0.arg(0)! } == ["A"])
    }

    /// A level's own directives are found the same way whatever its shape: a few directives, many directives
    /// (indexed by name), or a few directives among thousands of blocks (kept apart).
    @Test func ownDirectivesOfEveryShapeOfLevel() {
        let servers = (0..<40).map { "server { listen \($0); location /s\($0) { proxy_pass http://a; } }" }.joined(separator: "\n")
        let many = (0..<30).map { "proxy_set_header H\($0) v;" }.joined(separator: "\n")
        let dir = tree(["nginx.conf": "http {\ngzip on;\nadd_header A 1;\n\(servers)\nadd_header B 2;\ngzip off;\nserver { \(many)\nlocation /m { } }\n}\n"])
        let root = NginxScope.build(resolve(dir))
        let http = root.children[0]
        #expect(http.own["add_header"]?.map { $0.arg(0)! } == ["A", "B"])
        #expect(http.own.last("gzip")?.arg(0) == "off")
        #expect(http.own["listen"] == nil)
        #expect(Array(http.ordered).map(\.name) == ["gzip", "add_header", "add_header", "gzip"])
        let loc = root.descendants.first { $0.directive?.arg(0) == "/s39" }!
        #expect(loc.effective("gzip", default: ["x"]).originText.hasPrefix("inherited from http at"))
        #expect(loc.effective("gzip", default: ["x"]).first == "off")
        #expect(loc.effectiveList("add_header").directives.map { $0.arg(0)! } == ["A", "B"])
        let big = http.children.last!
        #expect(big.own["proxy_set_header"]?.count == 30)
        #expect(big.own.last("proxy_set_header")?.arg(0) == "H29")
        #expect(big.own["gzip"] == nil)
        // The value in force below a level indexed by name: its last one, and past it when it has none.
        let m = root.descendants.first { $0.directive?.arg(0) == "/m" }!
        #expect(m.effective("proxy_set_header", default: []).args == ["H29", "v"])
        #expect(m.effective("gzip", default: ["x"]).originText.hasPrefix("inherited from http at"))
        #expect(m.effective("gzip", default: ["x"]).first == "off")
        #expect(m.effectiveList("proxy_set_header").directives.count == 30)
    }

    @Test func addHeaderInheritMergeKeepsTheParentsHeaders() {
        let dir = tree(["nginx.conf": "http { add_header A 1; server { add_header_inherit merge; add_header B 2; location / { } } }\n"])
        let root = NginxScope.build(resolve(dir))
        let loc = root.descendants.first { $0.kind == "location" }!
        #expect(loc.effectiveList("add_header").directives.map { $0.arg(0)! } == ["A", "B"])
    }

    @Test func aFileIncludedIntoALocationIsJudgedThere() {
        let dir = tree([
            "nginx.conf": "http { server { listen 80; location /api/chat { include proxy.conf; } } }\n",
            "proxy.conf": "proxy_pass http://127.0.0.1:8000;\nproxy_buffering on;\n",
        ])
        let report = Linter(select: ["NGX001"]).lint([dir]).report
        #expect(report.findings.count == 1)
        #expect(report.findings.first?.range.file.path.hasSuffix("proxy.conf") == true)
        #expect(report.findings.first?.range.start.line == 2)
        // proxy.conf is linted once, through nginx.conf, not again on its own.
        #expect(report.files.count == 2)
    }
}
