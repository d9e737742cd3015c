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
