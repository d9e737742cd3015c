import SSELintCore
import SSELintSource
import Testing

struct PythonScannerTests {
    func scan(_ text: String, path: String = "app.py") -> AppFile { PythonScanner.scan(SourceFile(path: path, text: text)) }
    func headers(_ r: AppResponse?) -> [String: String] {
        Dictionary((r?.headers ?? []).map { ($0.name, $0.value ?? "?") }, uniquingKeysWith: { _, b in b })
    }

    @Test func routesFromEveryFramework() {
        let a = scan("""
        from fastapi import APIRouter, FastAPI
        app = FastAPI()
        router = APIRouter(prefix="/api")

        @router.post("/chat")
        async def chat(): ...

        @app.api_route(path="/both", methods=["GET", "POST"])
        async def both(): ...

        @bp.route("/flask", methods=["POST"])
        def flask_view(): ...

        routes = [Mount("/v1", routes=[Route("/stream", endpoint=stream)])]
        app.router.add_get("/aio", aio_handler)
        urlpatterns = [path("django/events/", views.events)]
        """)
        let byPath = Dictionary(a.routes.map { ($0.path, $0) }, uniquingKeysWith: { x, _ in x })
        #expect(byPath["/api/chat"]?.handler == "chat" && byPath["/api/chat"]?.methods == ["POST"])
        #expect(byPath["/both"]?.methods == ["GET", "POST"])
        #expect(byPath["/flask"]?.handler == "flask_view")
        #expect(byPath["/v1/stream"]?.handler == "stream")
        #expect(byPath["/aio"]?.methods == ["GET"] && byPath["/aio"]?.handler == "aio_handler")
        #expect(byPath["/django/events/"]?.handler == "events")
        #expect(a.routes.count == 6, "\(a.routes.map(\.path))")
    }

    @Test func headersFromLiteralsNamesSpreadsAndLaterStatements() {
        let a = scan("""
        BASE = {"Cache-Control": "no-cache"}
        MEDIA = "text/event-stream"

        @app.get("/events")
        async def events():
            extra = {**BASE, "X-Accel-Buffering": "no"}
            resp = StreamingResponse(gen(), media_type=MEDIA, headers=extra)
            resp.headers["Pragma"] = "no-cache"
            resp.headers.update({"Expires": "0"})
            return resp
        """)
        let r = a.responses.first
        #expect(r?.isSSE == true && r?.route == 0)
        #expect(headers(r) == ["Cache-Control": "no-cache", "X-Accel-Buffering": "no", "Pragma": "no-cache", "Expires": "0"])
        #expect(r?.headersOpaque == false)
    }

    @Test func opaqueHeadersAreNotGuessed() {
        let a = scan("async def f():\n    return StreamingResponse(g(), media_type=\"text/event-stream\", headers=make_headers())\n")
        #expect(a.responses.first?.headersOpaque == true)
    }

    @Test func librariesAndMiddlewareSetHeadersToo() {
        let a = scan("""
        from sse_starlette.sse import EventSourceResponse

        @app.middleware("http")
        async def h(request, call_next):
            response = await call_next(request)
            response.headers["X-Frame-Options"] = "DENY"
            return response

        @app.get("/sse")
        async def sse():
            return EventSourceResponse(gen(), ping=5)
        """)
        let r = a.responses.first
        #expect(r?.kind == "EventSourceResponse (sse-starlette)" && r?.libraryPing == 5 && r?.endsStreamsOnShutdown == true)
        #expect(Set(r?.libraryHeaders.map(\.name) ?? []) == ["Cache-Control", "Connection", "X-Accel-Buffering"])
        #expect(a.middlewareHeaders.map(\.name) == ["X-Frame-Options"])
    }

    @Test func fastAPINativeSSE() {
        let a = scan("""
        from fastapi.sse import EventSourceResponse

        @app.get("/items", response_class=EventSourceResponse)
        async def items():
            yield {"a": 1}
        """)
        #expect(a.responses.first?.kind == "EventSourceResponse (FastAPI)" && a.responses.first?.route == 0)
        #expect(a.responses.first?.endsStreamsOnShutdown == false)
    }

    @Test func cancellationWaitsAndTheirContext() {
        let a = scan("""
        import asyncio
        TIMEOUT = 0.5

        async def stream():
            task = asyncio.create_task(agent())
            try:
                await asyncio.wait_for(llm(), timeout=30)
            finally:
                task.cancel()
                await asyncio.wait_for(task, timeout=TIMEOUT)
        """)
        let waits = a.python?.waits ?? []
        // The ordinary timeout on llm() is not a cancellation wait.
        #expect(waits.count == 1)
        if case .number(let v, _)? = waits.first?.timeout { #expect(v == 0.5) } else { Issue.record("timeout not resolved") }
        #expect(waits.first?.cancelContext?.hasPrefix("after task.cancel()") == true)
        #expect(a.python?.taskFunctionNames == ["agent"])
    }

    @Test func fStringsWithNestedQuotesAreOneToken() {
        let a = scan("async def g():\n    yield f\"data: {json.dumps({\"type\": \"done\", \"error\": \"x\"})}\\n\\n\"\n    x = 1\n")
        #expect(a.problems.isEmpty, "\(a.problems)")
        #expect(a.python?.generators["g"]?.emitsSSEData == true)
    }

    // MARK: bad input: never crash or hang, report what cannot be read, judge the rest

    @Test func syntaxErrorsAreReportedWithTheirLineAndTheRestIsJudged() {
        let a = scan("""
        x = "unterminated
        def broken(:
            pass

        @app.get("/ok")
        async def ok():
            return StreamingResponse(g(), media_type="text/event-stream")
        """)
        #expect(a.problems.map(\.line) == [1, 2], "\(a.problems)")
        #expect(a.problems.map(\.message) == ["unterminated string literal", "'(' is never closed"])
        #expect(a.routes.map(\.path) == ["/ok"] && a.responses.count == 1)
    }

    @Test func unclosedBracketAndTripleQuoteAtEndOfFile() {
        let a = scan("def f(\n    a,\n")
        #expect(a.problems.map(\.line) == [1])
        let b = scan("x = 1\ns = '''never closed\n")
        #expect(b.problems.map(\.line) == [2])
    }

    @Test func mixedTabsAndSpacesAndNonUTF8() {
        var bytes = Array("async def f():\n\tif x:\n        time.sleep(1)\n".utf8)
        bytes += [0xFF, 0xFE, 0x80, 0x0A]
        bytes += Array("@app.get('/x')\nasync def g():\n    return StreamingResponse(h(), media_type='text/event-stream')\n".utf8)
        let a = PythonScanner.scan(SourceFile(path: "m.py", bytes: bytes))
        #expect(a.python?.blockingCalls.map(\.call) == ["time.sleep"])
        #expect(a.routes.map(\.path) == ["/x"] && a.responses.first?.route == 0)
    }

    @Test(.timeLimit(.minutes(1))) func twentyThousandLinesStayLinear() {
        var text = "import asyncio\n"
        for i in 0..<4_000 {
            text += "@app.get(\"/r\(i)\")\nasync def r\(i)():\n    t = asyncio.create_task(w())\n    t.cancel()\n    await t\n"
        }
        let a = scan(text)
        #expect(a.routes.count == 4_000 && a.python?.waits.count == 4_000)
    }
}

extension PythonAppFacts {
    var taskFunctionNames: [String] { waits.compactMap(\.taskFunction) }
}
