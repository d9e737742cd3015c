import SSELintCore
import SSELintProxy

/// PRX004 — see rules/proxy/PRX004.yml
struct ProxyTimeoutBelowStreamSilence: Rule {
    static let id: RuleID = "PRX004"

    func check(_ proxy: ProxyAnalysis, _ context: inout RuleContext) {
        checkApache(proxy, &context)
        checkPlatform(proxy, &context)
        guard let cfg = proxy.haproxy else { return }
        // Every route to a backend first (one frontend may say it streams where another does not), then one verdict
        // per backend.
        var evidence: [Int: Evidence] = [:]
        for front in cfg.sections where front.takesRequests {
            let routes = cfg.backends(of: front)
            for (index, condition, _) in routes where evidence[index] == nil {
                let backend = cfg.sections[index]
                // Measured in mode http; a stats page or a section without servers carries no stream.
                guard cfg.mode(of: backend) == "http", !backend.all("server").isEmpty || !backend.all("server-template").isEmpty,
                      backend.all("stats").isEmpty else { continue }
                if let why = Self.carriesStreams(backend, condition: condition, alone: routes.count == 1, proxy) { evidence[index] = why }
            }
        }
        for (index, why) in evidence.sorted(by: { $0.key < $1.key }) {
            let backend = cfg.sections[index]
            guard let timeout = cfg.timeout("server", of: backend) else { continue }
            judge(timeout, backend: backend, why: why, proxy, &context)
        }
    }

    enum Evidence {
        case app(AppRouteFacts)
        case llmServer(String)
        case path(String)
    }

    /// Why this backend carries streams, or nil when nothing says so (a proxy for static files or a JSON API).
    static func carriesStreams(_ backend: HAProxyConfig.Section, condition: String, alone: Bool, _ proxy: ProxyAnalysis) -> Evidence? {
        for s in backend.all("server") where s.words.count > 2 && ProxyAnalysis.llmServer(s.words[2].text) {
            return .llmServer("server \(s.words[1].text) \(s.words[2].text)")
        }
        // A path the condition selects, matched on segment boundaries (/stream, not /streamlit).
        for word in condition.split(separator: " ") where word.hasPrefix("/") {
            if proxy.streamPath(String(word)) { return .path(String(word)) }
        }
        // The scanned app streams: a backend is its way in when it is the frontend's only route.
        if let app = proxy.appStreams, alone { return .app(app) }
        return nil
    }

    func judge(_ t: (seconds: Double, directive: HAProxyConfig.Directive, inherited: Bool), backend: HAProxyConfig.Section,
               why: Evidence, _ proxy: ProxyAnalysis, _ context: inout RuleContext) {
        let shown = "timeout server \(t.directive.words[2].text)" + (t.inherited ? " (from defaults at line \(proxy.source.position(of: t.directive.range.lowerBound).line))" : "")
        guard let (proposed, silence, related) = Self.verdict(t.seconds, why) else { return }
        let value = "\(secondsText(proposed))s"
        let message = "\(shown) on backend \(backend.name): HAProxy closes a response when the server sends nothing for that long; \(silence) (`timeout tunnel` does not apply to SSE, and `timeout client` does not cut it)"
        context.report(message, at: proxy.range(t.directive.range), fix: fix(t, backend: backend, value: value, proxy),
                       fixTitle: .with(["setting": "timeout server \(value)"]), related: related + proxy.otherLayers)
    }

    /// Whether an idle timeout of `seconds` cuts the streams `why` names: the value to propose, the silence that
    /// ends them, and where the app says so; nil when the timeout outlasts them.
    static func verdict(_ seconds: Double, _ why: Evidence) -> (proposed: Double, silence: String, related: [RelatedLocation])? {
        var proposed = 300.0
        let silence: String
        var related: [RelatedLocation] = []
        switch why {
        case .app(let app):
            related = Array(app.related.prefix(3))
            if let beat = app.heartbeatSeconds {
                guard seconds <= beat else { return nil }
                // Capped at a day: a heartbeat read from code can be any number (`ping=1e300`).
                proposed = min(86_400, max(300, (beat * 2).rounded(.up)))
                silence = "not longer than the app's heartbeat interval (\(secondsText(beat)) s): the proxy closes the stream before the next ping"
            } else if app.heartbeatUnknown {
                guard seconds <= 60 else { return nil }
                silence = "a silence that long (model thinking, tool calls) ends the app's stream; no heartbeat is known (the stream's generator is not in a scanned file)"
            } else {
                guard seconds < 300 else { return nil }
                silence = "the app sends no heartbeat, so any silence that long (model thinking, tool calls) ends its stream"
            }
        case .llmServer(let server):
            // These servers send no keep-alive: a model load or a long prompt is silence on the wire.
            guard seconds < 300 else { return nil }
            silence = "\(server) is an LLM server that streams its answers without a heartbeat, so loading a model or reading a long prompt is silence that ends the stream"
        case .path(let word):
            guard seconds <= 60 else { return nil }
            silence = "the backend serves \(word), a stream; no heartbeat is known"
        }
        return (proposed, silence, related)
    }

    /// Apache httpd: each ProxyPass that carries a stream, with the backend timeout mod_proxy applies to it
    /// (`timeout=`, else ProxyTimeout, else Timeout, else 60 s): an idle timeout between reads of the backend.
    func checkApache(_ proxy: ProxyAnalysis, _ context: inout RuleContext) {
        guard let cfg = proxy.apache else { return }
        // WebSocket passes are tunnels; a balancer's read timeout is each BalancerMember's `timeout=` (not read).
        let passes = cfg.proxyPasses.filter { !$0.pass.isExclusion && $0.pass.problem == nil && !["ws", "wss", "balancer"].contains($0.pass.scheme ?? "") }
        var reported: Set<Int> = []
        for (pass, enclosing) in passes {
            guard let why = Self.apacheEvidence(pass, proxy, alone: passes.count == 1),
                  let (seconds, directive) = cfg.backendTimeout(pass, in: enclosing),
                  let (proposed, silence, related) = Self.verdict(seconds, why) else { continue }
            let at = directive?.range ?? pass.directive.range
            guard reported.insert(at.lowerBound).inserted else { continue }
            let shown: String
            if let d = directive, d.lowercasedName == "proxypass" || d.lowercasedName == "proxypassmatch" { shown = "timeout=\(pass.param("timeout")?.value ?? "")" }
            else if let d = directive { shown = "\(d.name) \(d.args.first ?? "") (line \(proxy.source.position(of: d.range.lowerBound).line))" }
            else { shown = "no ProxyTimeout or Timeout (httpd's default is 60 s)" }
            let message = "\(shown) for ProxyPass \(pass.path ?? "") \(pass.target ?? ""): mod_proxy gives up on a backend that sends nothing for that long; \(silence)"
            let value = "\(Int(proposed))"
            var fix: [Edit] = []
            var setting = "timeout=\(value) on this ProxyPass"
            if let d = directive, d.lowercasedName == "proxytimeout", d.words.count == 2 {
                fix = [Edit(file: proxy.source, range: d.words[1].range, replacement: value)]
                setting = "ProxyTimeout \(value)"
            } else if let p = pass.param("timeout") {
                fix = [Edit(file: proxy.source, range: p.word.range, replacement: "timeout=\(value)")]
            } else if let url = pass.url {
                // Timeout or the default: only this route gets the longer wait.
                fix = [Edit(file: proxy.source, range: url.range.upperBound..<url.range.upperBound, replacement: " timeout=\(value)")]
            }
            context.report(message, at: proxy.range(at), fix: fix, fixTitle: .with(["setting": setting]), related: related + proxy.otherLayers)
        }
    }

    /// Why a ProxyPass carries streams: its path names one, its backend is an LLM server, or the scanned app
    /// streams under its path (or it is the config's only ProxyPass).
    static func apacheEvidence(_ pass: ApacheConfig.ProxyPass, _ proxy: ProxyAnalysis, alone: Bool) -> Evidence? {
        // A regex path by its literal start (`^/api/stream(.*)$` → /api/stream).
        let literal = pass.path.map { p in pass.isRegex ? String(p.drop { $0 == "^" }.prefix { !"()[].*+?{}|$\\".contains($0) }) : p }
        // The scanned app first: it knows the stream's heartbeat.
        // A catch-all (`/`, or a regex with no literal start such as `\.php$`) counts only when it is the only pass.
        if let app = proxy.appStreams, let p = literal, alone || (p != "/" && !p.isEmpty && app.streamPaths.contains(where: { $0.hasPrefix(p) })) { return .app(app) }
        if let p = literal, p.hasPrefix("/"), p != "/", proxy.streamPath(p) { return .path(p) }
        if let t = pass.target, let host = t.split(separator: "/").dropFirst().first.map(String.init), ProxyAnalysis.llmServer(host) { return .llmServer("ProxyPass \(t)") }
        return nil
    }

    /// The backend's own line gets the new value; an inherited one gets a line of its own in the backend, so that
    /// other proxies keep their defaults.
    func fix(_ t: (seconds: Double, directive: HAProxyConfig.Directive, inherited: Bool), backend: HAProxyConfig.Section,
             value: String, _ proxy: ProxyAnalysis) -> [Edit] {
        let file = proxy.source
        if !t.inherited { return [Edit(file: file, range: t.directive.words[2].range, replacement: value)] }
        let headerLine = file.position(of: backend.header.range.lowerBound).line
        guard headerLine < file.lineStarts.count else { return [] }
        let insertAt = file.lineStarts[headerLine]
        let indent = backend.directives.first.map { d in
            String(decoding: file.bytes[file.lineStarts[file.position(of: d.range.lowerBound).line - 1]..<d.range.lowerBound], as: UTF8.self)
        } ?? "    "
        return [Edit(file: file, range: insertAt..<insertAt, replacement: "\(indent)timeout server \(value)\n")]
    }

}
