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

// MARK: review findings, each pinned

struct PythonScannerRegressionTests {
    func scan(_ text: String) -> AppFile { PythonScanner.scan(SourceFile(path: "app.py", text: text)) }

    @Test func emptyKeywordArgumentsBeingTypedDoNotTrap() {
        let a = scan("""
        import asyncio
        async def f():
            t = asyncio.create_task(w()); t.cancel()
            await asyncio.wait_for(t, timeout= )
            return StreamingResponse(gen(), media_type= ), EventSourceResponse(gen(), ping=
            )
        """)
        #expect(a.responses.count == 2)
        #expect(a.python?.waits.first.map { if case .absent = $0.timeout { true } else { false } } == true)
    }

    @Test func djangoSubscriptHeadersAndKwargs() {
        let a = scan("""
        def events(request):
            response = StreamingHttpResponse(gen(), content_type="text/event-stream")
            response["X-Accel-Buffering"] = "no"
            return response

        def other(request, **opts):
            return StreamingResponse(gen(), **opts)
        """)
        #expect(a.responses[0].headers.map(\.name) == ["X-Accel-Buffering"] && a.responses[0].mediaTypeKeyword == "content_type")
        #expect(a.responses[1].headersOpaque && a.responses[1].mediaTypeDynamic && a.responses[1].headerInsertion == nil)
    }

    @Test func aliasedRouterImportsAndBlueprintPrefixes() {
        let a = scan("""
        from .chat import router as chat_router
        from app.api import stream as stream_api
        app.include_router(chat_router, prefix="/api")
        app.include_router(stream_api.router, prefix="/s")
        """)
        #expect(a.includes.map { "\($0.module ?? "?").\($0.router)" } == ["chat.router", "stream.router"])
        let b = scan("""
        bp = Blueprint("chat", __name__, url_prefix="/chat")

        @bp.route("/stream")
        def stream(): ...

        app.register_blueprint(bp, url_prefix="/api")
        """)
        #expect(b.routes.map(\.path) == ["/api/stream"], "Flask: url_prefix at registration replaces the blueprint's own")
    }

    @Test func lambdasHandedToThreadsDoNotBlockTheLoop() {
        let a = scan("""
        import asyncio, requests
        async def f(u):
            await asyncio.get_running_loop().run_in_executor(None, lambda: requests.get(u))
            requests.get(u)
        """)
        #expect(a.python?.blockingCalls.count == 1)
    }

    @Test func onlyTimeoutsAroundACancelledTaskAreCancellationWaits() {
        let a = scan("""
        import asyncio
        async def f(db, task):
            try:
                await task
            finally:
                async with asyncio.timeout(5):
                    await db.close()
                task.cancel()
                async with asyncio.timeout(5e-2):
                    await task
        """)
        let waits = a.python?.waits ?? []
        #expect(waits.map(\.kind.rawValue) == ["asyncio.timeout"], "\(waits.map(\.kind.rawValue))")
        if case .number(let v, _)? = waits.first?.timeout { #expect(v == 0.05) } else { Issue.record("5e-2 not read") }
    }

    @Test func fixesOnlyWhereTheyStayValid() {
        let a = scan("import asyncio as aio\nasync def f(t):\n    t.cancel()\n    await aio.wait(t for t in [t])\n")
        #expect(a.python?.importsAsyncio == false, "`asyncio` is not bound: the CAN001 rewrite would raise NameError")
        let b = scan("async def g():\n    return EventSourceResponse({\"data\": t} for t in toks)\n")
        #expect(b.responses.first?.headerInsertion == nil, "a lone generator expression takes no second argument")
    }

    @Test func validPythonIsNotReportedAsUnreadable() {
        let a = scan("x = .05 + 5e-1 + 1E+3\ns = 'a\\\r\nb'\nm = (a\n@ b)\n")
        #expect(a.problems.isEmpty, "\(a.problems)")
    }
}

extension PythonAppFacts {
    var taskFunctionNames: [String] { waits.compactMap(\.taskFunction) }
}
