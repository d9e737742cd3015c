import SSELintCore
import SSELintSource

/// HDR003 — see rules/app/HDR003.yml (off by default: it contradicts the quick reference)
struct RedundantLegacyCacheHeaders: Rule {
    static let id: RuleID = "HDR003"

    func check(_ app: AppAnalysis, _ context: inout RuleContext) {
        for r in app.sseResponses {
            let all = app.headers(r)
            guard let cc = all.first(where: { $0.lowercasedName == "cache-control" }), let v = cc.value?.lowercased(),
                  v.contains("no-cache") || v.contains("no-store") else { continue }
            for h in r.headers {
                var redundant: [String] = []
                if h.lowercasedName == "pragma" || h.lowercasedName == "expires" { redundant.append(h.name) }
                if h.lowercasedName == "cache-control", let hv = h.value?.lowercased() {
                    if hv.contains("must-revalidate") { redundant.append("must-revalidate") }
                    if hv.contains("max-age=0") { redundant.append("max-age=0") }
                }
                guard !redundant.isEmpty else { continue }
                context.report("\(redundant.joined(separator: ", ")) adds nothing next to Cache-Control: \(cc.value ?? ""): it does not affect buffering, and caches already may not reuse the stream",
                               at: app.range(h.range))
            }
        }
    }
}
