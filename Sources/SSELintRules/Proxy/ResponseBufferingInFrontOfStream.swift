import SSELintCore
import SSELintLaunch

/// PRX005 — see rules/proxy/PRX005.yml
struct ResponseBufferingInFrontOfStream: Rule {
    static let id: RuleID = "PRX005"

    func check(_ proxy: ProxyAnalysis, _ context: inout RuleContext) {
        guard let model = proxy.traefik, let file = proxy.traefikFile else { return }
        var reported: Set<Int> = []
        for router in model.routers {
            guard let stream = proxy.traefikStream(router) else { continue }
            for (m, via) in model.middlewares(of: router) where m.kind == "buffering" {
                let at = m.first
                guard at.source.path == file.source.path, reported.insert(at.range.lowerBound).inserted else { continue }
                let attached = via.source.path == m.first.source.path ? "" : " (attached at \(via.source.path):\(via.source.position(of: via.range.lowerBound).line))"
                context.report("Traefik middleware \(m.name) buffers responses on the stream's router\(attached): it sends the status, headers and body only when the upstream response has ended, so the client sees nothing until the stream is over; \(stream.phrase)",
                               at: SourceRange(file: at.source, start: at.range.lowerBound, end: at.range.upperBound),
                               fix: [], fixTitle: .with(["middleware": m.name]), related: stream.related + proxy.otherLayers)
            }
        }
    }
}
