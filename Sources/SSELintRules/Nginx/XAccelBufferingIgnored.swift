import SSELintCore
import SSELintNginx

/// NGX003 — see rules/nginx/NGX003.yml
struct XAccelBufferingIgnored: Rule {
    static let id: RuleID = "NGX003"

    func check(_ config: NginxAnalysis, _ context: inout RuleContext) {
        for loc in config.sseLocations {
            let buffering = loc.buffering
            guard buffering.first != "off", let ignore = config.ignoresAccelBuffering(loc) else { continue }
            context.report(
                "\(loc.module)_ignore_headers lists X-Accel-Buffering (\(ignore.originText)), so the app's `X-Accel-Buffering: no` cannot turn buffering off, and \(loc.module)_buffering is on (\(buffering.originText)) \(loc.because)",
                at: config.anchor(ignore, loc), related: config.origin(ignore, loc))
        }
    }
}
