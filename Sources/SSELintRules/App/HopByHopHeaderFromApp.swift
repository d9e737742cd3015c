import SSELintCore
import SSELintSource

/// HDR002 — see rules/app/HDR002.yml
struct HopByHopHeaderFromApp: Rule {
    static let id: RuleID = "HDR002"
    static let hopByHop: Set<String> = ["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection"]

    func check(_ app: AppAnalysis, _ context: inout RuleContext) {
        // Behind nginx (or any HTTP/1.1 server) the header is dropped or harmless; it breaks a response only where
        // the app itself answers over HTTP/2 (RFC 9113 §8.2.2: the client must treat it as malformed). The default
        // set reports that case alone; the quick-reference preset reports every hop-by-hop header as context.
        let d = app.deployment
        let h2 = d.nginxScanned ? nil : d.http2Server
        guard h2 != nil || context.settings.quickReference else { return }
        var seen: Set<Int> = []
        let declared = app.file.responses.flatMap(\.headers) + app.file.middlewareHeaders
        for h in declared where Self.hopByHop.contains(h.lowercasedName) && seen.insert(h.range.lowerBound).inserted {
            let header = "\(h.name)\(h.value.map { ": \($0)" } ?? "")"
            if let h2 {
                context.report("the app sets the hop-by-hop header \(header) and answers clients over HTTP/2 itself (\(h2.shortLocation)): HTTP/2 forbids connection-specific headers and clients such as Safari and curl reject the response",
                               at: app.range(h.range), severity: .warning, related: [RelatedLocation(range: h2, message: "this server negotiates HTTP/2 with clients")])
            } else {
                context.report("the app sets the hop-by-hop header \(header): proxies drop it, HTTP/1.1 keeps connections open anyway, and HTTP/2 forbids it",
                               at: app.range(h.range))
            }
        }
    }
}
