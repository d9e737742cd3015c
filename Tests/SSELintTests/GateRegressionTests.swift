import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SSELintCore
import SSELintTestSupport
import Testing

/// Review findings on the CI-gate features, each pinned.
struct GateRegressionTests {
    let cli = CLITests()
    static let sse = "events {}\nhttp { server { location /api/chat { proxy_pass http://127.0.0.1:1; } } }\n"

    func repo(_ files: [String: String]) -> String {
        let dir = TestSupport.temporaryDirectory()
        for (p, t) in files { TestSupport.write("\(dir)/\(p)", t) }
        return dir
    }

    @Test func ruleIdsInAnyCaseAndHostileYAML() {
        let lower = repo([".sselint.yml": "severity: {ngx001: info}\nrules: {ngx001: {}}\n", "a.conf": Self.sse])
        let r = cli.sselint(["--select", "NGX001", "a.conf"], cwd: lower)
        #expect(r.status == 0 && r.stdout.contains("info[NGX001]"))
        for text in ["select: " + String(repeating: "[", count: 20000) + String(repeating: "]", count: 20000),
                     "a: &a [x, x]\nb: &b [*a, *a]\nselect: [*b]\n"] {
            let dir = repo([".sselint.yml": text, "a.conf": Self.sse])
            let out = cli.sselint(["a.conf"], cwd: dir)
            #expect(out.status == 2 && out.stdout.contains(".sselint.yml:"), "\(out.stdout)")
        }
        let base = repo(["a.conf": Self.sse, "deep.json": String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000),
                         "alias.json": "tool: sselint\nfindings: &a [*a]\n"])
        for b in ["deep.json", "alias.json"] {
            let out = cli.sselint(["--baseline", b, "a.conf"], cwd: base)
            #expect(out.status == 2 && out.stderr.contains("not valid JSON"), "\(b): \(out.stderr)")
        }
    }

    @Test(.timeLimit(.minutes(1))) func repeatedDoubleStarsStayFast() {
        var path = "d"
        for i in 0..<25 { path += "/d\(i)" }
        let dir = repo([".gitignore": "**/**/**/**/**/**/**/**/**/**/**/**/zzz\n", "\(path)/nginx.conf": Self.sse])
        try? FileManager.default.createDirectory(atPath: "\(dir)/.git", withIntermediateDirectories: true)
        #expect(cli.sselint(["--list-files", "."], cwd: dir).stdout.contains("d24/nginx.conf"))
        #expect(Glob.match("sub/**", "sub/x.conf") && !Glob.match("sub/**", "sub"))
    }

    @Test func stdinKindsAndNamedFiles() {
        let py = TestSupport.run(["sh", "-c", "echo 'print(1)' | \(CLITests.binary) - --stdin-filename app.py"])
        #expect(py.status == 0, "\(py.stdout)")
        let docker = TestSupport.run(["sh", "-c", "printf 'FROM x\\nCMD uvicorn a:b --reload\\n' | \(CLITests.binary) - --stdin-filename Dockerfile --select RUN001 --no-color"])
        #expect(docker.status == 1 && docker.stdout.contains("Dockerfile:2:17: warning[RUN001]"))
        let dir = repo([".sselint.yml": "exclude: [\"vendor/**\"]\n", "vendor/lib/broken.conf": "http {\n", "site/a.conf": Self.sse,
                        "nginx.conf": "events {}\nhttp { proxy_buffering off; proxy_http_version 1.1; proxy_read_timeout 300s; server { include snippets/sse.conf; } }\n",
                        "snippets/sse.conf": "location /sse { proxy_pass http://127.0.0.1:1; }\n"])
        #expect(cli.sselint(["--select", "NGX001", "vendor/lib/broken.conf", "site/a.conf"], cwd: dir).status == 1, "excluded file not parsed")
        #expect(cli.sselint(["nginx.conf", "snippets/sse.conf"], cwd: dir).status == 0, "the snippet is judged inside nginx.conf")
    }

    @Test func nearestConfigOfAnIncludedFileAndSUP001Ignores() {
        let dir = repo(["nginx.conf": "events {}\nhttp { server { include snippets/sse.conf; } }\n",
                        "snippets/sse.conf": "location /sse { proxy_pass http://127.0.0.1:1; }\n",
                        "snippets/.sselint.yml": "ignore: [NGX001]\n",
                        "other/.sselint.yml": "per-file-ignores: {\"b.conf\": [SUP001]}\n",
                        "other/b.conf": "events {}\nhttp { server { listen 80; # sselint: disable=NGX001\n} }\n"])
        let out = cli.sselint(["--select", "NGX001,SUP001", "."], cwd: dir)
        #expect(!out.stdout.contains("NGX001]") && !out.stdout.contains("SUP001]"), "\(out.stdout)")
    }

    @Test func baselineAcrossPartialRunsAndRewrites() throws {
        let dir = repo(["site/a.conf": Self.sse, "site/b.conf": Self.sse])
        _ = cli.sselint(["site", "--select", "NGX001", "--write-baseline", "bl.json"], cwd: dir)
        let partial = cli.sselint(["site/a.conf", "--select", "NGX001", "--baseline", "bl.json", "--format", "json"], cwd: dir)
        let json = try #require(JSONSerialization.jsonObject(with: Data(partial.stdout.utf8)) as? [String: Any])
        #expect((json["staleBaseline"] as? [String])?.isEmpty == true)
        _ = cli.sselint(["site", "--select", "NGX001", "--baseline", "bl.json", "--write-baseline", "bl.json"], cwd: dir)
        #expect(cli.sselint(["site", "--select", "NGX001", "--baseline", "bl.json"], cwd: dir).status == 0)
    }

    @Test func gitignoreNegationInsideAnIgnoredTree() throws {
        let dir = repo([".gitignore": "sub/**\n!sub/nginx.conf\n", "sub/nginx.conf": Self.sse, "sub/x.conf": Self.sse])
        try FileManager.default.createDirectory(atPath: "\(dir)/.git", withIntermediateDirectories: true)
        #expect(cli.sselint(["--list-files"], cwd: dir).stdout == "sub/nginx.conf\tnginx (entry config)\n")
    }

    @Test func sarifColumnsCountCodePointsAndXMLStaysWellFormed() throws {
        let dir = repo(["a.conf": "events {}\nhttp { server { server_name ä.example; location /api/chat { proxy_pass http://127.0.0.1:1; } } }\n",
                        "b.conf": "events {}\nhttp { server { location /stream { add_header X-\u{FFFE} 1; proxy_pass http://127.0.0.1:1; } } }\n"])
        let sarif = cli.sselint(["--format", "sarif", "--select", "NGX001", "a.conf"], cwd: dir)
        #expect(sarif.stdout.contains("\"startColumn\": 40"), "byte column would be 41")
        let xml = cli.sselint(["--format", "checkstyle", "b.conf"], cwd: dir)
        #expect((try? XMLDocument(data: Data(xml.stdout.utf8))) != nil, "checkstyle output is not well-formed XML")
    }

    @Test(.timeLimit(.minutes(1))) func manySuppressionsStayLinear() {
        var conf = "events {}\nhttp { server {\n"
        for i in 0..<4000 { conf += "location /api/chat/\(i) { proxy_pass http://127.0.0.1:1; } # sselint: disable=NGX001\n" }
        conf += "} }\n"
        let dir = repo(["a.conf": conf])
        let start = Date()
        #expect(cli.sselint(["--select", "NGX001,SUP001", "a.conf"], cwd: dir).status == 0)
        #expect(Date().timeIntervalSince(start) < 30)
    }
}
