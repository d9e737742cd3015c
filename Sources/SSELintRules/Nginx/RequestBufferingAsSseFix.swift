import SSELintCore
import SSELintNginx

/// NGX013 — see rules/nginx/NGX013.yml
struct RequestBufferingAsSseFix: Rule {
    static let id: RuleID = "NGX013"

    func check(_ config: NginxAnalysis, _ context: inout RuleContext) {
        for loc in config.sseLocations where config.ngx001Fires(loc) {
            for d in loc.scope.ownIncludingConditionals(loc.name("request_buffering")) where d.arg(0)?.equalsASCIICaseInsensitive("off") == true {
                context.report(
                    "\(d.name) off affects only the request body; the response is still buffered (\(loc.module)_buffering is on) \(loc.because)",
                    at: d.range)
            }
        }
    }
}
