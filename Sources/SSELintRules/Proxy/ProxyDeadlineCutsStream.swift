import SSELintCore
import SSELintProxy
import SSELintLaunch

/// PRX007 — see rules/proxy/PRX007.yml
struct ProxyDeadlineCutsStream: Rule {
    static let id: RuleID = "PRX007"

    func check(_ proxy: ProxyAnalysis, _ context: inout RuleContext) {
        let longest = Options(context.optionValues).longestStream
        checkTraefik(proxy, longest: longest, &context)
        checkCaddyJSON(proxy, longest: longest, &context)
        guard let cf = proxy.caddy else { return }
        // Each streaming site, through the `servers` block of the listener it binds: one finding per block, naming
        // the first site whose streams it cuts.
        var reported: Set<Int> = []
        for site in cf.sites {
            guard let streams = Self.streams(in: cf.expanded(site.directives), site: site, cf, proxy) else { continue }
            for port in Set(site.addresses.map { cf.port(of: $0.text) }).sorted() {
                guard let servers = cf.serversBlock(forPort: port), reported.insert(servers.range.lowerBound).inserted else { continue }
                report(servers, streams: streams, longest: longest, proxy, &context)
            }
        }
    }

    func report(_ servers: Caddyfile.Directive, streams: String, longest: Double, _ proxy: ProxyAnalysis, _ context: inout RuleContext) {
        guard let cf = proxy.caddy else { return }
        do {
            guard let write = servers.child("timeouts")?.child("write"), write.words.count > 1,
                  let seconds = Caddyfile.seconds(write.words[1].text), seconds > 0, seconds < longest else { return }
            let listener = servers.words.count > 1 ? " \(servers.words.dropFirst().map(\.text).joined(separator: " "))" : ""
            let message = "servers\(listener) timeouts write \(write.words[1].text) is an absolute deadline on every response (Go's http.Server.WriteTimeout), not an idle timeout: "
                + "Caddy cuts each stream \(secondsText(seconds)) s after its request however many events are flowing, and \(streams); an LLM answer, or an agent's run with tool calls, easily lasts longer"
            context.report(message, at: proxy.range(write.range), severity: seconds <= 120 ? .error : .warning,
                           fix: Self.deleteLine(write, cf.source), fixTitle: .with(["value": write.words[1].text]), related: proxy.otherLayers)
        }
    }

    /// Traefik's `entryPoints.<ep>.transport.respondingTimeouts.writeTimeout`: the same Go deadline, for the entry
    /// point's routers (a router without `entryPoints` is on all of them).
    func checkTraefik(_ proxy: ProxyAnalysis, longest: Double, _ context: inout RuleContext) {
        guard let model = proxy.traefik, let file = proxy.traefikFile else { return }
        for (ep, e) in model.writeTimeouts where e.source.path == file.source.path {
            // Bare numbers are seconds.
            guard let seconds = Double(e.value) ?? Caddyfile.seconds(e.value), seconds > 0, seconds < longest else { continue }
            let routers = model.routers.filter { $0.entryPoints?.contains { $0.lowercased() == ep.lowercased() } ?? true }
            guard let stream = routers.lazy.compactMap({ proxy.traefikStream($0) }).first else { continue }
            let message = "entry point \(ep) writeTimeout \(e.value) is an absolute deadline on every response (Go's http.Server.WriteTimeout), not an idle timeout: "
                + "Traefik cuts each stream \(secondsText(seconds)) s after its request however many events are flowing, and \(stream.phrase); an LLM answer, or an agent's run with tool calls, easily lasts longer"
            context.report(message, at: SourceRange(file: e.source, start: e.range.lowerBound, end: e.range.upperBound), severity: seconds <= 120 ? .error : .warning,
                           fix: [], fixTitle: .with(["value": e.value]), related: stream.related + proxy.otherLayers)
        }
    }

    /// Caddy's JSON config: each server's `write_timeout` (nanoseconds, or a duration string), judged by the
    /// streams its `reverse_proxy` handlers carry.
    func checkCaddyJSON(_ proxy: ProxyAnalysis, longest: Double, _ context: inout RuleContext) {
        guard let cfg = proxy.caddyJSON else { return }
        for server in cfg.servers {
            guard let w = server.writeTimeout, let seconds = CaddyJSONConfig.seconds(w), seconds > 0, seconds < longest,
                  let stream = server.proxies.lazy.compactMap({ Self.jsonStream($0, server: server, proxy) }).first else { continue }
            let message = "server \(server.name) write_timeout \(w.text) is an absolute deadline on every response (Go's http.Server.WriteTimeout), not an idle timeout: "
                + "Caddy cuts each stream \(secondsText(seconds)) s after its request however many events are flowing, and \(stream); an LLM answer, or an agent's run with tool calls, easily lasts longer"
            context.report(message, at: SourceRange(file: cfg.source, start: w.range.lowerBound, end: w.range.upperBound), severity: seconds <= 120 ? .error : .warning,
                           fix: [], fixTitle: .with(["value": w.text]), related: (proxy.appStreams.map { Array($0.related.prefix(2)) } ?? []) + proxy.otherLayers)
        }
    }

    /// Why a JSON `reverse_proxy` handler carries a stream, as a phrase; nil when nothing says so.
    static func jsonStream(_ p: CaddyJSONConfig.Proxy, server: CaddyJSONConfig.Server, _ proxy: ProxyAnalysis) -> String? {
        if let path = p.paths.first(where: proxy.streamPath) { return "server \(server.name) proxies the stream \(path)" }
        if let u = p.upstreams.first(where: ProxyAnalysis.llmServer) { return "server \(server.name) proxies \(u), an LLM server that streams its answers" }
        if proxy.appStreams != nil { return "server \(server.name) proxies the streaming app in this tree" }
        return nil
    }

    /// A phrase naming the streams behind a site, or nil when nothing says it proxies one.
    static func streams(in directives: [Caddyfile.Directive], site: Caddyfile.Site, _ cf: Caddyfile, _ proxy: ProxyAnalysis, path: String? = nil) -> String? {
        let name = site.addresses.map(\.text).joined(separator: " ")
        let matchers = Self.namedMatcherPaths(cf.expanded(site.directives))
        for d in directives {
            if d.name == "reverse_proxy" {
                // `reverse_proxy [matcher] upstreams…` (or `to` in its block): a path matcher that names a stream,
                // an LLM server upstream, or the tree's streaming app behind it.
                let args = d.args + (d.block ?? []).filter { $0.name == "to" }.flatMap(\.args)
                let paths = [path].compactMap { $0 } + args.filter { $0.hasPrefix("/") } + args.filter { $0.hasPrefix("@") }.flatMap { matchers[$0] ?? [] }
                if let p = paths.first(where: proxy.streamPath) { return "site \(name) proxies the stream \(p)" }
                if let u = args.first(where: { ProxyAnalysis.llmServer($0) }) { return "site \(name) proxies \(u), an LLM server that streams its answers" }
                if proxy.appStreams != nil { return "site \(name) proxies the streaming app in this tree" }
            }
            // handle, handle_path, route and matcher-scoped blocks: their path applies inside.
            if let block = d.block, ["handle", "handle_path", "route"].contains(d.name) {
                let p = d.args.first { $0.hasPrefix("/") } ?? path
                if let s = streams(in: cf.expanded(block), site: site, cf, proxy, path: p) { return s }
            }
        }
        return nil
    }

    /// `@name path /a /b` and `@name { path /a }`: the paths each named matcher selects.
    static func namedMatcherPaths(_ directives: [Caddyfile.Directive]) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for d in directives where d.name.hasPrefix("@") {
            let inline = d.args.first == "path" ? Array(d.args.dropFirst()) : []
            let block = (d.block ?? []).filter { $0.name == "path" }.flatMap(\.args)
            out[d.name, default: []] += inline + block
        }
        return out
    }

    /// Deletes the `write …` line (Caddy's default is no write deadline).
    static func deleteLine(_ d: Caddyfile.Directive, _ file: SourceFile) -> [Edit] {
        let line = file.position(of: d.range.lowerBound).line
        let start = file.lineStarts[line - 1]
        let end = line < file.lineStarts.count ? file.lineStarts[line] : file.bytes.count
        // Only when the directive has the line to itself.
        let before = file.bytes[start..<d.range.lowerBound].allSatisfy { $0 == 0x20 || $0 == 0x09 }
        let after = file.bytes[d.range.upperBound..<end].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        return before && after ? [Edit(file: file, range: start..<end, replacement: "")] : []
    }

}
