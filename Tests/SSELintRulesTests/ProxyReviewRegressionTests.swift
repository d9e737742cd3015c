import Foundation
import SSELint
import SSELintCore
import SSELintTestSupport
import Testing

/// What the second read of the proxy readers (session 8) found, each kept as a case: a crash on a huge heartbeat,
/// findings on routes that carry no stream, a chain that was never expanded, a fix that wrote a broken label, a
/// JSON file taken for Caddy's, and a TOML table header read past the end.
struct ProxyReviewRegressionTests {
    func lint(_ rules: [String], _ files: [String: String], fix: Bool = false) -> (findings: [String], errors: [String], changes: [String: String]) {
        let dir = TestSupport.temporaryDirectory("review")
        for (name, text) in files { TestSupport.write("\(dir)/\(name)", text) }
        let linter = Linter(select: rules)
        let report = linter.lint([dir]).report
        var changes: [String: String] = [:]
        if fix {
            for (path, c) in linter.lintAndFix([dir], unsafe: true).changes { changes[String(path.dropFirst(dir.count + 1))] = String(decoding: c.after, as: UTF8.self) }
        }
        return (report.findings.map { "\($0.rule):\($0.range.file.path.dropFirst(dir.count + 1)):\($0.range.start.line)" }.sorted(),
                report.errors.map { "\(Path.basename($0.path)):\($0.line): \($0.message)" }, changes)
    }

    static let app = TestSupport.sseApp("/chat")
    static let pingApp = #"""
        from fastapi import FastAPI
        from sse_starlette.sse import EventSourceResponse
        app = FastAPI()

        async def gen():
            yield {"data": "hi"}

        @app.get("/chat")
        async def chat():
            return EventSourceResponse(gen(), ping=1e300)
        """#

    @Test func aHugeHeartbeatProposesADayNotACrash() {
        let r = lint(["PRX004"], ["app/main.py": Self.pingApp, "apache.conf": #"""
        <VirtualHost *:80>
            ProxyPass /chat http://127.0.0.1:8000/chat
        </VirtualHost>
        """#], fix: true)
        #expect(r.findings == ["PRX004:apache.conf:2"])
        #expect(r.changes["apache.conf"]?.contains("timeout=86400") == true, "\(r.changes)")
    }

    @Test func anUnreadableEnvoyTimeoutIsUnknownNotTheDefault() {
        #expect(lint(["PRX001"], ["app/main.py": Self.app, "envoy.yaml": #"""
        static_resources:
          listeners:
          - name: l
            filter_chains:
            - filters:
              - name: envoy.filters.network.http_connection_manager
                typed_config:
                  route_config:
                    virtual_hosts:
                    - name: app
                      domains: ["*"]
                      routes:
                      - match: { prefix: "/api/stream" }
                        route:
                          cluster: app
                          timeout: ${ROUTE_TIMEOUT}
        """#]).findings.isEmpty)
    }

    @Test func routesThatCarryNoStreamAreNotJudged() {
        // An Istio /auth route with a 10 s timeout beside the /chat stream.
        #expect(lint(["PRX001"], ["app/main.py": Self.app, "k8s/vs.yaml": #"""
        apiVersion: networking.istio.io/v1beta1
        kind: VirtualService
        metadata:
          name: web
        spec:
          hosts: ["*"]
          http:
          - name: auth
            match:
            - uri:
                prefix: /auth
            route:
            - destination:
                host: auth-service
            timeout: 10s
          - name: chat
            match:
            - uri:
                prefix: /chat
            route:
            - destination:
                host: chat-api
        """#]).findings.isEmpty)
        // A PHP-FPM regex pass beside the stream's pass; a balancer's members carry their own timeout.
        #expect(lint(["PRX002", "PRX004"], ["app/main.py": Self.app, "apache.conf": #"""
        <VirtualHost *:80>
            ServerName example.com
            ProxyPassMatch "\.php$" "fcgi://127.0.0.1:9000/var/www/html"
            ProxyPass /chat http://127.0.0.1:8000/chat timeout=600
        </VirtualHost>
        """#]).findings.isEmpty)
        #expect(lint(["PRX004"], ["app/main.py": Self.app, "apache.conf": #"""
        <VirtualHost *:80>
            ServerName example.com
            <Proxy "balancer://chat">
                BalancerMember "http://10.0.0.1:8000" timeout=900
                BalancerMember "http://10.0.0.2:8000" timeout=900
            </Proxy>
            ProxyPass /chat balancer://chat/chat
        </VirtualHost>
        """#]).findings.isEmpty)
        // A Traefik router whose rule excludes the stream path (`!PathPrefix`).
        #expect(lint(["PRX008"], ["docker-compose.yml": #"""
        services:
          traefik:
            image: traefik:v3.1
          web:
            image: myorg/web
            labels:
              - "traefik.http.middlewares.gz.compress=true"
              - "traefik.http.routers.web.rule=Host(`x.com`) && !PathPrefix(`/api/stream`)"
              - "traefik.http.routers.web.middlewares=gz"
          api:
            image: myorg/api
            labels:
              - "traefik.http.routers.api.rule=Host(`x.com`) && PathPrefix(`/api/stream`)"
        """#]).findings.isEmpty)
    }

    @Test func aKubernetesChainIsExpanded() {
        #expect(lint(["PRX008"], ["traefik-mw.yaml": #"""
        apiVersion: traefik.io/v1alpha1
        kind: Middleware
        metadata:
          name: gz
        spec:
          compress: {}
        ---
        apiVersion: traefik.io/v1alpha1
        kind: Middleware
        metadata:
          name: common
        spec:
          chain:
            middlewares:
            - name: gz
        ---
        apiVersion: traefik.io/v1alpha1
        kind: IngressRoute
        metadata:
          name: api
        spec:
          routes:
          - match: PathPrefix(`/api/stream`)
            kind: Rule
            middlewares:
            - name: common
            services:
            - name: api
              port: 80
        """#]).findings == ["PRX008:traefik-mw.yaml:6"])
    }

    @Test func aQuotedLabelKeyIsFixedWithItsQuotes() {
        let r = lint(["PRX008"], ["docker-compose.yml": #"""
        services:
          traefik:
            image: traefik:v3.1
          api:
            image: myorg/api
            labels:
              "traefik.http.middlewares.gz.compress": "true"
              "traefik.http.routers.api.rule": "PathPrefix(`/api/stream`)"
              "traefik.http.routers.api.middlewares": "gz"
        """#], fix: true)
        #expect(r.changes["docker-compose.yml"]?.contains(#""traefik.http.middlewares.gz.compress.excludedcontenttypes": text/event-stream"#) == true, "\(r.changes)")
    }

    @Test func onlyCaddysOwnJSONIsCaddys() {
        let openapi = #"{"openapi": "3.0.0", "info": {"title": "apps", "version": "1"}, "paths": {"/http": {}}, "servers": [{"url": "https://x"}]}"#
        let r = lint(["PRX003", "PRX007"], ["openapi.json": openapi])
        #expect(r.findings.isEmpty && r.errors.isEmpty, "\(r)")
    }

    @Test func anArrayOfTablesClosesWithTwoBrackets() {
        let r = lint(["PRX008"], ["dynamic.toml": "[http.middlewares.gz.compress]\n\n[[http.services.a.loadBalancer.servers]\nurl = \"http://a\"\n"])
        #expect(r.errors == ["dynamic.toml:3: an array of tables closes with ]]"], "\(r.errors)")
    }
}
