import Foundation
import SSELint
import SSELintCore
import SSELintTestSupport
import Testing

/// One verdict across nginx and the app: the same location is broken or fine depending on the route behind it.
struct CrossFileTests {
    static func nginx(_ location: String, listen: String = "8080", upstream: String = "http://app:8000") -> String {
        """
        events {}
        http {
            server {
                listen \(listen);
                location / {
                    root /srv/www;
                }
                location \(location) {
                    proxy_pass \(upstream);
                }
            }
        }

        """
    }

    static func app(headers: String?, route: String = "/api/chat", decorator: String = "app") -> String {
        """
        from fastapi import FastAPI
        from fastapi.responses import StreamingResponse

        app = FastAPI()


        async def events():
            yield ": ping\\n\\n"


        @\(decorator).post("\(route)")
        async def chat():
            return StreamingResponse(events(), media_type="text/event-stream"\(headers.map { ", headers=\($0)" } ?? ""))

        """
    }

    static let compose = """
    services:
      app:
        build: .
        command: uvicorn main:app --host 0.0.0.0 --port 8000 --timeout-graceful-shutdown 10

    """

    func lint(_ files: [String: String], select: [String] = []) -> (dir: String, findings: [Finding]) {
        let dir = TestSupport.temporaryDirectory("crossfile")
        for (name, text) in files { TestSupport.write("\(dir)/\(name)", text) }
        let report = Linter(select: select).lint([dir]).report
        #expect(report.errors.isEmpty, "\(report.errors)")
        return (dir, report.findings)
    }

    @Test func bufferingLocationAndRouteWithoutHeaderIsOneBugInTwoFiles() {
        let (dir, f) = lint(["nginx/nginx.conf": Self.nginx("/api/chat"), "main.py": Self.app(headers: nil), "compose.yaml": Self.compose])
        let ngx = f.first { $0.rule == "NGX001" }
        #expect(ngx?.range.file.path == "\(dir)/nginx/nginx.conf" && ngx?.range.start.line == 8)
        #expect(ngx?.message.contains("the app serves text/event-stream at \(dir)/main.py:11") == true, "\(ngx?.message ?? "")")
        #expect(ngx?.related.contains { $0.range.file.path == "\(dir)/main.py" && $0.range.start.line == 11 } == true)
        let hdr = f.first { $0.rule == "HDR006" }
        #expect(hdr?.severity == .error && hdr?.range.start.line == 13)
        #expect(hdr?.related.contains { $0.range.file.path == "\(dir)/nginx/nginx.conf" && $0.range.start.line == 8 } == true)
        #expect(hdr?.message.contains("see NGX001 at \(dir)/nginx/nginx.conf:8") == true)
    }

    @Test func routeThatSendsTheHeaderSilencesNGX001() {
        let (_, f) = lint(["nginx/nginx.conf": Self.nginx("/api/chat"), "compose.yaml": Self.compose,
                           "main.py": Self.app(headers: #"{"X-Accel-Buffering": "no", "Cache-Control": "no-cache"}"#)])
        #expect(!f.contains { $0.rule == "NGX001" || $0.rule == "NGX003" }, "\(f.map(\.message))")
        // Without the app the same location is judged from its path alone, and NGX001 fires.
        let alone = lint(["nginx/nginx.conf": Self.nginx("/api/chat")]).findings
        #expect(alone.contains { $0.rule == "NGX001" })
    }

    @Test func ignoredHeaderKeepsNGX001AndNGX003() {
        let conf = Self.nginx("/api/chat").replacingOccurrences(of: "proxy_pass http://app:8000;", with: "proxy_pass http://app:8000;\n            proxy_ignore_headers X-Accel-Buffering;")
        let (_, f) = lint(["nginx/nginx.conf": conf, "main.py": Self.app(headers: #"{"X-Accel-Buffering": "no"}"#)])
        #expect(f.contains { $0.rule == "NGX001" } && f.contains { $0.rule == "NGX003" }, "\(f.map(\.rule))")
    }

    @Test func withoutAProxyTheMissingHeaderIsContext() {
        // No proxy config in the tree: nothing buffers the stream yet (info); behind a scanned nginx it is a warning.
        let (_, f) = lint(["main.py": Self.app(headers: nil)], select: ["HDR006"])
        #expect(f.map(\.severity) == [.info])
        let conf = Self.nginx("/static/").replacingOccurrences(of: "proxy_pass http://app:8000;", with: "proxy_pass http://app:8000;\n            proxy_buffering on;")
        let (_, g) = lint(["main.py": Self.app(headers: nil), "nginx.conf": conf], select: ["HDR006"])
        #expect(g.map(\.severity) == [.warning], "\(g.map(\.message))")
    }

    @Test func routerPrefixesAcrossFilesReachTheLocation() {
        let router = Self.app(headers: nil, route: "/chat", decorator: "router")
            .replacingOccurrences(of: "from fastapi import FastAPI", with: "from fastapi import APIRouter")
            .replacingOccurrences(of: "app = FastAPI()", with: "router = APIRouter()")
        let main = "from fastapi import FastAPI\nfrom .routers import chat\n\napp = FastAPI()\napp.include_router(chat.router, prefix=\"/v2\")\n"
        // /v2/chat does not match the SSE path patterns: only the app says it streams.
        let (dir, f) = lint(["nginx/nginx.conf": Self.nginx("/v2/"), "app/main.py": main, "app/routers/chat.py": router], select: ["NGX001", "HDR006"])
        #expect(f.first { $0.rule == "NGX001" }?.message.contains("\(dir)/app/routers/chat.py:11") == true, "\(f.map(\.message))")
        #expect(f.first { $0.rule == "HDR006" }?.severity == .error)
    }

    @Test func nestedRoutersTakeEveryPrefix() {
        // FastAPI's usual layout: app includes api_router at /api/v1, api_router includes chat.router at /chat, and
        // chat's APIRouter has its own /sessions: the route is /api/v1/chat/sessions/{sid}/messages.
        let chat = "from fastapi import APIRouter\nfrom fastapi.responses import StreamingResponse\n\nrouter = APIRouter(prefix=\"/sessions\")\n\nasync def events():\n    yield \": ping\\n\\n\"\n\n@router.post(\"/{sid}/messages\")\nasync def send(sid: str):\n    return StreamingResponse(events(), media_type=\"text/event-stream\")\n"
        let api = "from fastapi import APIRouter\nfrom app.routers import chat\n\napi_router = APIRouter()\napi_router.include_router(chat.router, prefix=\"/chat\")\n"
        let main = "from fastapi import FastAPI\nfrom app.api import api_router\n\napp = FastAPI()\napp.include_router(api_router, prefix=\"/api/v1\")\n"
        let conf = Self.nginx("/api/v1/")
        let (_, f) = lint(["nginx/nginx.conf": conf, "app/main.py": main, "app/api.py": api, "app/routers/chat.py": chat], select: ["NGX001", "HDR006"])
        #expect(f.first { $0.rule == "NGX001" }?.related.contains { $0.message.contains("/api/v1/chat/sessions/{sid}/messages") } == true, "\(f.map(\.message))")
        #expect(f.first { $0.rule == "HDR006" }?.message.contains("route POST /api/v1/chat/sessions/{sid}/messages") == true, "\(f.map(\.message))")
    }

    @Test func djangoViewsMeetTheirURLsThroughIncludes() {
        // proj/urls.py mounts chat/urls.py under api/chat/; the view that streams lives in chat/views.py.
        let project = "from django.urls import include, path\n\nurlpatterns = [\n    path(\"api/chat/\", include(\"chat.urls\")),\n]\n"
        let urls = "from django.urls import path\nfrom . import views\n\nurlpatterns = [\n    path(\"conversations/<uuid:pk>/stream/\", views.conversation),\n]\n"
        let views = "from django.http import StreamingHttpResponse\n\nasync def events():\n    yield \": ping\\n\\n\"\n\nasync def conversation(request, pk):\n    return StreamingHttpResponse(events(), content_type=\"text/event-stream\")\n"
        let (_, f) = lint(["nginx/nginx.conf": Self.nginx("/api/"), "proj/urls.py": project, "chat/urls.py": urls, "chat/views.py": views], select: ["NGX001", "HDR006"])
        #expect(f.first { $0.rule == "NGX001" }?.message.contains("the app serves text/event-stream") == true, "\(f.map(\.message))")
        let hdr = f.first { $0.rule == "HDR006" }
        #expect(hdr?.severity == .error && hdr?.message.contains("route /api/chat/conversations/<uuid:pk>/stream/ (function conversation)") == true, "\(f.map(\.message))")
    }

    @Test func proxyPassURIRewritesThePath() {
        // location /chat/ + proxy_pass http://app:8000/api/ : request /chat/chat reaches route /api/chat.
        let (_, f) = lint(["nginx/nginx.conf": Self.nginx("/gateway/", upstream: "http://app:8000/api/"), "main.py": Self.app(headers: nil)], select: ["NGX001"])
        #expect(f.first?.message.contains("the app serves text/event-stream") == true, "\(f.map(\.message))")
    }

    @Test func anotherPortIsAnotherService() {
        let (_, f) = lint(["nginx/nginx.conf": Self.nginx("/v2/", upstream: "http://other:9000"), "main.py": Self.app(headers: nil, route: "/v2/chat"),
                           "compose.yaml": Self.compose], select: ["NGX001"])
        #expect(f.isEmpty, "\(f.map(\.message))")
    }

    @Test func nginxSelectsTheLocationPerRoute() {
        // A regex location wins over the prefix one for /v2/chat; the prefix location reaches no SSE route.
        let conf = Self.nginx("/v2/").replacingOccurrences(of: "        location / {", with: "        location ~ ^/v2/(chat|talk)$ {\n            proxy_pass http://app:8000;\n            proxy_buffering off;\n        }\n        location / {")
        let (dir, f) = lint(["nginx/nginx.conf": conf, "main.py": Self.app(headers: nil, route: "/v2/chat")], select: ["NGX001", "HDR006"])
        #expect(!f.contains { $0.rule == "NGX001" }, "\(f.map(\.message))")
        // The location that serves the route has buffering off: X-Accel-Buffering from the app would add nothing.
        #expect(!f.contains { $0.rule == "HDR006" }, "\(f.map(\.message))")
        _ = dir
    }

    @Test func launchRulesFollowTheApp() {
        let noSSE = "from fastapi import FastAPI\napp = FastAPI()\n\n@app.get(\"/health\")\nasync def health():\n    return {}\n"
        let compose = Self.compose.replacingOccurrences(of: " --timeout-graceful-shutdown 10", with: " --limit-concurrency 100")
        let quiet = lint(["main.py": noSSE, "compose.yaml": compose], select: ["RUN004", "RUN006"]).findings
        #expect(quiet.isEmpty, "the app serves no SSE: \(quiet.map(\.message))")
        let loud = lint(["main.py": Self.app(headers: nil), "compose.yaml": compose], select: ["RUN004", "RUN006"]).findings
        #expect(Set(loud.map(\.rule)) == ["RUN004", "RUN006"] && loud.allSatisfy { $0.severity == .warning })
        let sseStarlette = Self.app(headers: nil).replacingOccurrences(of: "from fastapi.responses import StreamingResponse", with: "from sse_starlette.sse import EventSourceResponse")
            .replacingOccurrences(of: "StreamingResponse(events(), media_type=\"text/event-stream\")", with: "EventSourceResponse(events())")
        // sse-starlette ends streams on SIGTERM: nothing in the default set, advice in the quick-reference preset.
        let lib = lint(["main.py": sseStarlette, "compose.yaml": compose], select: ["RUN004"]).findings
        #expect(lib.isEmpty, "\(lib.map(\.message))")
        let advice = lint(["main.py": sseStarlette, "compose.yaml": compose], select: ["RUN004", "QUICK-REFERENCE"]).findings
        #expect(advice.map(\.severity) == [.info], "\(advice.map(\.message))")
    }

    @Test func bundledDemoDeploymentsTellTheStory() {
        let root = TestSupport.packageRoot + "/samples/deployments"
        let broken = Linter().lint(["\(root)/chat-buffered"]).report
        let rules = Set(broken.findings.map(\.rule.rawValue))
        // Every input family has its say: nginx, launch, app.
        for id in ["NGX001", "NGX002", "NGX005", "NGX006", "NGX011", "RUN001", "RUN002", "RUN004", "CAN003", "HDR006", "CAN001", "CAN002", "CAN004", "PY002", "PY003"] {
            #expect(rules.contains(id), "chat-buffered lacks \(id)")
        }
        let hdr = broken.findings.first { $0.rule == "HDR006" }
        #expect(hdr?.severity == .error && hdr?.related.first?.range.file.path.hasSuffix("nginx/conf.d/chat.conf") == true)
        let fixed = Linter().lint(["\(root)/chat-streaming"]).report
        #expect(fixed.findings.isEmpty && fixed.errors.isEmpty, "\(fixed.findings.map { "\($0.rule) \($0.range.shortLocation) \($0.message)" })")
    }

    @Test func fixesLeaveUnreadablePythonAloneAndSuppressionsWork() {
        let dir = TestSupport.temporaryDirectory("appfix")
        TestSupport.write("\(dir)/main.py", Self.app(headers: nil) + "x = \"broken\n")
        let r = Linter(select: ["HDR006"]).lintAndFix([dir], unsafe: true)
        #expect(r.changes.isEmpty, "a file the scanner could not read is never rewritten")
        TestSupport.write("\(dir)/main.py", Self.app(headers: nil).replacingOccurrences(of: "    return StreamingResponse", with: "    # sselint: disable=HDR006 -- headers come from the gateway\n    return StreamingResponse"))
        let s = Linter(select: ["HDR006", "SUP001"]).lint([dir]).report
        #expect(s.findings.isEmpty && s.suppressed.map(\.finding.rule) == ["HDR006"], "\(s.findings.map(\.message))")
    }

    // MARK: review findings, each pinned

    @Test func portsThatAreVariablesDoNotHideTheApp() {
        let procfile = "web: uvicorn main:app --host 0.0.0.0 --port $PORT\n"
        let (_, f) = lint(["nginx/nginx.conf": Self.nginx("/v2/", upstream: "http://app:8000$request_uri"), "Procfile": procfile,
                           "main.py": Self.app(headers: nil, route: "/v2/chat")], select: ["NGX001"])
        #expect(f.first?.message.contains("the app serves text/event-stream") == true, "\(f.map(\.message))")
    }

    @Test func oneWordLocationModifiersAreSelected() {
        let (_, f) = lint(["nginx/nginx.conf": Self.nginx("~^/v2/(chat|talk)$"), "main.py": Self.app(headers: nil, route: "/v2/chat")], select: ["NGX001"])
        #expect(f.first?.message.contains("the app serves text/event-stream") == true, "\(f.map(\.message))")
    }

    @Test func oneRouteWithoutHeartbeatDecidesWhateverTheOrder() {
        let two = Self.app(headers: nil, route: "/v2/a") + """

        async def quiet():
            yield "data: x\\n\\n"


        @app.post("/v2/b")
        async def b():
            return StreamingResponse(quiet(), media_type="text/event-stream")

        """
        let conf = Self.nginx("/v2/").replacingOccurrences(of: "proxy_pass http://app:8000;", with: "proxy_pass http://app:8000;\n            proxy_read_timeout 120s;")
        let (_, f) = lint(["nginx/nginx.conf": conf, "main.py": two], select: ["NGX006"])
        #expect(f.first?.message.contains("the app sends no heartbeat") == true, "\(f.map(\.message))")
    }

    @Test func sseStarletteForcesItsAntiBufferingHeader() {
        let app = Self.app(headers: nil).replacingOccurrences(of: "from fastapi.responses import StreamingResponse", with: "from sse_starlette.sse import EventSourceResponse")
            .replacingOccurrences(of: "StreamingResponse(events(), media_type=\"text/event-stream\")", with: "EventSourceResponse(events(), headers={\"X-Accel-Buffering\": \"yes\"})")
        let (_, f) = lint(["nginx/nginx.conf": Self.nginx("/api/chat"), "main.py": app], select: ["NGX001"])
        #expect(f.isEmpty, "sse-starlette sends X-Accel-Buffering: no whatever the code asks: \(f.map(\.message))")
    }

    @Test func aRootUnderATestDirectoryIsStillJudged() {
        let dir = TestSupport.temporaryDirectory("crossfile") + "/test/repo"
        TestSupport.write("\(dir)/main.py", Self.app(headers: nil))
        TestSupport.write("\(dir)/tests/test_main.py", Self.app(headers: nil))
        let f = Linter(select: ["HDR006"]).lint([dir]).report.findings
        #expect(f.map { Path.basename($0.range.file.path) } == ["main.py"])
    }
}
