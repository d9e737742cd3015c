import Foundation
import SSELint
import SSELintCore
import SSELintTestSupport
import Testing

/// PRX005, PRX007 and PRX008 on Traefik deployments: which routers carry the scanned app's streams, the version
/// that decides whether compression holds events, middlewares assembled across providers, and fixes to labels.
struct TraefikRuleTests {
    static let app = TestSupport.sseApp("/v1/answer", method: "post")

    /// A compose deployment: Traefik at `image`, the FastAPI app built from ./api behind router `api` (Host rule
    /// only), a web frontend built from ./web; `labels` are the api service's extra labels.
    func deployment(image: String = "traefik:v3.1.4", api: [String], web: [String] = []) -> String {
        let dir = TestSupport.temporaryDirectory("traefik")
        let list = { (labels: [String]) in labels.map { "      - \"\($0)\"\n" }.joined() }
        TestSupport.write("\(dir)/compose.yml", """
            services:
              traefik:
                image: \(image)
              api:
                build: ./api
                labels:
                  - "traefik.http.routers.api.rule=Host(`api.example.com`)"
            \(list(api))  web:
                build: ./web
                labels:
                  - "traefik.http.routers.web.rule=Host(`example.com`)"
            \(list(web))
            """)
        TestSupport.write("\(dir)/api/main.py", Self.app)
        TestSupport.write("\(dir)/web/server.js", "require('http').createServer((q, s) => s.end('ok')).listen(3000)\n")
        return dir
    }

    func findings(_ dir: String, _ rules: [String] = ["PRX005", "PRX007", "PRX008"]) -> [Finding] {
        let report = Linter(select: rules).lint([dir]).report
        #expect(report.errors.isEmpty, "\(report.errors)")
        return report.findings
    }

    static let gzip = ["traefik.http.routers.api.middlewares=gz", "traefik.http.middlewares.gz.compress=true"]

    @Test func compressOnTheRouterOfTheFastAPIStreamIsReportedAndCitesTheRoute() throws {
        let f = findings(deployment(api: Self.gzip))
        #expect(f.count == 1)
        let finding = try #require(f.first)
        #expect(finding.rule.rawValue == "PRX008" && finding.severity == .error && finding.range.start.line == 9, "\(finding)")
        #expect(finding.message.contains("Traefik v3.1.4") && finding.message.contains("router api sends to service api, which builds the streaming app"), "\(finding.message)")
        #expect(finding.related.contains { $0.range.file.path.hasSuffix("api/main.py") && $0.message.contains("/v1/answer") }, "\(finding.related)")
    }

    @Test func theFrontendsRouterIsNotJudgedByItsAPIsStreams() {
        #expect(findings(deployment(api: [], web: ["traefik.http.routers.web.middlewares=gz", "traefik.http.middlewares.gz.compress=true"])).isEmpty)
    }

    @Test func theVersionDecides() {
        func severity(_ image: String, _ extra: [String] = []) -> String {
            findings(deployment(image: image, api: Self.gzip + extra)).map { "\($0.severity)" }.joined(separator: ",")
        }
        #expect(severity("traefik:v2.4.8") == "error")
        #expect(severity("traefik:v2.11.2") == "")
        #expect(severity("traefik:v3.0") == "error")
        #expect(severity("traefik:v3.3.4") == "error")
        #expect(severity("traefik:v3.3.5") == "")
        #expect(severity("traefik:v3.5") == "")
        #expect(severity("traefik:latest") == "warning")
        // gzip only streams in v3; a content-type list that leaves the stream out is no finding.
        #expect(severity("traefik:v3.2", ["traefik.http.middlewares.gz.compress.encodings=gzip"]) == "")
        #expect(severity("traefik:v3.2", ["traefik.http.middlewares.gz.compress.includedcontenttypes=text/html,application/json"]) == "")
        #expect(severity("traefik:v3.2", ["traefik.http.middlewares.gz.compress.excludedcontenttypes=text/event-stream"]) == "")
    }

    @Test func entryPointMiddlewaresFromAnotherFileAreReportedWhereDefined() {
        let dir = deployment(image: "traefik:v3.2.0", api: [])
        TestSupport.write("\(dir)/traefik/traefik.yml", "entryPoints:\n  web:\n    address: \":80\"\n    http:\n      middlewares:\n        - defaults@file\n")
        TestSupport.write("\(dir)/traefik/dynamic.toml", "[http.middlewares.defaults.chain]\n  middlewares = [\"gz\"]\n[http.middlewares.gz.compress]\n")
        let f = findings(dir)
        #expect(f.map { "\(Path.basename($0.range.file.path)):\($0.range.start.line)" } == ["dynamic.toml:3"], "\(f.map(\.message))")
    }

    @Test func bufferingAndWriteDeadlinesOnTheStreamsRouter() {
        let dir = deployment(api: ["traefik.http.routers.api.middlewares=limit", "traefik.http.middlewares.limit.buffering.maxRequestBodyBytes=1000"])
        TestSupport.write("\(dir)/traefik.toml", "[entryPoints.web.transport.respondingTimeouts]\n  writeTimeout = 300\n  readTimeout = \"5s\"\n")
        let f = findings(dir).map { "\($0.rule.rawValue):\(Path.basename($0.range.file.path)):\($0.range.start.line):\($0.severity)" }.sorted()
        #expect(f == ["PRX005:compose.yml:9:error", "PRX007:traefik.toml:2:warning"], "\(f)")
    }

    @Test func theLabelFixIsAppliedAndTheResultIsClean() throws {
        // List-style labels and mapping-style ones get the label their style writes, under the middleware's own.
        let dir = deployment(api: Self.gzip)
        TestSupport.write("\(dir)/map/compose.yml", "services:\n  traefik:\n    image: traefik:v3.0\n  api:\n    build: ./api\n    labels:\n"
            + "      traefik.http.routers.api.middlewares: gz\n      traefik.http.middlewares.gz.compress: \"true\"\n    restart: always\n")
        TestSupport.write("\(dir)/map/api/main.py", Self.app)
        for (tree, path, line) in [(dir, "\(dir)/compose.yml", "      - \"traefik.http.middlewares.gz.compress.excludedcontenttypes=text/event-stream\"\n"),
                                   ("\(dir)/map", "\(dir)/map/compose.yml", "      traefik.http.middlewares.gz.compress.excludedcontenttypes: text/event-stream\n    restart")] {
            let fixed = Linter(select: ["PRX008"]).lintAndFix([tree], unsafe: false)
            let after = String(decoding: try #require(fixed.changes[path]?.after, "\(fixed.changes.keys)"), as: UTF8.self)
            #expect(after.contains(line), "\(after)")
            TestSupport.write(path, after)
            #expect(findings(tree, ["PRX008"]).isEmpty)
        }
    }

    @Test func hdr005SeesTraefikConfiguredByLabelsAndCitesThem() throws {
        let dir = deployment(api: [])
        TestSupport.write("\(dir)/api/main.py", Self.app.replacingOccurrences(of: "media_type=\"text/event-stream\")",
                                                                             with: "media_type=\"text/event-stream\", headers={\"X-Accel-Buffering\": \"no\"})"))
        let f = Linter(select: ["HDR005"]).lint([dir]).report.findings
        #expect(f.count == 1 && f[0].message.contains("the proxy in this tree is Traefik"), "\(f.map(\.message))")
        let related = try #require(f.first?.related.first)
        #expect(related.range.file.path.hasSuffix("compose.yml") && related.range.start.line == 7, "\(related)")
        // An NGINX Ingress in front reads the header: nothing to say.
        TestSupport.write("\(dir)/k8s/ingress.yaml", TestSupport.read(TestSupport.packageRoot + "/samples/proxy/PRX009/good.yaml"))
        #expect(Linter(select: ["HDR005"]).lint([dir]).report.findings.isEmpty)
    }

    @Test func nginxFindingsCiteTheProxiesInFrontOfIt() {
        let dir = TestSupport.temporaryDirectory("chain")
        TestSupport.write("\(dir)/nginx/nginx.conf", "events {}\nhttp {\n  server {\n    listen 80;\n    location /api/chat {\n      proxy_pass http://app:8000;\n      proxy_http_version 1.0;\n    }\n  }\n}\n")
        TestSupport.write("\(dir)/Caddyfile", "example.com {\n\treverse_proxy nginx:80\n}\n")
        let f = Linter(select: ["NGX"]).lint([dir]).report.findings
        #expect(!f.isEmpty && f.allSatisfy { $0.related.contains { $0.message == "another proxy layer of this deployment: Caddy" } }, "\(f.map(\.related))")
    }
}
