import Foundation
import SSELint
import SSELintCore
import SSELintLaunch
import SSELintTestSupport
import Testing

/// PRX001 across files: an HTTPRoute's default comes from its Gateway's class and the policies that target it;
/// Istio has none; templated rules are unknown; Envoy's protobuf durations read as Envoy reads them.
struct RouteTimeoutRuleTests {
    func findings(_ files: [String: String]) -> [String] {
        let dir = TestSupport.temporaryDirectory("prx001")
        for (name, text) in files { TestSupport.write("\(dir)/\(name)", text) }
        let report = Linter(select: ["PRX001"]).lint([dir]).report
        #expect(report.errors.isEmpty, "\(report.errors)")
        return report.findings.map { "\(Path.basename($0.range.file.path)):\($0.range.start.line):\($0.severity)" }.sorted()
    }

    static func gateway(_ klass: String) -> String {
        "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: gw\nspec:\n  gatewayClassName: \(klass)\n"
    }
    static let route = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: llm
        spec:
          parentRefs: [{name: gw}]
          rules:
            - backendRefs: [{name: ollama, port: 11434}]
        """

    @Test func anHTTPRoutesDefaultDependsOnItsGatewayAndPolicies() {
        #expect(findings(["gw.yaml": Self.gateway("envoy-gateway"), "route.yaml": Self.route]) == ["route.yaml:8:error"])
        #expect(findings(["gw.yaml": Self.gateway("istio"), "route.yaml": Self.route]).isEmpty)
        #expect(findings(["route.yaml": Self.route]).isEmpty, "no Gateway in the tree: the implementation is unknown")
        let policy = { (t: String) in
            "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: BackendTrafficPolicy\nmetadata:\n  name: p\nspec:\n  targetRefs:\n    - {group: gateway.networking.k8s.io, kind: Gateway, name: gw}\n  timeout:\n    http:\n      requestTimeout: \(t)\n"
        }
        #expect(findings(["gw.yaml": Self.gateway("eg"), "route.yaml": Self.route, "policy.yaml": policy("0s")]).isEmpty)
        #expect(findings(["gw.yaml": Self.gateway("eg"), "route.yaml": Self.route, "policy.yaml": policy("4m")]) == ["route.yaml:8:warning"])
    }

    @Test func templatedRulesAndRedirectsAreNotJudged() {
        let helm = Self.route.replacingOccurrences(of: "[{name: ollama, port: 11434}]", with: "\n        - name: {{ .Values.name }}-vllm\n          port: {{ .Values.port }}")
        #expect(findings(["gw.yaml": Self.gateway("eg"), "templates/route.yaml": helm]).isEmpty)
        let redirect = Self.route.replacingOccurrences(of: "- backendRefs: [{name: ollama, port: 11434}]", with: "- filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}]")
        #expect(findings(["gw.yaml": Self.gateway("eg"), "route.yaml": redirect]).isEmpty)
    }

    @Test func envoyDurationsAndClusters() {
        let envoy = { (route: String) in
            "static_resources:\n  listeners:\n    - filter_chains:\n        - filters:\n            - typed_config:\n                route_config:\n                  virtual_hosts:\n"
                + "                    - name: v\n                      routes:\n                        - match: {prefix: /}\n                          route: \(route)\n"
        }
        #expect(findings(["envoy.yaml": envoy("{cluster: ollama, timeout: {seconds: 30}}")]) == ["envoy.yaml:11:error"])
        #expect(findings(["envoy.yaml": envoy("{weighted_clusters: {clusters: [{name: vllm-a, weight: 50}]}, timeout: 0s}")]).isEmpty)
        #expect(findings(["envoy.yaml": envoy("{cluster: static-files}")]).isEmpty, "not a stream")
        #expect(RouteTimeouts.seconds("1h30m") == 5400 && RouteTimeouts.seconds("500ms") == 0.5 && RouteTimeouts.seconds("15") == 15 && RouteTimeouts.seconds("5x") == nil)
    }
}

/// PRX009's reading of YAML 1.1 scalars and of the tree's snippet switches.
struct IngressAnnotationTests {
    @Test func yaml11TypesAsKubernetesReadsThem() {
        for (s, t) in [("3600", "integer"), ("-1", "integer"), ("0x1F", "integer"), ("1.1", "number"), ("1e3", "number"), ("on", "boolean"),
                       ("No", "boolean"), ("~", "null"), ("600s", nil), ("1m", nil), ("round_robin", nil), ("nan", nil), ("off;", nil)] as [(String, String?)] {
            #expect(IngressObject.yaml11Type(s) == t, "\(s)")
        }
    }

    @Test func snippetsTurnedOnInTheTreeAreLeftAlone() {
        let dir = TestSupport.temporaryDirectory("prx009")
        TestSupport.write("\(dir)/ingress.yaml", TestSupport.read(TestSupport.packageRoot + "/samples/proxy/PRX009/bad.yaml"))
        func snippetFindings() -> Int { Linter(select: ["PRX009"]).lint([dir]).report.findings.filter { $0.message.contains("snippet") }.count }
        #expect(snippetFindings() == 1)
        TestSupport.write("\(dir)/controller.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: c}\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: nginx/nginx-ingress\n          args: [-enable-snippets=false]\n")
        #expect(snippetFindings() == 1, "-enable-snippets=false turns nothing on")
        TestSupport.write("\(dir)/values.yaml", "controller:\n  allowSnippetAnnotations: true\n")
        TestSupport.write("\(dir)/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ingress-nginx-controller}\ndata:\n  allow-snippet-annotations: \"true\"\n")
        #expect(snippetFindings() == 0)
    }

    @Test func snippetsTheControllerAppliesCountForTheirEffect() {
        func ingress(_ annotations: String) -> String {
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: chat\n  annotations:\n\(annotations)spec:\n  rules:\n    - http:\n        paths:\n"
                + "          - path: /api/chat\n            pathType: Prefix\n            backend:\n              service:\n                name: chat-api\n                port:\n                  number: 8000\n"
        }
        let on = "    nginx.ingress.kubernetes.io/configuration-snippet: |\n      proxy_buffering on;\n"
        let f5Off = "    nginx.org/location-snippets: |\n      proxy_buffering off;\n"
        let enable = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  allow-snippet-annotations: \"true\"\n  enable-snippets: \"true\"\n"
        func prx006(_ files: [String: String]) -> Int {
            let dir = TestSupport.temporaryDirectory("snippet")
            for (n, t) in files { TestSupport.write("\(dir)/\(n)", t) }
            return Linter(select: ["PRX006"]).lint([dir]).report.findings.count
        }
        #expect(prx006(["ingress.yaml": ingress(on)]) == 0, "refused by default: no effect")
        #expect(prx006(["ingress.yaml": ingress(on), "cm.yaml": enable]) == 1)
        #expect(prx006(["ingress.yaml": ingress(f5Off)]) == 1, "F5 buffers by default when the snippet is ignored")
        #expect(prx006(["ingress.yaml": ingress(f5Off), "cm.yaml": enable]) == 0)
    }
}
