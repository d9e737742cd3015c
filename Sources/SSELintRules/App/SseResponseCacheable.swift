import SSELintCore
import SSELintSource

/// HDR004 — see rules/app/HDR004.yml
struct SseResponseCacheable: Rule {
    static let id: RuleID = "HDR004"

    func check(_ app: AppAnalysis, _ context: inout RuleContext) {
        for r in app.sseResponses where !r.headersOpaque {
            let cc = app.headers(r).first { $0.lowercasedName == "cache-control" }
            if let v = cc?.value?.lowercased(), Deployment.noStore(v) { continue }
            if cc != nil && cc?.value == nil { continue }
            let cache = app.cachedBy(r)
            // A missing Cache-Control without a cache layer is HDR006's to report.
            if cc == nil && cache == nil { continue }
            let what = cc.map { "Cache-Control: \($0.value ?? "") allows caching" } ?? "no Cache-Control header"
            let layer = cache.map { "; nginx caches this route (proxy_cache at \($0.shortLocation)) and replays the stream to later clients" } ?? "; any shared cache (a CDN, nginx proxy_cache) may store and replay it"
            context.report("\(r.kind) for \(app.describe(r)) has \(what)\(layer)",
                           at: app.range(cc?.range ?? r.range), severity: cache == nil ? .info : .warning,
                           related: cache.map { [RelatedLocation(range: $0, message: "proxy_cache applies here")] } ?? [])
        }
    }
}
