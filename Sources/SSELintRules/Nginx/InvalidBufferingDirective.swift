import SSELintCore
import SSELintNginx

/// NGX012 — see rules/nginx/NGX012.yml
struct InvalidBufferingDirective: Rule {
    static let id: RuleID = "NGX012"
    static let buffering: Set<String> = ["proxy_buffering", "uwsgi_buffering", "fastcgi_buffering", "scgi_buffering"]

    func check(_ config: NginxAnalysis, _ context: inout RuleContext) {
        // Keys looked up once, not per level.
        let grpc = NginxNames.key("grpc_buffering")
        let buffering = InvalidBufferingDirective.buffering.sorted().map { ($0, NginxNames.key($0)) }
        for scope in config.scopes {
            for d in grpc.flatMap({ scope.own[key: $0] }) ?? [] {
                context.report("grpc_buffering does not exist (gRPC proxying is always unbuffered); nginx -t fails on it",
                               at: d.range, fix: NginxEdits.remove(d))
            }
            guard scope.kind == "if" || scope.kind == "limit_except" else { continue }
            for (name, key) in buffering {
                for d in key.flatMap({ scope.own[key: $0] }) ?? [] {
                    context.report("\(name) is not allowed inside \(scope.kind) {} (only in http, server and location); nginx -t fails on it",
                                   at: d.range, fixTitle: .named("move", ["directive": name]), fixSafety: .display)
                }
            }
        }
    }
}
