import SSELintCore
import SSELintNginx

/// NGX011 — see rules/nginx/NGX011.yml
struct ConnectionHeaderOnHttp2: Rule {
    static let id: RuleID = "NGX011"
    static let forbidden: Set<String> = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"]

    func check(_ config: NginxAnalysis, _ context: inout RuleContext) {
        var reported: Set<String> = []
        for server in config.scopes where server.kind == "server" {
            guard let why = http2(server) else { continue }
            // Headers on the server and below, plus those the server inherits from http when it sets none.
            var candidates: [NginxDirective] = []
            for s in [server] + server.descendants {
                candidates += (s.own["add_header"] ?? []) + (s.own["more_set_headers"] ?? [])
            }
            if server.own["add_header"] == nil { candidates += server.parent?.effectiveList("add_header").directives ?? [] }
            for d in candidates {
                let names = d.name == "add_header" ? [d.arg(0) ?? ""] : moreSetHeaders(d).map(\.name)
                guard let bad = names.first(where: { ConnectionHeaderOnHttp2.forbidden.contains($0.lowercased()) }),
                      reported.insert("\(d.file.path):\(d.start)").inserted else { continue }
                context.report(
                    "\(d.name) emits the connection-specific header \(bad) on an HTTP/2 server (\(why)); HTTP/2 clients reject the response (RFC 9113 §8.2.2)",
                    at: d.range, fix: NginxEdits.remove(d))
            }
        }
    }

    private func http2(_ server: NginxScope) -> String? {
        for l in server.own["listen"] ?? [] where l.argValues.contains("http2") { return "listen … http2 at \(l.where_)" }
        let h = server.effective("http2", default: ["off"])
        return h.first == "on" ? "http2 on, \(h.originText)" : nil
    }
}
