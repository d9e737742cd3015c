import Foundation
import SSELint
import SSELintCore
import SSELintNginx
import SSELintRules
import SSELintTestSupport
import Testing

/// What makes a location SSE, and which nginx version the verdicts assume: the cases that made most wrong nginx
/// findings on real repositories (inherited hints, WebSocket locations, the version in the image tag).
struct NginxVerdictTests {
    func lint(_ files: [String: String], select: [String] = ["NGX"]) -> [Finding] {
        let dir = TestSupport.temporaryDirectory("verdicts")
        for (name, text) in files { TestSupport.write("\(dir)/\(name)", text) }
        let report = Linter(select: select).lint([dir]).report
        #expect(report.errors.isEmpty, "\(report.errors)")
        return report.findings
    }

    /// NGX010 names what each location loses: a level between it and the headers' level that merges its own in
    /// (`add_header_inherit merge`) changes the list for the locations below it only.
    @Test func droppedHeadersDependOnTheLocationsOwnParent() {
        let conf = """
            events {}
            http {
                server {
                    listen 80;
                    add_header Z 1;
                    location /a {
                        add_header_inherit merge;
                        add_header X 1;
                        location /a/stream { add_header_inherit on; add_header Y 1; proxy_pass http://api:8000; proxy_buffering off; }
                    }
                    location /c/stream { add_header Y 1; proxy_pass http://api:8000; proxy_buffering off; }
                }
            }

            """
        let found = lint(["nginx.conf": conf], select: ["NGX010"]).map(\.message)
        #expect(found.count == 2, "\(found)")
        #expect(found.contains { $0.hasPrefix("this location's add_header drops the 2 header(s)") && $0.contains(": Z, X ") })
        #expect(found.contains { $0.hasPrefix("this location's add_header drops the 1 header(s)") && $0.contains(": Z ") })
    }

    /// Header names compare ignoring case, as nginx's do (a location that repeats `x-frame-options` loses nothing), also
    /// outside ASCII (the Kelvin sign lowercases to `k`); `MERGE` merges. Neighbouring locations of one server share
    /// the answer only when their own names are the same set.
    @Test func headerNamesCompareIgnoringCase() {
        let conf = """
            events {}
            http {
                server {
                    listen 80;
                    add_header X-Frame-Options DENY;
                    add_header K 1;
                    location /a/stream { add_header x-frame-options DENY; add_header \u{212A} 1; proxy_pass http://api:8000; proxy_buffering off; }
                    location /b/stream { add_header X-FRAME-OPTIONS DENY; proxy_pass http://api:8000; proxy_buffering off; }
                    location /c/stream { add_header_inherit MERGE; add_header Y 1; proxy_pass http://api:8000; proxy_buffering off; }
                    location /d/stream { add_header X-Frame-Optionz DENY; proxy_pass http://api:8000; proxy_buffering off; }
                }
            }

            """
        let found = lint(["nginx.conf": conf], select: ["NGX010"]).map { "\($0.range.start.line): \($0.message)" }
        #expect(found.count == 2, "\(found)")
        #expect(found.contains { $0.hasPrefix("8: this location's add_header drops the 1 header(s)") && $0.contains(": K ") })
        #expect(found.contains { $0.hasPrefix("10: this location's add_header drops the 2 header(s)") && $0.contains(": X-Frame-Options, K ") })
    }

    /// Long lists of header names (more than are compared pairwise) give the same answers: the names a location repeats
    /// in another case are not dropped, neighbours with the same set share the answer, one with another set does not.
    @Test func manyHeaderNamesCompareAsSets() {
        let inherited = (0..<20).map { "        add_header X-H\($0) 1;" }.joined(separator: "\n")
        func location(_ path: String, repeating: Range<Int>) -> String {
            "        location \(path) { " + repeating.map { "add_header x-h\($0) 1; " }.joined() + "proxy_pass http://api:8000; proxy_buffering off; }"
        }
        let conf = """
            events {}
            http {
                server {
                    listen 80;
            \(inherited)
            \(location("/a/stream", repeating: 0..<17))
            \(location("/b/stream", repeating: 0..<17))
            \(location("/c/stream", repeating: 0..<10))
                }
            }

            """
        let found = lint(["nginx.conf": conf], select: ["NGX010"]).map(\.message)
        #expect(found.count == 3, "\(found)")
        #expect(found.filter { $0.hasPrefix("this location's add_header drops the 3 header(s)") && $0.contains(": X-H17, X-H18, X-H19 ") }.count == 2)
        #expect(found.contains { $0.hasPrefix("this location's add_header drops the 10 header(s)") && $0.contains(": X-H10, X-H11,") })
    }

    static let streamingServer = """
        events {}
        http {
            server {
                listen 80;
                proxy_buffering off;
                proxy_read_timeout 3600s;
                location /health { proxy_pass http://api:8000; }
                location /static/ { proxy_pass http://web:3000; }
                location /ws/ {
                    proxy_pass http://api:8000;
                    proxy_http_version 1.1;
                    proxy_set_header Upgrade $http_upgrade;
                    proxy_set_header Connection "upgrade";
                    proxy_read_timeout 86400s;
                    proxy_buffering off;
                }
                location /api/ { proxy_pass http://api:8000; }
            }
        }

        """

    @Test func inheritedHintsAndWebSocketsDoNotMakeALocationSSE() {
        // Before: the server-level hints made every location SSE (NGX006/NGX008 on /health, /static/, /ws/).
        let f = lint(["nginx.conf": Self.streamingServer], select: ["NGX", "QUICK-REFERENCE"])
        #expect(f.isEmpty, "\(f.map { "\($0.rule)@\($0.range.start.line): \($0.message)" })")
    }

    @Test func aHintWrittenInTheLocationStillCounts() {
        let conf = Self.streamingServer.replacingOccurrences(of: "location /api/ { proxy_pass http://api:8000; }",
                                                             with: "location /api/ { proxy_pass http://api:8000; proxy_read_timeout 30s; add_header X-Accel-Buffering no; }")
        let f = lint(["nginx.conf": conf])
        #expect(f.contains { $0.rule == "NGX006" && $0.message.contains("add_header X-Accel-Buffering") }, "\(f.map(\.message))")
    }

    /// A location whose directives come from two files (a snippet included after its own lines) gives the hint
    /// that comes first by offset, as a location read whole does; one that comes in order is read in one pass.
    @Test func aLocationsHintsAreReadInOffsetOrder() {
        func conf(_ lines: [String]) -> String {
            Self.streamingServer.replacingOccurrences(of: "location /api/ { proxy_pass http://api:8000; }",
                                                      with: "location /api/ { " + lines.joined(separator: " ") + " }")
        }
        let own = ["proxy_pass http://api:8000;", "proxy_read_timeout 30s;", "add_header X-Accel-Buffering no;"]
        // The snippet after the location's own lines, and before them (in order: read in one pass): the same hint.
        for lines in [own + ["include snippets/stream.conf;"], ["include snippets/stream.conf;"] + own] {
            let f = lint(["nginx.conf": conf(lines), "snippets/stream.conf": "proxy_buffering off;\n"])
            #expect(f.contains { $0.rule == "NGX006" && $0.message.contains("(SSE endpoint: proxy_buffering off at ") }, "\(f.map(\.message))")
        }
    }

    /// What a location's own lines say, in any order: buffering off (strong) over a long timeout (weak) written
    /// before it; a WebSocket upgrade anywhere in the location, after a hint too, makes it no SSE location.
    @Test func aStrongHintWinsAndAWebSocketAnywhereRulesTheLocationOut() throws {
        let text = """
            http {
                server {
                    listen 80;
                    location /a { proxy_pass http://api:8000; proxy_read_timeout 120s; proxy_buffering off; }
                    location /b { proxy_pass http://api:8000; proxy_buffering off; proxy_set_header Upgrade $http_upgrade; }
                    location /c { proxy_pass http://api:8000; proxy_read_timeout 120s; }
                }
            }

            """
        let file = try NginxParser.parse(SourceFile(path: "nginx.conf", text: text)).get()
        let analysis = NginxAnalysis(config: NginxWorkspace(settings: Settings()).resolve(file), settings: Settings())
        let reasons = Dictionary(uniqueKeysWithValues: analysis.sseLocations.map { ($0.scope.directive?.arg(0) ?? "", $0.reason) })
        #expect(reasons["/a"]?.hasPrefix("proxy_buffering off at nginx.conf:4") == true, "\(reasons)")
        #expect(reasons["/b"] == nil, "\(reasons)")
        #expect(reasons["/c"]?.hasPrefix("proxy_read_timeout 120s at nginx.conf:6") == true, "\(reasons)")
    }

    static let chat = """
        events {}
        http {
            server {
                listen 80;
                location /api/chat { proxy_pass http://app:8000; }
            }
        }

        """

    func ngx001(_ files: [String: String]) -> Finding? {
        lint(files, select: ["NGX001"]).first { $0.rule == "NGX001" }
    }

    @Test func theImageThatCopiesTheConfigGivesTheVersion() throws {
        let old = try #require(ngx001(["nginx/nginx.conf": Self.chat, "nginx/Dockerfile": "FROM nginx:1.26.3-alpine\nCOPY nginx.conf /etc/nginx/nginx.conf\n"]))
        #expect(old.severity == .error)
        #expect(old.message.contains("nginx 1.26.3 (image nginx:1.26.3-alpine at "), "\(old.message)")
        // 1.30 talks HTTP/1.1 to upstreams: events flow by the chunked-framing accident, a warning.
        let new = try #require(ngx001(["nginx/nginx.conf": Self.chat, "nginx/Dockerfile": "FROM nginx:1.30.0\nCOPY nginx.conf /etc/nginx/nginx.conf\n"]))
        #expect(new.severity == .warning)
        #expect(new.message.contains("undocumented behaviour"), "\(new.message)")
        // OpenResty 1.25.3.1 is nginx 1.25.3.
        let resty = try #require(ngx001(["compose.yaml": "services:\n  proxy:\n    image: openresty/openresty:1.25.3.1-alpine\n    volumes:\n      - ./nginx/nginx.conf:/usr/local/openresty/nginx/conf/nginx.conf:ro\n",
                                          "nginx/nginx.conf": Self.chat]))
        #expect(resty.severity == .error && resty.message.contains("nginx 1.25.3 (image openresty/openresty:1.25.3.1-alpine"), "\(resty.message)")
    }

    @Test func anUnpinnedImageIsUnknownAndSaysSo() throws {
        for image in ["nginx:latest", "nginx", "nginx:alpine", "nginx:1", "nginx:1.29-alpine"] {
            let f = try #require(ngx001(["compose.yaml": "services:\n  web:\n    image: \(image)\n    volumes:\n      - ./conf:/etc/nginx/conf.d\n",
                                         "conf/chat.conf": "server {\n    listen 80;\n    location /api/chat { proxy_pass http://app:8000; }\n}\n"]))
            #expect(f.severity == .warning, "\(image)")
            #expect(f.message.contains("the nginx version is not pinned (image \(image) at "), "\(image): \(f.message)")
        }
        // An explicit version wins over the image.
        let dir = TestSupport.temporaryDirectory("verdicts")
        TestSupport.write("\(dir)/Dockerfile", "FROM nginx:latest\nCOPY nginx.conf /etc/nginx/nginx.conf\n")
        TestSupport.write("\(dir)/nginx.conf", Self.chat)
        var o = LintOptions()
        o.isolated = true
        o.select = ["NGX001"]
        o.nginxVersion = NginxVersion("1.24.0")
        let f = Linter(options: o).lint([dir]).report.findings
        #expect(f.first?.severity == .error && f.first?.message.contains("nginx 1.24.0 talks HTTP/1.0") == true, "\(f.map(\.message))")
    }

    @Test func theUpstreamServerIsNamedOnlyWhenKnown() throws {
        let go = """
            package main

            import "net/http"

            func chat(w http.ResponseWriter, r *http.Request) {
            \tw.Header().Set("Content-Type", "text/event-stream")
            }

            func main() {
            \thttp.HandleFunc("/api/chat", chat)
            \thttp.ListenAndServe(":8000", nil)
            }

            """
        let f = try #require(ngx001(["nginx.conf": Self.chat, "main.go": go]))
        #expect(f.message.contains("Go net/http answers it with a close-delimited body"), "\(f.message)")
        #expect(!f.message.contains("uvicorn"), "\(f.message)")
        let alone = try #require(ngx001(["nginx.conf": Self.chat]))
        #expect(!alone.message.contains("uvicorn"), "\(alone.message)")
    }

    @Test func anAbsoluteIncludeOutsideTheTreeIsNotReadFromThisMachine() {
        // The repository means the container's /etc/nginx/…, not whatever this machine has at that path.
        let outside = TestSupport.temporaryDirectory("host")
        TestSupport.write("\(outside)/sse.conf", "location /api/stream { proxy_pass http://app:8000; }\n")
        let dir = TestSupport.temporaryDirectory("verdicts")
        TestSupport.write("\(dir)/nginx.conf", "events {}\nhttp {\n  server {\n    listen 80;\n    include \(outside)/sse.conf;\n  }\n}\n")
        let report = Linter(select: ["NGX"]).lint([dir]).report
        #expect(report.findings.isEmpty, "\(report.findings.map(\.message))")
        #expect(report.notices.contains { $0.message.contains("not read from this machine") }, "\(report.notices.map(\.message))")
        // Linted itself, the same file is judged.
        #expect(!Linter(select: ["NGX"]).lint(["\(outside)/sse.conf"]).report.findings.isEmpty)
    }

    @Test func fixingAnEntryConfigFixesWhatItIncludesInsideTheProject() {
        let repo = TestSupport.temporaryDirectory("project")
        try? FileManager.default.createDirectory(atPath: "\(repo)/.git", withIntermediateDirectories: true)
        TestSupport.write("\(repo)/deploy/nginx.conf", "events {}\nhttp {\n  server {\n    listen 80;\n    include ../snippets/chat.conf;\n  }\n}\n")
        TestSupport.write("\(repo)/snippets/chat.conf", "location /api/chat { proxy_pass http://app:8000; }\n")
        let changes = Linter(select: ["NGX001"]).lintAndFix(["\(repo)/deploy/nginx.conf"], unsafe: false).changes
        let fixed = changes[Path.normalize("\(repo)/snippets/chat.conf")].map { String(decoding: $0.after, as: UTF8.self) }
        #expect(fixed?.contains("proxy_buffering off;") == true, "\(changes.keys)")
    }

    @Test func containerPathsAreMappedThroughTheComposeMounts() {
        // nginx.conf includes the container's /etc/nginx/sites-enabled/*, which compose mounts from ./sites.
        let dir = TestSupport.temporaryDirectory("mounts")
        TestSupport.write("\(dir)/nginx/nginx.conf", "events {}\nhttp {\n  include /etc/nginx/sites-enabled/*;\n}\n")
        TestSupport.write("\(dir)/sites/chat", "server {\n  listen 80;\n  location /api/stream { proxy_pass http://app:8000; }\n}\n")
        TestSupport.write("\(dir)/compose.yaml", "services:\n  web:\n    image: nginx:1.26.3\n    volumes:\n      - ./nginx/nginx.conf:/etc/nginx/nginx.conf:ro\n      - ./sites:/etc/nginx/sites-enabled:ro\n")
        let report = Linter(select: ["NGX001"]).lint([dir]).report
        #expect(report.findings.map { Path.basename($0.range.file.path) } == ["chat"], "\(report.findings.map(\.message))")
        #expect(report.findings.first?.message.contains("nginx 1.26.3 (image nginx:1.26.3 at ") == true)
        #expect(report.notices.contains { $0.message.contains("mounted at /etc/nginx/sites-enabled by ") }, "\(report.notices)")
    }

    @Test func configMapVolumesAndHeredocTargetsPlaceEmbeddedConfigsAtTheirContainerPaths() throws {
        // nginx.conf comes from one ConfigMap (subPath), conf.d from another; the chat server is judged inside the
        // http block (its timeout applies), once, and its fix edits the manifest's own line.
        let manifest = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: main
            data:
              nginx.conf: |
                events {}
                http {
                  proxy_read_timeout 3600s;
                  include /etc/nginx/conf.d/*.conf;
                }
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: sites
            data:
              chat.conf: |
                server {
                  listen 80;
                  location /api/chat/stream { proxy_pass http://api:8000; }
                }
              unused.conf: |
                server { listen 81; location /api/other/stream { proxy_pass http://api:8000; } }
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: edge
            spec:
              template:
                spec:
                  containers:
                    - name: nginx
                      image: nginx:1.27
                      volumeMounts:
                        - {name: main, mountPath: /etc/nginx/nginx.conf, subPath: nginx.conf}
                        - {name: sites, mountPath: /etc/nginx/conf.d}
                  volumes:
                    - name: main
                      configMap: {name: main}
                    - name: sites
                      configMap:
                        name: sites
                        items: [{key: chat.conf, path: chat.conf}]

            """
        let dir = TestSupport.temporaryDirectory("configmap")
        TestSupport.write("\(dir)/k8s.yaml", manifest)
        let lint = Linter(select: ["NGX001", "NGX006"]).lint([dir]).report
        let found = lint.findings.map { "\($0.rule):\($0.range.start.line)" }
        // chat.conf: NGX001 once (not NGX006: 3600s from nginx.conf). unused.conf is mounted nowhere: judged alone.
        #expect(found == ["NGX001:21", "NGX001:24", "NGX006:24"], "\(found)")
        #expect(lint.findings.first?.message.hasSuffix("(nginx config in ConfigMap data chat.conf)") == true)
        #expect(lint.notices.contains { $0.message == "include /etc/nginx/conf.d/*.conf: read from /etc/nginx/conf.d/chat.conf (\(dir)/k8s.yaml:38)" },
                "\(lint.notices.map(\.message))")
        let result = Linter(select: ["NGX001"]).lintAndFix([dir], unsafe: false)
        let after = try #require(result.changes.values.first.map { String(decoding: $0.after, as: UTF8.self) })
        #expect(after.contains("      location /api/chat/stream { proxy_buffering off; proxy_pass http://api:8000; }\n"), "\(after)")

        // The same entry mounted at two paths that both are included: its fix would change both, so it is shown only.
        let twice = manifest.replacingOccurrences(of: "      include /etc/nginx/conf.d/*.conf;\n", with: "      include /etc/nginx/conf.d/*.conf;\n      include /etc/nginx/extra.d/*.conf;\n")
            .replacingOccurrences(of: "            - {name: sites, mountPath: /etc/nginx/conf.d}\n", with: "            - {name: sites, mountPath: /etc/nginx/conf.d}\n            - {name: sites, mountPath: /etc/nginx/extra.d}\n")
        let dir2 = TestSupport.temporaryDirectory("configmap-twice")
        TestSupport.write("\(dir2)/k8s.yaml", twice)
        let shared = Linter(select: ["NGX001"]).lint([dir2]).report.findings.first { $0.range.start.line == 22 }
        #expect(shared?.fix?.safety == .display && shared?.fix?.title.contains("is included in 2 places") == true, "\(String(describing: shared?.fix))")

        // A Dockerfile heredoc writes conf.d/chat.conf; the COPY'd nginx.conf includes it.
        let d = TestSupport.temporaryDirectory("heredoc-target")
        TestSupport.write("\(d)/nginx.conf", "events {}\nhttp {\n  proxy_buffering off;\n  include /etc/nginx/conf.d/*.conf;\n}\n")
        TestSupport.write("\(d)/Dockerfile", "FROM nginx:1.27\nCOPY nginx.conf /etc/nginx/nginx.conf\nCOPY <<'EOF' /etc/nginx/conf.d/chat.conf\nserver {\n  listen 80;\n  location /api/chat/stream { proxy_pass http://api:8000; }\n}\nEOF\n")
        let report = Linter(select: ["NGX001"]).lint([d]).report
        #expect(report.findings.isEmpty, "\(report.findings.map(\.message))")
        #expect(report.notices.contains { $0.message.contains("read from /etc/nginx/conf.d/chat.conf (\(d)/Dockerfile:4)") }, "\(report.notices.map(\.message))")
    }

    @Test func ngx006NeverProposesATimeoutAtOrBelowTheCurrentOne() {
        let app = "import asyncio\nfrom fastapi import FastAPI\nfrom fastapi.responses import StreamingResponse\n\napp = FastAPI()\n\nasync def events():\n    while True:\n        yield \": ping\\n\\n\"\n        await asyncio.sleep(200)\n\n@app.get(\"/api/stream\")\nasync def stream():\n    return StreamingResponse(events(), media_type=\"text/event-stream\", headers={\"X-Accel-Buffering\": \"no\"})\n"
        func conf(_ timeout: String) -> String {
            "events {}\nhttp {\n  server {\n    listen 80;\n    location /api/stream {\n      proxy_pass http://app:8000;\n      proxy_read_timeout \(timeout);\n    }\n  }\n}\n"
        }
        // A 200 s heartbeat behind 150 s: the fix proposes twice the heartbeat, above both.
        let f = lint(["nginx.conf": conf("150s"), "main.py": app], select: ["NGX006"])
        #expect(f.first?.fix?.title == "Set `proxy_read_timeout 400s;` in this location", "\(f.map { $0.fix?.title ?? "" })")
        // No heartbeat and 600 s already: nothing to propose (300 s would lower it).
        let quiet = app.replacingOccurrences(of: "        yield \": ping\\n\\n\"\n        await asyncio.sleep(200)\n", with: "        yield \"data: x\\n\\n\"\n        await asyncio.sleep(1)\n")
        #expect(lint(["nginx.conf": conf("600s"), "main.py": quiet], select: ["NGX006"]).isEmpty)
        #expect(lint(["nginx.conf": conf("120s"), "main.py": quiet], select: ["NGX006"]).first?.fix?.title == "Set `proxy_read_timeout 300s;` in this location")
    }

    @Test func fixesWriteOnlyTheConfigLinesOfATransformedCopy() {
        // A template with a placeholder line, a heredoc config in a Dockerfile, and a placeholder value: fixes land
        // on the config's own lines, and everything around them stays as written.
        let dir = TestSupport.temporaryDirectory("safe-fix")
        TestSupport.write("\(dir)/t/default.conf.template", "server {\n  listen 80;\n  ${HTTPS_CONFIG}\n  location /api/stream { proxy_pass http://app:8000; }\n}\n")
        let dockerfile = "FROM nginx:1.26.3\nCOPY <<'NGINX' /etc/nginx/conf.d/default.conf\nserver {\n  listen 80;\n  location /api/stream {\n    proxy_pass http://app:8000;\n    proxy_buffering on;\n  }\n}\nNGINX\nRUN nginx -t\n"
        TestSupport.write("\(dir)/d/Dockerfile", dockerfile)
        TestSupport.write("\(dir)/p/default.conf.template", "server {\n  listen 80;\n  location /api/stream { proxy_pass http://app:8000; proxy_buffering ${BUFFERING}; }\n}\n")
        let result = Linter().lintAndFix([dir], unsafe: false)
        let after = { (p: String) in result.changes.first { $0.key.hasSuffix(p) }.map { String(decoding: $0.value.after, as: UTF8.self) } }
        #expect(after("t/default.conf.template") == "server {\n  listen 80;\n  ${HTTPS_CONFIG}\n  location /api/stream { proxy_buffering off; proxy_pass http://app:8000; }\n}\n")
        #expect(after("d/Dockerfile") == dockerfile.replacingOccurrences(of: "proxy_buffering on;", with: "proxy_buffering off;"))
        // An unknown placeholder is not judged as `on`, and is never rewritten.
        #expect(!result.report.findings.contains { $0.rule == "NGX001" && $0.range.file.path.hasSuffix("p/default.conf.template") })
        #expect(after("p/default.conf.template").map { $0.contains("${BUFFERING}") } ?? true)
    }

    @Test func aConditionalEndDoesNotMakeAStreamOneShot() {
        // `if (!topic) { res.end(); return }` after the SSE writeHead: the stream goes on for the other requests.
        let js = "const app = require(\"express\")();\napp.get(\"/events\", (req, res) => {\n  res.writeHead(200, { \"Content-Type\": \"text/event-stream\" });\n  if (!req.query.topic) { res.end(); return; }\n  topics.add(req.query.topic, res);\n});\n"
        #expect(lint(["app.js": js], select: ["HDR006"]).count == 1)
    }
}

