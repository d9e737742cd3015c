import Foundation
import SSELint
import SSELintCore
import SSELintTestSupport
import Testing

/// Cases found in review: each once crashed, hung, wrote the wrong file or judged wrongly.
struct RegressionTests {
    let cli = CLITests()

    func tree(_ files: [String: String]) -> String {
        let dir = TestSupport.temporaryDirectory()
        for (p, t) in files { TestSupport.write("\(dir)/\(p)", t) }
        return dir
    }

    @Test func bufferingWithoutAnArgumentNeitherCrashesNorLoops() {
        let dir = tree(["a.conf": "events {}\nhttp { server { location /x { proxy_pass http://127.0.0.1:1; proxy_buffering; add_header X-Accel-Buffering no; } } }\n",
                        "b.conf": "events {}\nhttp { server { location /sse { proxy_pass http://127.0.0.1:1; proxy_buffering; } } }\n"])
        // nginx -t rejects `proxy_buffering;` (no argument): an input error at its place, and the findings still come.
        let r = cli.sselint(["a.conf"], cwd: dir)
        #expect(r.status == 2 && r.stdout.contains("a.conf:2:62: input-error invalid number of arguments in \"proxy_buffering\" directive"), "\(r.stdout)")
        _ = cli.sselint(["--fix", "--select", "NGX001", "b.conf"], cwd: dir)
        let fixed = TestSupport.read("\(dir)/b.conf")
        #expect(fixed.components(separatedBy: "proxy_buffering").count == 2 && fixed.contains("proxy_buffering off;"))
    }

    /// Two rules fixing one location in the same round must not leave a duplicate directive.
    @Test(.enabled(if: TestSupport.oracle(TestSupport.which("nginx") != nil, "nginx"))) func allRulesFixedTogetherStillPassNginxT() {
        for sample in ["nginx/NGX002/bad.conf", "nginx/NGX001/bad.conf", "nginx/NGX005/bad.conf", "nginx/NGX009/bad.conf"] {
            let dir = tree(["nginx.conf": TestSupport.read("\(TestSupport.packageRoot)/samples/\(sample)")])
            _ = cli.sselint(["--fix", "--unsafe-fixes"], cwd: dir)
            let text = TestSupport.read("\(dir)/nginx.conf")
            #expect(TestSupport.nginxCheck(text) == nil, "\(sample) after --fix --unsafe-fixes: \(TestSupport.nginxCheck(text) ?? "")\n\(text)")
        }
    }

    @Test(.timeLimit(.minutes(1))) func globIncludesThatIncludeEachOtherStayLinear() {
        var files = ["nginx.conf": "events {}\nhttp { include conf.d/*.conf; }\n"]
        for i in 1...12 { files["conf.d/f\(i).conf"] = "include conf.d/*.conf;\n" }
        let report = Linter().lint([tree(files)]).report
        #expect(report.errors.count <= 12 * 12 && report.errors.allSatisfy { $0.message.contains("include cycle") })
    }

    @Test func fixesLeaveSharedSnippetsSymlinksAndOutsideFilesAlone() throws {
        let dir = tree([
            "site/nginx.conf": "events {}\nhttp { server { location /stream { proxy_pass http://127.0.0.1:1; include snippets/p.conf; } location /app { proxy_pass http://127.0.0.1:1; include snippets/p.conf; } } }\n",
            "site/snippets/p.conf": "proxy_buffering on;\n",
            "outside/x.conf": "server { location /stream { proxy_pass http://127.0.0.1:1; } }\n",
            "real/site.conf": "events {}\nhttp { server { location /stream { proxy_pass http://127.0.0.1:1; } } }\n",
        ])
        TestSupport.write("\(dir)/repo/nginx.conf", "events {}\nhttp { include \(dir)/outside/*.conf; }\n")
        try FileManager.default.createDirectory(atPath: "\(dir)/links", withIntermediateDirectories: true)
        symlink("../real/site.conf", "\(dir)/links/site.conf")
        _ = cli.sselint(["--fix", "--select", "NGX001", "site", "repo", "links"], cwd: dir)
        #expect(TestSupport.read("\(dir)/site/snippets/p.conf") == "proxy_buffering on;\n")
        #expect(TestSupport.read("\(dir)/outside/x.conf") == "server { location /stream { proxy_pass http://127.0.0.1:1; } }\n")
        // The symlink is written through: it is still a link, and its target is fixed.
        let attrs = try FileManager.default.attributesOfItem(atPath: "\(dir)/links/site.conf")
        #expect(attrs[.type] as? FileAttributeType == .typeSymbolicLink)
        #expect(TestSupport.read("\(dir)/real/site.conf").contains("proxy_buffering off;"))
        let shown = cli.sselint(["--select", "NGX001", "site"], cwd: dir).stdout
        #expect(shown.contains("not applied automatically: site/snippets/p.conf is included in 2 places"))
    }

    @Test func includesFromConfDWithoutNginxConfStartAtItsParent() {
        let dir = tree(["nginx/conf.d/site.conf": "server { location /stream { proxy_pass http://127.0.0.1:1; include snippets/sse.conf; proxy_read_timeout 1h; } }\n",
                        "nginx/snippets/sse.conf": "proxy_buffering off;\n"])
        let r = Linter(select: ["NGX001"]).lint([dir]).report
        #expect(r.errors.isEmpty && r.findings.isEmpty)
    }

    @Test func templatesNestedOrIncludedAreRejected() {
        let dir = tree(["t.conf": "events {}\nhttp { server { location /stream { proxy_pass http://a:1; ${EXTRA}; } } }\n",
                        "i/nginx.conf": "events {}\nhttp { include inc.conf; }\n", "i/inc.conf": "server { {{ body }} }\n"])
        let r = Linter().lint(["\(dir)/t.conf", "\(dir)/i/nginx.conf"]).report
        #expect(r.errors.count == 2 && r.errors.allSatisfy { $0.message.contains("template") })
        #expect(r.findings.isEmpty)
    }

    /// sites-enabled/x links to sites-available/x: the walk meets the plain file and the link, the include reaches
    /// the link; one real path, so the site is judged once, inside the config that includes it.
    @Test func aSiteLinkedIntoSitesEnabledIsJudgedOnce() {
        let dir = tree(["nginx.conf": "events {}\nhttp { include sites-enabled/*; }\n",
                        "sites-available/app.conf": "server { listen 80; location /stream { proxy_pass http://127.0.0.1:1; } }\n"])
        try? FileManager.default.createDirectory(atPath: "\(dir)/sites-enabled", withIntermediateDirectories: true)
        symlink("../sites-available/app.conf", "\(dir)/sites-enabled/app.conf")
        let r = Linter().lint([dir]).report
        #expect(r.errors.isEmpty)
        let keys = r.findings.map { "\($0.rule) \($0.range.start.line)" }
        #expect(!keys.isEmpty && Set(keys).count == keys.count, "\(keys)")
        #expect(Set(r.findings.map { FileSystem.realPath($0.range.file.path) ?? "" }).count == 1)
    }

    @Test func danglingSymlinksAndSymlinkedDirectories() {
        let dir = tree(["dl/nginx.conf": "events {}\nhttp { include sites-enabled/*; }\n",
                        "sl/releases/v2/site.conf": "server { listen 80; }\n"])
        try? FileManager.default.createDirectory(atPath: "\(dir)/dl/sites-enabled", withIntermediateDirectories: true)
        symlink("../sites-available/gone", "\(dir)/dl/sites-enabled/gone")
        symlink("releases/v2", "\(dir)/sl/current")
        let dangling = Linter().lint(["\(dir)/dl"]).report
        #expect(dangling.errors.count == 1 && dangling.errors[0].path.hasSuffix("sites-enabled/gone"))
        let linked = Linter().lint(["\(dir)/sl"]).report
        #expect(linked.errors.isEmpty && linked.files.count == 1)
    }

    @Test func luaLongCommentsAndIgnoreHeadersAtOneLevel() {
        let dir = tree([
            "l.conf": "events {}\nhttp { server { location / { content_by_lua_block { --[==[ } ]==] ngx.say(1) } } } }\n",
            "i.conf": "events {}\nhttp { server { proxy_ignore_headers X-Accel-Buffering; proxy_ignore_headers Expires; location /stream { proxy_pass http://127.0.0.1:1; } } }\n",
            "u.conf": "events {}\nhttp { server { location /upload { fastcgi_pass 127.0.0.1:9000; fastcgi_request_buffering off; uwsgi_read_timeout 120s; } } }\n",
        ])
        #expect(Linter().lint(["\(dir)/l.conf"]).report.errors.isEmpty)
        #expect(Linter(select: ["NGX003"]).lint(["\(dir)/i.conf"]).report.findings.count == 1)
        #expect(Linter().lint(["\(dir)/u.conf"]).report.findings.isEmpty, "request buffering and uwsgi timeouts are not SSE hints")
    }

    @Test func diffHasOneHunkPerChange() {
        var lines = (1...400).map { "    # line \($0)" }
        lines.insert("http { server { location /stream { proxy_pass http://127.0.0.1:1; } } }", at: 0)
        lines.append("http2_dummy_off_by_one;")
        let before = Array((["events {}"] + lines).joined(separator: "\n").utf8)
        var after = before
        after.insert(contentsOf: Array("X".utf8), at: 5)
        after.append(contentsOf: Array("\nextra;".utf8))
        let d = UnifiedDiff.render(path: "f", before: before, after: after)
        #expect(d.components(separatedBy: "\n@@").count == 3, "\(d)")
        #expect(d.split(separator: "\n").count < 30)
    }
}
