import Foundation
import SSELint
import SSELintCore
import SSELintTestSupport
import Testing

/// APP001/APP002 across files: which compression middleware covers which response, which Go server's deadline
/// covers which handler, and the directory samples' fixes (the samples test checks fixes of single files only).
struct AppStackRuleTests {
    func findings(_ rule: String, _ files: [String: String]) -> [String] {
        let dir = TestSupport.temporaryDirectory(rule.lowercased())
        for (name, text) in files { TestSupport.write("\(dir)/\(name)", text) }
        let report = Linter(select: [rule]).lint([dir]).report
        #expect(report.errors.isEmpty, "\(report.errors)")
        return report.findings.map { "\($0.range.file.path.dropFirst(dir.count + 1)):\($0.range.start.line):\($0.severity)" }.sorted()
    }

    static let sse = """
        const express = require("express");
        const router = express.Router();
        router.get("/events", (req, res) => {
          res.setHeader("Content-Type", "text/event-stream");
          res.write("data: 1\\n\\n");
        });
        module.exports = router;
        """

    @Test func expressCompressionCoversTheRoutesBelowItsFolder() {
        let app = { (mw: String) in "const express = require(\"express\");\nconst compression = require(\"compression\");\nconst app = express();\n\(mw)\napp.use(\"/api\", require(\"./routes/events\"));\n" }
        #expect(findings("APP001", ["src/app.js": app("app.use(compression());"), "src/routes/events.js": Self.sse]) == ["src/routes/events.js:4:error"])
        #expect(findings("APP001", ["src/app.js": app("app.use(compression({ threshold: 0 }));"), "src/routes/events.js": Self.sse]) == ["src/routes/events.js:4:error"],
                "options without a filter keep the default filter")
        #expect(findings("APP001", ["src/app.js": app("app.use(compression({ filter: shouldCompress }));"), "src/routes/events.js": Self.sse]).isEmpty,
                "a custom filter is not judged")
        #expect(findings("APP001", ["web/app.js": app("app.use(compression());"), "api/routes/events.js": Self.sse]).isEmpty,
                "another project's middleware does not cover this one")
        let identity = Self.sse.replacingOccurrences(of: "res.write(", with: "res.setHeader(\"Content-Encoding\", \"identity\");\n  res.write(")
        #expect(findings("APP001", ["app.js": app("app.use(compression());"), "events.js": identity]) == ["events.js:4:error"],
                "the compression package treats Content-Encoding: identity as not encoded yet")
        let none = Self.sse.replacingOccurrences(of: "res.write(", with: "res.setHeader(\"Content-Encoding\", \"none\");\n  res.write(")
        #expect(findings("APP001", ["app.js": app("app.use(compression());"), "events.js": none]).isEmpty)
    }

    @Test func nextCompressHoldsPagesAPIRoutesOfSelfHostedApps() {
        let api = "export default function handler(req, res) {\n  res.writeHead(200, { \"Content-Type\": \"text/event-stream\" });\n  res.write(\"data: 1\\n\\n\");\n}\n"
        let config = { (body: String) in "module.exports = {\n\(body)\n};\n" }
        #expect(findings("APP001", ["next.config.js": config("  output: \"standalone\","), "pages/api/chat.js": api]) == ["pages/api/chat.js:2:error"])
        #expect(findings("APP001", ["next.config.js": config("  output: \"standalone\",\n  compress: false,"), "pages/api/chat.js": api]).isEmpty)
        #expect(findings("APP001", ["next.config.js": config("  compress: process.env.COMPRESS === \"1\","), "pages/api/chat.js": api]).isEmpty)
        #expect(findings("APP001", ["next.config.js": config(""), "pages/api/chat.js": api]).isEmpty, "no sign of self-hosting: Vercel compresses")
        #expect(findings("APP001", ["next.config.js": config(""), "pages/api/chat.js": api, "Dockerfile": "FROM node:20\nCMD [\"npx\", \"next\", \"start\"]\n"])
                == ["pages/api/chat.js:2:error"])
    }

    @Test func djangoMiddlewareHoldsSynchronousStreamsOnly() {
        let settings = "MIDDLEWARE = []\nMIDDLEWARE.insert(0, \"compression_middleware.middleware.CompressionMiddleware\")\n"
        let view = { (asyncDef: Bool) in
            "from django.http import StreamingHttpResponse\n\n\n\(asyncDef ? "async " : "")def chat(request):\n    \(asyncDef ? "async " : "")def events():\n        yield \"data: 1\\n\\n\"\n\n    return StreamingHttpResponse(events(), content_type=\"text/event-stream\")\n"
        }
        #expect(findings("APP001", ["proj/settings.py": settings, "chat/views.py": view(false)]) == ["chat/views.py:8:error"])
        #expect(findings("APP001", ["proj/settings.py": settings, "chat/views.py": view(true)]).isEmpty)
        #expect(findings("APP001", ["chat/views.py": view(false)]).isEmpty, "no middleware")
    }

    static let handler = """
        package api

        import "net/http"

        func Events(w http.ResponseWriter, r *http.Request) {
        \tw.Header().Set("Content-Type", "text/event-stream")
        \tw.(http.Flusher).Flush()
        }
        """

    @Test func goWriteTimeoutValuesAndServers() {
        let server = { (timeout: String) in "package main\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\nfunc main() {\n\tsrv := &http.Server{Addr: \":8080\", \(timeout)}\n\tsrv.ListenAndServe()\n}\n" }
        #expect(findings("APP002", ["cmd/main.go": server("WriteTimeout: 2 * time.Minute"), "api/events.go": Self.handler]) == ["api/events.go:6:error"])
        #expect(findings("APP002", ["cmd/main.go": server("WriteTimeout: time.Duration(45) * time.Second"), "api/events.go": Self.handler]) == ["api/events.go:6:error"])
        #expect(findings("APP002", ["cmd/main.go": server("WriteTimeout: cfg.WriteTimeout"), "api/events.go": Self.handler]) == ["api/events.go:6:warning"])
        #expect(findings("APP002", ["cmd/main.go": server("WriteTimeout: 0"), "api/events.go": Self.handler]).isEmpty)
        #expect(findings("APP002", ["cmd/main.go": server("WriteTimeout: 10 * time.Minute"), "api/events.go": Self.handler]).isEmpty, "a cap sized on purpose")
        // Two servers: the metrics server's deadline does not cover the API's handler.
        let metrics = "package metrics\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\nvar s = &http.Server{Addr: \":9090\", WriteTimeout: 5 * time.Second}\n"
        #expect(findings("APP002", ["cmd/main.go": server("ReadHeaderTimeout: time.Second"), "metrics/metrics.go": metrics, "api/events.go": Self.handler]).isEmpty)
        let fiber = "package main\n\nimport (\n\t\"time\"\n\t\"github.com/gofiber/fiber/v2\"\n)\n\nvar app = fiber.New(fiber.Config{WriteTimeout: 30 * time.Second})\n"
        #expect(findings("APP002", ["main.go": fiber, "api/events.go": Self.handler]) == ["api/events.go:6:error"])
    }

    @Test func directorySamplesFixAsTheirFixedCopiesSay() throws {
        let root = TestSupport.packageRoot + "/samples/app/APP001"
        for name in ["express", "next", "django"] {
            let work = TestSupport.temporaryDirectory("app001-fix-\(name)")
            try? FileManager.default.removeItem(atPath: work)
            try FileManager.default.copyItem(atPath: "\(root)/bad-\(name)", toPath: work)
            let changes = Linter(select: ["APP001"]).lintAndFix([work], unsafe: true).changes
            let fixed = "\(root)/fixed-unsafe-\(name)"
            for rel in (FileManager.default.enumerator(atPath: fixed)?.allObjects as? [String] ?? []) where !SamplesTests.isDirectory("\(fixed)/\(rel)") {
                let path = "\(work)/\(rel)"
                let after = (changes[Path.normalize(path)].map { String(decoding: $0.after, as: UTF8.self) } ?? TestSupport.read(path)).split(separator: "\n", omittingEmptySubsequences: false)
                    .filter { !$0.contains("expect: APP001") }.joined(separator: "\n")
                #expect(after == TestSupport.read("\(fixed)/\(rel)"), "bad-\(name)/\(rel) with fixes differs from fixed-unsafe-\(name)/\(rel)")
            }
        }
    }
}
