import Foundation
import SSELint
import SSELintCore
import SSELintProxy
import SSELintTestSupport
import Testing

/// PRX004 and PRX007 on the HAProxy and Caddy layouts of public configs, beyond the samples: routing that sends
/// streams elsewhere, stats pages, inheritance chains, values HAProxy reads differently from how they look.
struct ProxyRuleTests {
    /// PRX004 findings (line numbers) for an haproxy.cfg, with a streaming app beside it when `app` is set.
    func prx004(_ cfg: String, app: Bool = false) -> [Int] {
        let dir = TestSupport.temporaryDirectory("prx004")
        TestSupport.write("\(dir)/haproxy.cfg", cfg)
        if app {
            TestSupport.write("\(dir)/main.py", TestSupport.sseApp("/api/chat"))
        }
        let report = Linter(select: ["PRX004"]).lint([dir]).report
        #expect(report.errors.isEmpty, "\(report.errors)")
        return report.findings.map(\.range.start.line)
    }

    static let head = "defaults\n  mode http\n  timeout server 30s\n"

    @Test func routingDecidesWhichBackendCarriesTheStream() {
        // The stream goes through use_backend; the default backend serves the site: only the API is judged.
        let split = Self.head + "frontend f\n  bind :80\n  acl api path_beg /api/chat\n  use_backend api if api\n  default_backend web\n"
            + "backend api\n  timeout server 45s\n  server a 10.0.0.1:8000\nbackend web\n  server w 10.0.0.2:80\n"
        #expect(prx004(split, app: true) == [10])
        // `unless` and a separate `!` negate: the static backend does not get the stream's path.
        let unless = Self.head + "frontend f\n  bind :80\n  acl s path_beg /sse\n  use_backend static unless s\n  use_backend web if ! s\n"
            + "backend static\n  server s 10.0.0.3:80\nbackend web\n  server w 10.0.0.2:80\n"
        #expect(prx004(unless).isEmpty)
        // A second frontend's route with evidence is not lost because the first saw none.
        let two = Self.head + "frontend a\n  bind :80\n  acl j path_beg /json\n  use_backend app if j\n  default_backend app\n"
            + "frontend b\n  bind :81\n  acl s path_beg /v1/chat/completions\n  use_backend app if s\n  default_backend app\n"
            + "backend app\n  server a 10.0.0.1:8000\n"
        #expect(prx004(two) == [3])
    }

    @Test func sectionsWithoutAStreamAreLeftAlone() {
        // A stats page, a tcp-mode proxy, `timeout server 0` (no timeout) and a value from the environment.
        let stats = "defaults\n  mode http\n  timeout server 30s\nlisten stats\n  bind :8404\n  stats enable\n  stats uri /\n"
        #expect(prx004(stats, app: true).isEmpty)
        let tcp = "defaults\n  mode tcp\n  timeout server 30s\nlisten llm\n  bind :11434\n  server o ollama:11434\n"
        #expect(prx004(tcp).isEmpty)
        let zero = "defaults\n  mode http\n  timeout server 0\nlisten llm\n  bind :11434\n  server o ollama:11434\n"
        #expect(prx004(zero).isEmpty)
        let env = "defaults\n  mode http\n  timeout server \"${SERVER_TIMEOUT}\"\nlisten llm\n  bind :11434\n  server o ollama:11434\n"
        #expect(prx004(env).isEmpty)
    }

    /// A finding names the layer that breaks the stream and cites the deployment's other proxy layers.
    @Test func findingsCiteTheOtherLayersOfTheDeployment() {
        let dir = TestSupport.temporaryDirectory("chain")
        TestSupport.write("\(dir)/haproxy.cfg", "defaults\n  mode http\n  timeout server 30s\nlisten llm\n  bind :11434\n  server o ollama:11434\n")
        TestSupport.write("\(dir)/nginx/nginx.conf", "events {}\nhttp { server { listen 80; location / { proxy_pass http://haproxy:11434; } } }\n")
        let f = Linter(select: ["PRX004"]).lint([dir]).report.findings
        #expect(f.count == 1 && f[0].related.contains { $0.message == "another proxy layer of this deployment: nginx" && $0.range.file.path.hasSuffix("nginx/nginx.conf") },
                "\(f.map(\.related))")
    }

    @Test func namedDefaultsChainsAreFollowed() {
        let chain = "defaults base\n  mode http\n  timeout server 30s\ndefaults api from base\n  timeout client 1m\n"
            + "frontend f from api\n  bind :80\n  default_backend llm\nbackend llm from api\n  server o ollama:11434\n"
        #expect(prx004(chain) == [3])
    }

    @Test func caddyDurationsReadAsCaddyReadsThem() {
        // A number needs its unit in a Caddyfile (Caddy rejects `write 30`); only 0 stands alone.
        #expect(Caddyfile.seconds("1m30s") == 90 && Caddyfile.seconds("500ms") == 0.5 && Caddyfile.seconds("60") == nil && Caddyfile.seconds("0") == 0)
        #expect(Caddyfile.seconds("2d") == 172_800 && Caddyfile.seconds("10x") == nil && Caddyfile.seconds("") == nil)
        #expect(HAProxyConfig.seconds("30") == 0.03 && HAProxyConfig.seconds("1m") == 60 && HAProxyConfig.seconds("2h") == 7200)
    }

    @Test func caddyfilesParseWithPositionsOrFailAtTheirPlace() {
        let ok = Caddyfile.parse(SourceFile(path: "Caddyfile", text: """
        {
        \tservers {
        \t\ttimeouts {
        \t\t\twrite 1m # a comment
        \t\t}
        \t}
        }
        (common) {
        \tencode gzip
        }
        example.com, www.example.com {
        \timport common
        \treverse_proxy "app:8000" {
        \t\theader_up X-Real-IP {remote_host}
        \t}
        }
        """))
        guard case .success(let cf) = ok else { Issue.record("\(ok)"); return }
        #expect(cf.global.first?.child("timeouts")?.child("write")?.args == ["1m"])
        #expect(cf.sites.count == 1 && cf.sites[0].addresses.map(\.text) == ["example.com", "www.example.com"])
        #expect(cf.expanded(cf.sites[0].directives).map(\.name) == ["encode", "reverse_proxy"])
        #expect(cf.comments.count == 1)
        // A lone site without braces.
        if case .success(let lone) = Caddyfile.parse(SourceFile(path: "Caddyfile", text: "localhost:8080\nreverse_proxy app:8000\n")) {
            #expect(lone.sites.first?.directives.map(\.name) == ["reverse_proxy"])
        } else { Issue.record("a lone site did not parse") }
        for (text, at) in [("example.com {\n  reverse_proxy app\n", "3:1"), ("example.com {\n}\n}\n", "3:1"), ("x {\n  respond \"open\n}\n", "2:11")] {
            guard case .failure(let e) = Caddyfile.parse(SourceFile(path: "Caddyfile", text: text)) else { Issue.record("\(text) parsed"); continue }
            #expect("\(e.line):\(e.column)" == at, "\(text): \(e)")
        }
    }

    /// What Caddy 2.11 adapts without error parses here too: a heredoc with braces and quotes in it, a site's `{` on
    /// the next line, snippets before a braceless site, a BOM, `\\` inside quotes, an address list over two lines.
    @Test func caddyfilesCaddyAcceptsAreNotInputErrors() {
        let accepted = [
            "x.com {\n\trespond <<HTML\n\t  <p>{ \"x</p>\n\t  }\n\t  HTML 200\n}\n",
            "chat.example.com\n{\n\treverse_proxy app:8000\n}\n",
            "(common) {\n\tencode gzip\n}\n:8080\nimport common\nreverse_proxy app:8000 {\n\tflush_interval -1\n}\n",
            "\u{FEFF}x.com {\n\trespond /x \"C:\\\\\" 200\n}\n",
            "a.com,\nb.com {\n\treverse_proxy app:8000\n}\n",
        ]
        for text in accepted {
            let r = Caddyfile.parse(SourceFile(path: "Caddyfile", text: text))
            guard case .success(let cf) = r else { Issue.record("\(text): \(r)"); continue }
            #expect(cf.sites.count == 1, "\(text)")
        }
        // Nesting has a bound (an input error, never a crash).
        let deep = String(repeating: "x {\n", count: 5000) + String(repeating: "}\n", count: 5000)
        guard case .failure(let e) = Caddyfile.parse(SourceFile(path: "Caddyfile", text: deep)) else { Issue.record("deep parsed"); return }
        #expect(e.message.contains("nested deeper"))
    }

    /// PRX007 judges the `servers` block that governs the streaming site's listener (Caddy's own choice).
    @Test func theServersBlockOfTheSitesListenerIsJudged() {
        func prx007(_ global: String, _ site: String) -> Int {
            let dir = TestSupport.temporaryDirectory("prx007")
            TestSupport.write("\(dir)/Caddyfile", "{\n\(global)\n}\n\(site) {\n\treverse_proxy /v1/chat/completions gw:8080\n}\n")
            let report = Linter(select: ["PRX007"]).lint([dir]).report
            #expect(report.errors.isEmpty, "\(report.errors)")
            return report.findings.count
        }
        let w30 = "\t\ttimeouts {\n\t\t\twrite 30s\n\t\t}"
        #expect(prx007("\tservers :80 {\n\(w30)\n\t}", "chat.example.com") == 0)          // the site is on :443
        #expect(prx007("\tservers :443 {\n\(w30)\n\t}", "chat.example.com") == 1)
        #expect(prx007("\tservers :443 {\n\t\ttimeouts {\n\t\t\twrite 0\n\t\t}\n\t}\n\tservers {\n\(w30)\n\t}", "chat.example.com") == 0)
        #expect(prx007("\tservers :443 {\n\(w30)\n\t}", "http://chat.example.com") == 0)   // :80
        #expect(prx007("\thttps_port 8443\n\tservers :443 {\n\(w30)\n\t}", "chat.example.com") == 0)
        #expect(prx007("\tservers {\n\(w30)\n\t}", ":8080") == 1)
        // A named matcher and an upstream given with `to` say the same as inline ones.
        let dir = TestSupport.temporaryDirectory("prx007-matchers")
        TestSupport.write("\(dir)/Caddyfile", "{\n\tservers {\n\(w30)\n\t}\n}\n:8080 {\n\t@chat path /v1/chat/completions\n\treverse_proxy @chat gw:8080\n}\n"
            + ":9090 {\n\treverse_proxy {\n\t\tto ollama:11434\n\t}\n}\n")
        let r = Linter(select: ["PRX007"]).lint([dir]).report
        #expect(r.findings.count == 1 && r.findings[0].message.contains("/v1/chat/completions"), "\(r.findings.map(\.message))")
    }

    /// PRX006 on Ingress shapes that a line edit could break, values the controllers read differently from how they
    /// look, and templates whose keys are decided at render time.
    @Test func ingressFixesNeverBreakYAMLAndValuesReadAsTheControllersReadThem() {
        func prx006(_ annotations: String, name: String = "llm", klass: String = "") -> (count: Int, fixable: Bool, text: String) {
            let dir = TestSupport.temporaryDirectory("prx006")
            let yaml = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: \(name)\n\(annotations)spec:\n\(klass)  rules:\n"
                + "    - http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: vllm\n"
                + "                port:\n                  number: 8000\n"
            TestSupport.write("\(dir)/ingress.yaml", yaml)
            let report = Linter(select: ["PRX006"]).lint([dir]).report
            #expect(report.errors.isEmpty, "\(report.errors)")
            return (report.findings.count, report.findings.first?.fix?.safety == .safe, report.findings.first?.message ?? "")
        }
        // F5 reads ParseBool: "off" is no boolean (buffering stays on), "0" is false.
        #expect(prx006("  annotations:\n    nginx.org/proxy-buffering: \"off\"\n").count == 1)
        #expect(prx006("  annotations:\n    nginx.org/proxy-buffering: \"0\"\n").count == 0)
        // ingress-nginx validates "on" as written: "On" is rejected and buffering stays off.
        #expect(prx006("  annotations:\n    nginx.ingress.kubernetes.io/proxy-buffering: \"On\"\n").count == 0)
        // Flow-style annotations: reported, the fix shown only (a line edit would break the mapping).
        let flow = prx006("  annotations: {nginx.org/proxy-read-timeout: \"3600s\"}\n")
        #expect(flow.count == 1 && !flow.fixable, "\(flow)")
        // A templated value, or a template action among the annotations, is unknown until rendered.
        #expect(prx006("  annotations:\n    nginx.org/proxy-buffering: \"{{ .Values.buffering }}\"\n").count == 0)
        #expect(prx006("  annotations:\n    {{- toYaml .Values.ingress.annotations | nindent 4 }}\n    nginx.org/lb-method: round_robin\n").count == 0)
        // An Ingress with only a defaultBackend serves every path from it.
        let dir = TestSupport.temporaryDirectory("prx006-default")
        TestSupport.write("\(dir)/ingress.yaml", "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: llm\n  annotations:\n"
            + "    nginx.org/lb-method: round_robin\nspec:\n  defaultBackend:\n    service:\n      name: vllm\n      port:\n        number: 8000\n")
        #expect(Linter(select: ["PRX006"]).lint([dir]).report.findings.count == 1)
        // Another controller's class: its leftover nginx annotations are not read.
        #expect(prx006("  annotations:\n    nginx.org/lb-method: round_robin\n", klass: "  ingressClassName: traefik\n").count == 0)
    }
}
