import Foundation
import SSELint
import SSELintCore
import SSELintTestSupport
import Testing

/// PLT001, PLT002 and PRX004's platform part across files: Terraform modules (variables, tfvars), which resources
/// count, defaults, and Vercel's maxDuration only where the app runs on Vercel.
struct PlatformRuleTests {
    func findings(_ rules: [String], _ files: [String: String]) -> [String] {
        let dir = TestSupport.temporaryDirectory("platform")
        for (name, text) in files { TestSupport.write("\(dir)/\(name)", text) }
        let report = Linter(select: rules).lint([dir]).report
        #expect(report.errors.isEmpty, "\(report.errors)")
        return report.findings.map { "\($0.rule):\($0.range.file.path.dropFirst(dir.count + 1)):\($0.range.start.line):\($0.severity)" }.sorted()
    }

    static let app = TestSupport.sseApp("/chat/stream")

    @Test func albIdleTimeoutResolvesVariablesAndSkipsNetworkBalancers() {
        let lb = { (extra: String) in "resource \"aws_lb\" \"web\" {\n  name = \"web\"\n\(extra)\n}\n" }
        #expect(findings(["PRX004"], ["main.py": Self.app, "infra/lb.tf": lb("")]) == ["PRX004:infra/lb.tf:1:warning"])
        #expect(findings(["PRX004"], ["main.py": Self.app, "infra/lb.tf": lb("  idle_timeout = var.idle"),
                                      "infra/variables.tf": "variable \"idle\" {\n  default = 30\n}\n", "infra/prod.tfvars": "idle = 600\n"]).isEmpty,
                "the tfvars value (600) wins over the default (30)")
        #expect(findings(["PRX004"], ["main.py": Self.app, "infra/lb.tf": lb("  idle_timeout = var.idle"),
                                      "infra/variables.tf": "variable \"idle\" {\n  default = 30\n}\n"]) == ["PRX004:infra/lb.tf:3:warning"])
        #expect(findings(["PRX004"], ["main.py": Self.app, "infra/lb.tf": lb("  load_balancer_type = \"network\"")]).isEmpty)
        #expect(findings(["PRX004"], ["infra/lb.tf": lb("")]).isEmpty, "no streaming app in the tree")
    }

    @Test func cloudFrontOriginTimeoutIsIdle() {
        let cf = "resource \"aws_cloudfront_distribution\" \"cdn\" {\n  origin {\n    domain_name = \"api.example.com\"\n    origin_id = \"api\"\n    custom_origin_config {\n      http_port = 80\n      https_port = 443\n      origin_protocol_policy = \"https-only\"\n      origin_ssl_protocols = [\"TLSv1.2\"]\n      origin_read_timeout = 60\n    }\n  }\n}\n"
        #expect(findings(["PRX004"], ["main.py": Self.app, "cdn.tf": cf]) == ["PRX004:cdn.tf:10:warning"])
    }

    @Test func deadlinesAndBufferingPlatforms() {
        let run = { (t: String) in "resource \"google_cloud_run_service\" \"api\" {\n  name = \"api\"\n  template {\n    spec {\n      \(t)\n    }\n  }\n}\n" }
        #expect(findings(["PLT001"], ["main.py": Self.app, "run.tf": run("timeout_seconds = 200")]) == ["PLT001:run.tf:5:warning"])
        #expect(findings(["PLT001"], ["main.py": Self.app, "run.tf": run("timeout_seconds = 100")]) == ["PLT001:run.tf:5:error"])
        #expect(findings(["PLT001"], ["main.py": Self.app, "run.tf": run("container_concurrency = 80")]).isEmpty, "300 s default: sized on purpose")
        let gw = { (extra: String) in "resource \"aws_api_gateway_integration\" \"chat\" {\n  type = \"HTTP_PROXY\"\n\(extra)\n}\n" }
        #expect(findings(["PLT001", "PLT002"], ["main.py": Self.app, "gw.tf": gw("")]) == ["PLT002:gw.tf:1:error"])
        #expect(findings(["PLT001", "PLT002"], ["main.py": Self.app, "gw.tf": gw("  response_transfer_mode = \"STREAM\"")]) == ["PLT001:gw.tf:1:error"],
                "streaming, but cut at the 29 s default integration timeout")
        #expect(findings(["PLT001", "PLT002"], ["main.py": Self.app, "gw.tf": gw("  response_transfer_mode = \"STREAM\"\n  timeout_milliseconds = 900000")]).isEmpty)
        #expect(findings(["PLT002"], ["main.py": Self.app, "app.yaml": "runtime: python312\n"]) == ["PLT002:app.yaml:1:error"])
        #expect(findings(["PLT002"], ["main.py": Self.app, "app.yaml": "runtime: python\nenv: flex\n"]).isEmpty)
    }

    @Test func vercelMaxDurationOnlyOnVercel() {
        let route = "export const maxDuration = 45;\n\nexport async function POST(req) {\n  return result.toUIMessageStreamResponse();\n}\n"
        #expect(findings(["PLT001"], ["web/app/api/chat/route.ts": route, "web/next.config.js": "module.exports = {};\n"]) == ["PLT001:web/app/api/chat/route.ts:1:error"])
        #expect(findings(["PLT001"], ["web/app/api/chat/route.ts": route, "web/next.config.js": "module.exports = { output: \"standalone\" };\n"]).isEmpty)
        #expect(findings(["PLT001"], ["web/app/api/chat/route.ts": route, "web/next.config.js": "module.exports = {};\n",
                                      "Dockerfile": "FROM node:20\nCMD [\"pnpm\", \"run\", \"start\"]\n"]).isEmpty, "a container runs the app: not Vercel")
        #expect(findings(["PLT001"], ["web/app/api/chat/route.ts": route.replacingOccurrences(of: "result.toUIMessageStreamResponse()", with: "Response.json({})"),
                                      "web/next.config.js": "module.exports = {};\n"]).isEmpty, "the route does not stream")
        #expect(findings(["PLT001"], ["web/app/api/chat/route.ts": route, "vercel.json": "{\"functions\": {\"app/api/**/*.ts\": {\"maxDuration\": 800}}}\n"]) == ["PLT001:web/app/api/chat/route.ts:1:error"])
    }

    @Test func brokenPlatformFilesAreInputErrors() {
        let dir = TestSupport.temporaryDirectory("platform-bad")
        TestSupport.write("\(dir)/main.tf", "resource \"aws_lb\" \"x\" {\n  idle_timeout = \n}\n")
        TestSupport.write("\(dir)/vercel.json", "{\"functions\": {\n")
        let report = Linter(select: ["PLT001", "PRX004"]).lint([dir]).report
        #expect(report.errors.map { "\(Path.basename($0.path)):\($0.line)" }.sorted() == ["main.tf:2", "vercel.json:2"], "\(report.errors)")
        #expect(report.errors.contains { $0.message.hasPrefix("not valid JSON") })
    }
}
