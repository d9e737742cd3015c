import SSELintCore
import SSELintProxy
import SSELintLaunch

/// PRX003 — see rules/proxy/PRX003.yml
struct CaddyLowLatencyModeNotNeeded: Rule {
    static let id: RuleID = "PRX003"

    func check(_ proxy: ProxyAnalysis, _ context: inout RuleContext) {
        for server in proxy.caddyJSON?.servers ?? [] {
            for p in server.proxies {
                guard let f = p.flushInterval, f.text == "-1", let streams = ProxyDeadlineCutsStream.jsonStream(p, server: server, proxy) else { continue }
                context.report(Self.message(streams), at: SourceRange(file: proxy.source, start: f.range.lowerBound, end: f.range.upperBound),
                               fix: [], fixTitle: nil, related: proxy.otherLayers)
            }
        }
        guard let cf = proxy.caddy else { return }
        for site in cf.sites {
            visit(cf.expanded(site.directives), site: site, cf, proxy, &context)
        }
    }

    func visit(_ directives: [Caddyfile.Directive], site: Caddyfile.Site, _ cf: Caddyfile, _ proxy: ProxyAnalysis, _ context: inout RuleContext) {
        for d in directives {
            if d.name == "reverse_proxy", let flush = d.child("flush_interval"), flush.args.first == "-1",
               let streams = ProxyDeadlineCutsStream.streams(in: [d], site: site, cf, proxy, path: nil) ?? ProxyDeadlineCutsStream.streams(in: directives, site: site, cf, proxy) {
                context.report(Self.message(streams),
                               at: proxy.range(flush.range), fix: ProxyDeadlineCutsStream.deleteLine(flush, cf.source), fixTitle: nil, related: proxy.otherLayers)
            }
            if let block = d.block, d.name != "reverse_proxy" { visit(cf.expanded(block), site: site, cf, proxy, &context) }
        }
    }

    static func message(_ streams: String) -> String {
        "`flush_interval -1` is not needed for text/event-stream, which Caddy flushes as it arrives (so does any response of unknown length), and its low-latency mode stops Caddy from cancelling the upstream request when the client disconnects: a user who stops an answer leaves the LLM call running (and billing); \(streams)"
    }
}
