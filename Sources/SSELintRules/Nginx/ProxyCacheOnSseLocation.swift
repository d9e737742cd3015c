import SSELintCore
import SSELintNginx

/// NGX007 — see rules/nginx/NGX007.yml
struct ProxyCacheOnSseLocation: Rule {
    static let id: RuleID = "NGX007"

    func check(_ config: NginxAnalysis, _ context: inout RuleContext) {
        for loc in config.sseLocations {
            guard let cache = config.cacheApplies(loc), loc.buffering.first != "off" else { continue }
            if let app = loc.app {
                // Unbuffered (via the app's header) or no-cache responses are never stored (FACTS §1.3, case g).
                if app.sendsNoCache || (app.sendsXAccelBufferingNo && config.ignoresAccelBuffering(loc) == nil) { continue }
            }
            let name = loc.name("cache")
            context.report(
                "\(name) \(cache.first) (\(cache.originText)) caches this event stream: later clients get a replay of the first one \(loc.because)",
                at: config.anchor(cache, loc),
                fix: config.setInLocation(name, "off", current: cache, loc),
                fixTitle: .with(["directive": name]), related: config.origin(cache, loc), isolation: loc.location)
        }
    }
}
