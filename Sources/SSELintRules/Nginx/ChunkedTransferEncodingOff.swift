import SSELintCore
import SSELintNginx

/// NGX009 — see rules/nginx/NGX009.yml
struct ChunkedTransferEncodingOff: Rule {
    static let id: RuleID = "NGX009"

    func check(_ config: NginxAnalysis, _ context: inout RuleContext) {
        for loc in config.sseLocations {
            for d in loc.scope.ownIncludingConditionals("chunked_transfer_encoding") where d.arg(0)?.equalsASCIICaseInsensitive("off") == true {
                context.report(
                    "chunked_transfer_encoding off is not needed for SSE: nginx then ends the body by closing the client connection \(loc.because)",
                    at: d.range, fix: NginxEdits.remove(d), isolation: loc.location)
            }
        }
    }
}
