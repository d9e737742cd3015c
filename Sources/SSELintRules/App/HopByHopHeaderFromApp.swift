import SSELintCore
import SSELintSource

/// HDR002 — see rules/app/HDR002.yml
struct HopByHopHeaderFromApp: AppRule {
    static let id = "HDR002"
    static let hopByHop: Set<String> = ["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection"]

    func check(_ app: AppAnalysis, _ context: inout RuleContext) {
        var seen: Set<Int> = []
        let declared = app.file.responses.flatMap(\.headers) + app.file.middlewareHeaders
        for h in declared where Self.hopByHop.contains(h.lowercasedName) && seen.insert(h.range.lowerBound).inserted {
            context.report("the app sets the hop-by-hop header \(h.name)\(h.value.map { ": \($0)" } ?? ""): proxies drop it, HTTP/1.1 keeps connections open anyway, and HTTP/2 forbids it",
                           at: app.range(h.range))
        }
    }
}
