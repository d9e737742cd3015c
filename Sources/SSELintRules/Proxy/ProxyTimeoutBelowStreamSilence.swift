import SSELintCore
import SSELintProxy

/// PRX004 — see rules/proxy/PRX004.yml
struct ProxyTimeoutBelowStreamSilence: Rule {
    static let id: RuleID = "PRX004"

    func check(_ proxy: ProxyAnalysis, _ context: inout RuleContext) {
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
        var proposed = 300.0
        let silence: String
        var related: [RelatedLocation] = []
        switch why {
        case .app(let app):
            related = Array(app.related.prefix(3))
            if let beat = app.heartbeatSeconds {
                guard t.seconds <= beat else { return }
                proposed = max(300, (beat * 2).rounded(.up))
                silence = "not longer than the app's heartbeat interval (\(secondsText(beat)) s): HAProxy closes the stream before the next ping"
            } else if app.heartbeatUnknown {
                guard t.seconds <= 60 else { return }
                silence = "a silence that long (model thinking, tool calls) ends the app's stream; no heartbeat is known (the stream's generator is not in a scanned file)"
            } else {
                guard t.seconds < 300 else { return }
                silence = "the app sends no heartbeat, so any silence that long (model thinking, tool calls) ends its stream"
            }
        case .llmServer(let server):
            // These servers send no keep-alive: a model load or a long prompt is silence on the wire.
            guard t.seconds < 300 else { return }
            silence = "\(server) is an LLM server that streams its answers without a heartbeat, so loading a model or reading a long prompt is silence that ends the stream"
        case .path(let word):
            guard t.seconds <= 60 else { return }
            silence = "the backend serves \(word), a stream; no heartbeat is known"
        }
        let value = "\(secondsText(proposed))s"
        let message = "\(shown) on backend \(backend.name): HAProxy closes a response when the server sends nothing for that long; \(silence) (`timeout tunnel` does not apply to SSE, and `timeout client` does not cut it)"
        context.report(message, at: proxy.range(t.directive.range), fix: fix(t, backend: backend, value: value, proxy),
                       fixTitle: .with(["value": value]), related: related + proxy.otherLayers)
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
