import SSELintCore
import SSELintSource

/// PY003 — see rules/python/PY003.yml
struct StreamWithoutHeartbeat: Rule {
    static let id: RuleID = "PY003"

    func check(_ app: AppAnalysis, _ context: inout RuleContext) {
        guard let py = app.file.python else { return }
        for r in app.sseResponses {
            if let ping = r.libraryPing {
                if ping <= 0, let at = r.pingRange {
                    context.report("ping=0 turns off \(r.kind)'s keep-alive comments: idle gaps longer than a proxy's read timeout (nginx 60 s) cut the stream",
                                   at: app.range(at))
                } else if ping > 60, let at = r.pingRange, !app.deployment.nginxScanned, !onlyPatientProxies(app.deployment) {
                    // With an nginx config in the tree NGX006 compares the ping with that location's read timeout.
                    context.report("ping=\(secondsText(ping)) sends \(r.kind)'s keep-alive comment every \(secondsText(ping)) s, longer than nginx's default 60 s read timeout (and a load balancer's 60 s idle timeout): a silence between events that long cuts the stream before the ping comes",
                                   at: app.range(at))
                }
                continue
            }
            guard let body = r.bodyFunction, let g = py.generator(of: r), g.isGenerator, !g.emitsComment, g.heartbeatSeconds == nil,
                  !g.delegatesToApp, !g.yieldsAtOnce, !g.relaysUpstream else { continue }
            // Only Caddy or Traefik in front: neither cuts a response that is silent for a while.
            if onlyPatientProxies(app.deployment) { continue }
            context.report("\(r.kind) for \(app.describe(r)) streams \(body)(), which never sends a `:` comment: a silence longer than nginx's 60 s read timeout (model thinking, tool calls) ends the stream",
                           at: app.range(r.range), related: [RelatedLocation(range: app.range(g.nameRange), message: "\(body)() has no heartbeat")])
        }
    }

    func onlyPatientProxies(_ d: Deployment) -> Bool {
        !d.nginxScanned && !d.otherProxies.isEmpty && d.otherProxies.allSatisfy { $0 == "Caddy" || $0 == "Traefik" }
    }

}
