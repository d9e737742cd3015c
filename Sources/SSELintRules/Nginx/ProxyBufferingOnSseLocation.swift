import SSELintCore
import SSELintNginx

/// NGX001 — see rules/nginx/NGX001.yml
struct ProxyBufferingOnSseLocation: Rule {
    static let id: RuleID = "NGX001"

    func check(_ config: NginxAnalysis, _ context: inout RuleContext) {
        for loc in config.sseLocations {
            guard let v = config.bufferingVerdict(loc) else { continue }
            let name = loc.name("buffering")
            if v.appAsksForBuffering {
                context.report("\(v.closeDelimitedBecause!) (\(name) \(v.buffering.first), \(v.buffering.originText)): events are held until ~4-8 KB accumulate or the response ends \(loc.because)",
                               at: loc.location.headRange, severity: .error,
                               fixTitle: .named("app-header"),
                               related: loc.app?.related ?? [])
                continue
            }
            let message: String
            if let unknown = v.versionUnknownBecause {
                message = "\(name) is on (\(v.buffering.originText)) and \(unknown) \(loc.because)"
            } else if let why = v.closeDelimitedBecause {
                message = "\(name) is on (\(v.buffering.originText)) and \(why): events are held until ~4-8 KB accumulate or the response ends \(loc.because)"
            } else {
                message = "\(name) is on (\(v.buffering.originText)); events flow only because the upstream happens to chunk its body over HTTP/1.1, an undocumented behaviour that gzip, caching or another upstream undoes \(loc.because)"
            }
            context.report(message, at: config.anchor(v.buffering, loc),
                           severity: v.closeDelimitedBecause == nil ? .warning : .error,
                           fix: config.setInLocation(name, "off", current: v.buffering, loc),
                           fixTitle: .with(["directive": name]),
                           related: config.origin(v.buffering, loc) + (loc.app?.related ?? []), isolation: loc.location)
        }
    }
}
