import SSELintCore
import SSELintNginx

/// NGX012 — see rules/nginx/NGX012.yml
struct InvalidBufferingDirective: Rule {
    static let id: RuleID = "NGX012"
    static let buffering: Set<String> = ["proxy_buffering", "uwsgi_buffering", "fastcgi_buffering", "scgi_buffering"]

    func check(_ config: NginxAnalysis, _ context: inout RuleContext) {
        for scope in config.scopes {
            for d in scope.own["grpc_buffering"] ?? [] {
                context.report("grpc_buffering does not exist (gRPC proxying is always unbuffered); nginx -t fails on it",
                               at: d.range, fix: NginxEdits.remove(d))
            }
            guard scope.kind == "if" || scope.kind == "limit_except" else { continue }
            for name in InvalidBufferingDirective.buffering.sorted() {
                for d in scope.own[name] ?? [] {
                    context.report("\(name) is not allowed inside \(scope.kind) {} (only in http, server and location); nginx -t fails on it",
                                   at: d.range, fixTitle: .named("move", ["directive": name]), fixSafety: .display)
                }
            }
        }
    }
}
