import SSELintCore
import SSELintSource
import Testing

struct GoScannerTests {
    func scan(_ text: String, path: String = "main.go") -> AppFile { AppScanner.go(SourceFile(path: path, text: text)) }

    @Test func handlerWithHeaderSetAndFlusher() throws {
        let src = """
        package main

        import (
        \t"fmt"
        \t"net/http"
        )

        func handleEvents(w http.ResponseWriter, r *http.Request) {
        \tflusher, ok := w.(http.Flusher)
        \tif !ok {
        \t\thttp.Error(w, "streaming unsupported", http.StatusInternalServerError)
        \t\treturn
        \t}
        \tw.Header().Set("Content-Type", "text/event-stream")
        \tw.Header().Set("Cache-Control", "no-cache")
        \tw.Header().Add("Connection", "keep-alive")
        \tfor i := 0; i < 10; i++ {
        \t\tfmt.Fprintf(w, "data: %d\\n\\n", i)
        \t\tflusher.Flush()
        \t}
        }

        func main() {
        \tmux := http.NewServeMux()
        \tmux.HandleFunc("/events", handleEvents)
        \thttp.ListenAndServe(":8080", mux)
        }
        """
        let app = scan(src)
        #expect(app.problems.isEmpty)
        #expect(app.routes.map(\.path) == ["/events"])
        #expect(app.routes.first?.methods == ["*"] && app.routes.first?.handler == "handleEvents")
        #expect(app.responses.count == 1)
        let r = try #require(app.responses.first)
        #expect(r.kind == "w.Header().Set" && r.function == "handleEvents" && r.route == 0 && r.streams)
        #expect(SourceFile(path: "", text: src).text(r.range) == "w.Header().Set")
        #expect(r.mediaType == "text/event-stream")
        #expect(r.headers.map(\.name) == ["Content-Type", "Cache-Control", "Connection"])
        #expect(r.headers.map(\.value) == ["text/event-stream", "no-cache", "keep-alive"])
        let ins = try #require(r.headerInsertion)
        guard case .statements(let recv) = ins.style else { Issue.record("style"); return }
        #expect(recv == "w" && ins.entryIndent == "\t" && !ins.needsSeparator)
        var b = Array(src.utf8)
        b.insert(contentsOf: Array("\tw.Header().Set(\"X-Accel-Buffering\", \"no\")\n".utf8), at: ins.offset)
        #expect(String(decoding: b, as: UTF8.self)
            .contains("\t}\n\tw.Header().Set(\"X-Accel-Buffering\", \"no\")\n\tw.Header().Set(\"Content-Type\""))
    }

    @Test func rawStringRoutesGo122PatternsMethodsAndHeaderVariables() throws {
        let src = """
        func (s *Server) routes() {
        \ts.mux.HandleFunc(`GET /api/chat/{id}`, s.handleChat)
        \ts.mux.HandleFunc("POST example.com/api/x/{$}", func(w http.ResponseWriter, r *http.Request) {
        \t\th := w.Header()
        \t\th.Set("Content-Type", "text/event-stream")
        \t\th.Set("X-Accel-Buffering", "no")
        \t\trc := http.NewResponseController(w)
        \t\trc.Flush()
        \t})
        \ts.mux.Handle("/sse", http.HandlerFunc(s.sse))
        }

        func (s *Server) handleChat(w http.ResponseWriter, r *http.Request) {
        \tw.Header()["Content-Type"] = []string{"text/event-stream"}
        \tw.(http.Flusher).Flush()
        }
        """
        let app = scan(src)
        #expect(app.problems.isEmpty)
        #expect(app.routes.map(\.path) == ["/api/chat/{id}", "/api/x/", "/sse"])
        #expect(app.routes.map(\.methods) == [["GET"], ["POST"], ["*"]])
        #expect(app.routes.map(\.handler) == ["handleChat", nil, "sse"])
        try #require(app.responses.count == 2)
        let inline = app.responses[0], chat = app.responses[1]
        #expect(inline.route == 1 && inline.function == "routes" && inline.streams)
        #expect(inline.headers.map(\.name) == ["Content-Type", "X-Accel-Buffering"])
        if case .statements(let recv) = inline.headerInsertion?.style { #expect(recv == "w") } else { Issue.record("style") }
        #expect(chat.route == 0 && chat.function == "handleChat" && chat.streams)
        #expect(chat.mediaType == "text/event-stream")
    }

    @Test func buildTagsCommentsRunesAndRouterPrefixes() {
        let src = """
        //go:build linux && !windows
        // +build linux

        package x

        /* a block comment with "a quote and a `backquote */
        var q, b = '\\'', '"'

        func init() {
        \tr := chi.NewRouter()
        \tr.Get("/x", h)
        \tr.Route("/api", func(r chi.Router) {
        \t\tr.Post("/chat", chat)
        \t})
        \tv1 := g.Group("/v1")
        \tv1.GET("/stream", stream)
        \tr.Method("PATCH", "/m", m)
        \tchat := g.Group("/api/chat/")
        \tchat.Any("message", message)
        \tr.GET("relative", nope)
        }
        """
        let app = scan(src, path: "routes_linux.go")
        #expect(app.problems.isEmpty)
        // gin joins a group's prefix with a path written without its slash; outside a group such a path is not a route.
        #expect(app.routes.map(\.path) == ["/x", "/api/chat", "/v1/stream", "/m", "/api/chat/message"])
        #expect(app.routes.map(\.methods) == [["GET"], ["POST"], ["GET"], ["PATCH"], ["*"]])
    }

    @Test func ginHeadersAndMiddleware() throws {
        let src = """
        func stream(c *gin.Context) {
        \tc.Header("Content-Type", "text/event-stream")
        \tc.Writer.Header().Set("Cache-Control", "no-cache")
        \tc.Stream(func(w io.Writer) bool { return false })
        }

        func noBuffer(next http.Handler) http.Handler {
        \treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
        \t\tw.Header().Set("X-Accel-Buffering", "no")
        \t\tnext.ServeHTTP(w, r)
        \t})
        }

        func setup(r chi.Router, e *gin.Engine) {
        \tr.Use(noBuffer)
        \te.GET("/events", stream)
        }
        """
        let app = scan(src)
        try #require(app.responses.count == 1)
        let r = app.responses[0]
        #expect(r.kind == "c.Header" && r.streams && r.route == 0)
        #expect(r.headers.map(\.name) == ["Content-Type", "Cache-Control"])
        if case .statements(let recv) = r.headerInsertion?.style { #expect(recv == "c.Writer") } else { Issue.record("style") }
        #expect(app.middlewareHeaders.map(\.name) == ["X-Accel-Buffering"])
    }

    @Test func functionTypesAreNotBodies() {
        let src = """
        type handler func(w http.ResponseWriter, r *http.Request)

        func wrap(h func(http.ResponseWriter, *http.Request)) http.HandlerFunc {
        \treturn func(w http.ResponseWriter, r *http.Request) {
        \t\tw.Header().Set("Content-Type", "text/event-stream")
        \t\th(w, r)
        \t}
        }

        func get() interface{} { return nil }
        """
        let app = scan(src)
        #expect(app.responses.first?.function == "wrap")
        #expect(app.problems.isEmpty)
    }

    @Test func unterminatedLiteralsAreProblems() {
        let src = "package main\n\nfunc main() {\n\thttp.HandleFunc(\"/ok\", ok)\n\tx := `never\nclosed\n"
        let app = scan(src)
        #expect(app.problems.count == 1)
        #expect(app.problems.first?.line == 5 && app.problems.first?.column == 7)
        #expect(app.problems.first?.message.contains("raw string") == true)
        #expect(app.routes.map(\.path) == ["/ok"])
        #expect(scan("var s = \"open\nvar t = 1\n").problems.map(\.line) == [1])
        #expect(scan("var r = 'x\n").problems.map(\.line) == [1])
        #expect(scan("x := 1 /* open\n").problems.map(\.line) == [1])
        #expect(scan("func f() { if x {\n}\n").problems.count == 1)
    }

    @Test func echoResponsesAreNamedAsWritten() throws {
        let app = scan("""
        func stream(c echo.Context) error {
        \tc.Response().Header().Set("Content-Type", "text/event-stream")
        \tc.Response().Flush()
        \treturn nil
        }
        func main() { e := echo.New(); e.GET("/events", stream) }
        """)
        let r = try #require(app.responses.first)
        #expect(r.kind == "c.Response().Header().Set" && r.isSSE && r.route == 0)
    }
}
