import SSELintCore
import SSELintSource

/// HDR005 — see rules/app/HDR005.yml
struct XAccelBufferingOnNonNginxProxy: Rule {
    static let id: RuleID = "HDR005"

    func check(_ app: AppAnalysis, _ context: inout RuleContext) {
        let d = app.deployment
        // The proxy's own config already streams (Caddy `flush_interval -1`): nothing to advise.
        // An NGINX Ingress reads the header like nginx does: only a tree without any nginx layer is judged.
        guard !d.nginxScanned, d.ingress.ingress == nil, let proxy = d.otherProxies.first, d.otherProxyUnbuffered == nil else { return }
        let related = d.otherProxyLocations[proxy].map { [RelatedLocation(range: $0, message: "\(proxy) is configured here")] } ?? []
        for r in app.sseResponses {
            guard let h = r.headers.first(where: { $0.lowercasedName == "x-accel-buffering" }) else { continue }
            context.report("X-Accel-Buffering is this response's only anti-buffering measure, but the proxy in this tree is \(proxy), which ignores it",
                           at: app.range(h.range), related: related)
        }
    }
}
