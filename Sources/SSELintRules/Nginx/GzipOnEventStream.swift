import SSELintCore
import SSELintNginx

/// NGX005 — see rules/nginx/NGX005.yml
struct GzipOnEventStream: Rule {
    static let id: RuleID = "NGX005"

    func check(_ config: NginxAnalysis, _ context: inout RuleContext) {
        for loc in config.sseLocations {
            guard let (gzip, types, type) = config.gzipApplies(loc.scope, mediaTypes: loc.mediaTypes) else { continue }
            let buffered = config.ngx001Fires(loc)
            let tail = buffered ? "with buffering on, gzip holds events until its buffers fill" : "it flushes per event only while buffering stays off"
            context.report(
                "gzip is on (\(gzip.originText)) and gzip_types includes \(type) (\(types.originText)): \(tail) \(loc.because)",
                at: config.anchor(gzip, loc), severity: buffered ? .error : .warning,
                fix: config.setInLocation("gzip", "off", current: gzip, loc),
                related: config.origin(gzip, loc) + config.origin(types, loc), isolation: loc.location)
        }
    }
}
