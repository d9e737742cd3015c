import SSELintCore
import SSELintSource
import Testing

struct JSScannerTests {
    func scan(_ text: String, path: String = "server.js") -> AppFile { AppScanner.javaScript(SourceFile(path: path, text: text)) }

    func insert(_ text: String, _ ins: Insertion?, _ s: String) -> String {
        guard let ins else { return "<no insertion>" }
        var b = Array(text.utf8)
        b.insert(contentsOf: Array(s.utf8), at: ins.offset)
        return String(decoding: b, as: UTF8.self)
    }

    @Test func expressWriteHeadMultiLine() throws {
        let src = """
        const app = require('express')();
        app.get('/events', (req, res) => {
          res.writeHead(200, {
            'Content-Type': 'Text/Event-Stream',
            "Cache-Control": 'no-cache',
            Connection: 'keep-alive',
          });
          const timer = setInterval(() => res.write(`data: ${Date.now()}\\n\\n`), 1000);
        });
        """
        let app = scan(src)
        #expect(app.problems.isEmpty)
        #expect(app.routes.map(\.path) == ["/events"])
        #expect(app.routes.first?.methods == ["GET"])
        #expect(app.routes.first?.handler == nil)
        let r = try #require(app.responses.first)
        #expect(app.responses.count == 1)
        #expect(r.kind == "res.writeHead")
        #expect(r.mediaType == "text/event-stream")
        #expect(r.headers.map(\.name) == ["Content-Type", "Cache-Control", "Connection"])
        #expect(r.headers.map(\.value) == ["Text/Event-Stream", "no-cache", "keep-alive"])
        #expect(r.streams && r.route == 0 && r.function == nil)
        #expect(SourceFile(path: "", text: src).text(r.range) == "res.writeHead")
        let ins = try #require(r.headerInsertion)
        #expect(ins.needsSeparator && ins.entryIndent == "    ")
        let fixed = insert(src, ins, ",\n    'X-Accel-Buffering': 'no'")
        #expect(fixed.contains("Connection: 'keep-alive',\n    'X-Accel-Buffering': 'no',\n  });"))
    }

    @Test func writeHeadSingleLineInsertion() throws {
        let src = "function sse(req, res) { res.writeHead(200, { 'Content-Type': 'text/event-stream' }); res.write(': hi\\n\\n') }\n"
        let r = try #require(scan(src).responses.first)
        #expect(r.function == "sse" && r.streams)
        #expect(r.headerInsertion?.entryIndent == nil)
        #expect(insert(src, r.headerInsertion, ", 'X-Accel-Buffering': 'no'")
            .contains("{ 'Content-Type': 'text/event-stream', 'X-Accel-Buffering': 'no' }"))
    }

    @Test func setHeaderCallsGroupPerFunctionAndReceiver() throws {
        let src = """
        const router = express.Router();
        function stream(req, res) {
          res.setHeader('Content-Type', 'text/event-stream');
          res.status(200).set({ 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
          res.flushHeaders();
        }
        function json(req, res) {
          res.setHeader('X-Request-Id', id);
          res.json({ ok: true });
        }
        router.get('/stream', auth, ctl.stream.bind(ctl));
        router.post('/json', json);
        app.use('/api', router);
        app.use((req, res, next) => { res.setHeader('X-Frame-Options', 'DENY'); next(); });
        """
        let app = scan(src)
        #expect(app.routes.map(\.path) == ["/api/stream", "/api/json"])
        #expect(app.routes.map(\.handler) == ["stream", "json"])
        #expect(app.responses.count == 1)
        let r = try #require(app.responses.first)
        #expect(r.kind == "res.setHeader" && r.function == "stream" && r.route == 0 && r.streams)
        #expect(r.headers.map(\.name) == ["Content-Type", "Cache-Control", "Connection"])
        #expect(r.mediaType == "text/event-stream")
        let ins = try #require(r.headerInsertion)
        guard case .statements(let recv) = ins.style else { Issue.record("style"); return }
        #expect(recv == "res" && !ins.needsSeparator && ins.entryIndent == "  ")
        #expect(insert(src, ins, "  res.setHeader('X-Accel-Buffering', 'no');\n")
            .contains("(req, res) {\n  res.setHeader('X-Accel-Buffering', 'no');\n  res.setHeader('Content-Type'"))
        #expect(app.middlewareHeaders.map(\.name) == ["X-Frame-Options"])
    }

    @Test func setHeaderBeforeWriteHeadIsOneResponse() {
        let src = """
        app.get('/sse', function handler(req, res) {
          res.setHeader('X-Accel-Buffering', 'no');
          res.writeHead(200, { 'Content-Type': 'text/event-stream' });
          res.write('data: 1\\n\\n');
        });
        """
        let app = scan(src)
        #expect(app.responses.count == 1)
        #expect(app.responses.first?.headers.map(\.name) == ["Content-Type", "X-Accel-Buffering"])
        #expect(app.routes.first?.handler == "handler" && app.responses.first?.function == "handler")
    }

    @Test func bareWriteHeadTakesSetHeaderCalls() throws {
        let src = """
        function h(req, res) {
          if (!ok) { res.writeHead(404); return res.end(); }
          res.setHeader('Content-Type', 'text/event-stream');
          res.writeHead(200);
          res.write('data: x\\n\\n');
        }
        """
        let app = scan(src)
        try #require(app.responses.count == 1)
        let r = app.responses[0]
        #expect(r.kind == "res.writeHead" && r.mediaType == "text/event-stream" && r.streams)
        #expect(app.source.position(of: r.range.lowerBound).line == 4)
        if case .statements = r.headerInsertion?.style {} else { Issue.record("style") }
    }

    @Test func nextAppRouterFile() throws {
        let src = """
        export const runtime = 'edge';
        export async function POST(req: Request): Promise<Response> {
          const stream = new ReadableStream({
            async start(controller) { controller.enqueue(enc.encode('data: x\\n\\n')); controller.close(); },
          });
          return new Response(stream, { headers: { 'Content-Type': 'text/event-stream' } });
        }
        export async function GET() {
          return new Response(JSON.stringify({ ok: true }), { status: 200 });
        }
        """
        let app = scan(src, path: "web/src/app/(chat)/api/chat/[id]/[...rest]/route.ts")
        #expect(app.problems.isEmpty)
        #expect(app.routes.map(\.path) == ["/api/chat/{id}/{rest...}", "/api/chat/{id}/{rest...}"])
        #expect(app.routes.map(\.methods) == [["POST"], ["GET"]])
        #expect(app.responses.count == 1)
        let r = try #require(app.responses.first)
        #expect(r.kind == "new Response" && r.function == "POST" && r.route == 0 && r.streams)
        #expect(r.mediaType == "text/event-stream")
        if case .jsObjectEntries = r.headerInsertion?.style {} else { Issue.record("insertion style") }
    }

    @Test func pagesAPIRoute() {
        let src = "export default function handler(req, res) {\n  res.setHeader('Content-Type', 'text/event-stream');\n  res.write('data: 1\\n\\n');\n}\n"
        let app = scan(src, path: "pages/api/chat/index.ts")
        #expect(app.routes.map(\.path) == ["/api/chat"])
        #expect(app.responses.first?.route == 0)
        #expect(scan(src, path: "src/pages/api/[id].js").routes.map(\.path) == ["/api/{id}"])
        #expect(scan(src, path: "src/pages/about.js").routes.isEmpty)
    }

    @Test func newResponseWithAndWithoutHeaders() throws {
        let src = """
        export async function GET() {
          const s = makeEvents().toReadableStream();
          const a = new Response(s, {
            status: 200,
          });
          const b = new Response(stream);
          const c = new Response(body, { headers: new Headers({ 'Content-Type': 'text/event-stream' }) });
          const d = new Response(readable, { headers });
          const e = new Response(JSON.stringify(x), { headers: { 'Content-Type': 'application/json' } });
          const f = new Response('ok');
          const g = new Response(upstream.body, { headers: upstream.headers });
        }
        """
        let app = scan(src, path: "handler.ts")
        try #require(app.responses.count == 6)
        #expect(app.responses[5].streams && app.responses[5].headersOpaque)
        let a = app.responses[0], b = app.responses[1], c = app.responses[2], d = app.responses[3], e = app.responses[4]
        #expect(a.streams && a.headers.isEmpty && !a.headersOpaque)
        let ins = try #require(a.headerInsertion)
        if case .jsHeadersProperty = ins.style {} else { Issue.record("style") }
        #expect(ins.needsSeparator && ins.entryIndent == "    ")
        #expect(insert(src, ins, ",\n    headers: {}").contains("status: 200,\n    headers: {},\n  });"))
        #expect(b.streams && b.headerInsertion == nil)
        #expect(c.mediaType == "text/event-stream" && !c.streams && c.headerInsertion != nil)
        #expect(d.headersOpaque && d.headerInsertion == nil)
        #expect(e.mediaType == "application/json" && !e.streams)
    }

    @Test func templateLiteralsDoNotBreakBraces() {
        let src = """
        const msg = `a ${ "}" } b ${ `nested ${ { a: '`' }.a }` } c ${'{'}`;
        app.get('/after', (req, res) => {
          res.writeHead(200, { 'Content-Type': `text/${kind}` });
          res.write(`data: ${JSON.stringify({ x: "}" })}\\n\\n`);
        });
        """
        let app = scan(src)
        #expect(app.problems.isEmpty)
        #expect(app.routes.map(\.path) == ["/after"])
        #expect(app.responses.first?.route == 0)
        #expect(app.responses.first?.mediaTypeDynamic == true && app.responses.first?.headers.first?.value == nil)
    }

    @Test func regexLiteralsWithQuotesAndDivision() {
        let src = """
        const q = s.replace(/"/g, '\\\\"').replace(/'[/]`/, "x"); const r = a / b / (c) / 2;
        if (x) /'/.test(y);
        app.get('/r', handler);
        """
        let app = scan(src)
        #expect(app.problems.isEmpty)
        #expect(app.routes.map(\.path) == ["/r"])
    }

    @Test func minifiedTwoMegabyteLineCompletes() {
        let chunk = "var a=b/c,d=/x\"[/]'/g.test(e)?f(`t${g+'}'}`):{h:'i',j:[1,2]};function k(l){return l/2}"
        var line = String(repeating: chunk, count: 2_000_000 / chunk.utf8.count)
        line += String(repeating: "(/[", count: 30_000) + "\n"
        line += "app.get('/end',function h(q,s){s.writeHead(200,{'Content-Type':'text/event-stream'})});"
        let app = scan(line, path: "bundle.min.js")
        #expect(line.utf8.count > 2_000_000)
        #expect(app.routes.map(\.path) == ["/end"])
        #expect(app.responses.count == 1)
    }

    @Test func unterminatedTemplateReportsItsLine() {
        let src = "app.get('/ok', (req, res) => {\n  res.writeHead(200, { 'Content-Type': 'text/event-stream' });\n});\nconst bad = `never closed\nmore\n"
        let app = scan(src)
        #expect(app.problems.count == 1)
        #expect(app.problems.first?.line == 4 && app.problems.first?.column == 13)
        #expect(app.problems.first?.path == "server.js")
        #expect(app.routes.map(\.path) == ["/ok"] && app.responses.count == 1)
    }

    @Test func unterminatedStringsCommentsAndBadBytes() {
        #expect(scan("const a = 'open\nconst b = 1;\n").problems.map(\.line) == [1])
        #expect(scan("<p>Don't (yet</p>\n", path: "page.jsx").problems.isEmpty)
        #expect(scan("x();\n/* open").problems.map(\.line) == [2])
        #expect(scan("f(a, {b: 1);\n").problems.count == 1)
        var bytes = Array("app.get('/b\u{FF}', h); const \u{FF}x = '".utf8)
        bytes.append(contentsOf: [0xFF, 0xFE, 0x27, 0x0A, 0xC3])
        let app = AppScanner.javaScript(SourceFile(path: "b.js", bytes: bytes))
        #expect(app.routes.count == 1)
    }

    @Test func clientCallsAreNotRoutes() {
        let app = scan("axios.get('/api/x', { params });\ncache.get('/k', fallback);\nconst v = map.get('/only');\n")
        #expect(app.routes.isEmpty)
    }
}
