import SSELintCore
import SSELintLaunch
import SSELintNginx

/// PRX006 — see rules/proxy/PRX006.yml
struct IngressBuffersStream: Rule {
    static let id: RuleID = "PRX006"

    /// Service names of front ends (a web UI, a console, object storage): an Ingress to them carries no stream.
    /// Long enough to count inside a name (`agentportal`, `ops-console`); the short ones only as whole words.
    static let frontEndParts = ["portal", "console", "frontend", "static", "dashboard", "grafana", "minio", "storybook", "landing"]
    static let frontEndWords = ["web", "ui", "front", "docs", "admin", "www", "site"]
    static func isFrontEnd(_ service: String) -> Bool {
        let s = service.lowercased()
        return frontEndParts.contains { s.contains($0) } || words(s).contains { frontEndWords.contains($0) }
    }
    /// Service names of servers that stream LLM answers.
    static let streamingServiceWords = ["fastchat", "vllm", "ollama", "tgi", "text-generation", "litellm", "llm", "openai", "inference"]

    /// Ingress classes of other controllers: their nginx annotations are leftovers nobody reads.
    static let otherClasses = ["traefik", "alb", "gce", "haproxy", "kong", "istio", "contour", "ambassador", "azure", "caddy", "cilium"]

    func check(_ proxy: ProxyAnalysis, _ context: inout RuleContext) {
        for ing in proxy.ingresses {
            if let c = ing.ingressClass?.lowercased(), Self.otherClasses.contains(where: { c.contains($0) }) { continue }
            guard let why = Self.carriesStreams(ing, proxy) else { continue }
            switch ing.controller {
            case .communityNginx:
                // A snippet the controller applies (the tree turns snippets on) that turns buffering on: its effect.
                if proxy.snippetsAllowed, let (a, on) = Self.snippetBuffering(ing, "nginx.ingress.kubernetes.io/configuration-snippet"), on {
                    report(ing, at: a.entry, controller: "ingress-nginx", setting: "`proxy_buffering on` in its configuration-snippet", why: why, http10: false,
                           fix: [], title: .with(["annotation": "nginx.ingress.kubernetes.io/proxy-buffering", "value": "\"off\""]), proxy, &context)
                    continue
                }
                // Off by default (the controller's ConfigMap); only an explicit "on" buffers (validated case-sensitively).
                guard let a = ing.annotation("nginx.ingress.kubernetes.io/proxy-buffering"), !a.templated, a.value == "on" else { continue }
                let http10 = ing.annotation("nginx.ingress.kubernetes.io/proxy-http-version")?.value == "1.0"
                report(ing, at: a.entry, controller: "ingress-nginx", setting: "proxy-buffering: \"on\"", why: why, http10: http10,
                       fix: a.valueRange.map { [Edit(file: ing.source, range: $0, replacement: "\"off\"")] } ?? [],
                       title: .with(["annotation": "nginx.ingress.kubernetes.io/proxy-buffering", "value": "\"off\""]), proxy, &context)
            case .nginxInc:
                // F5 NGINX Ingress buffers unless told not to; a location snippet it applies can say so too.
                if proxy.snippetsAllowed, let (_, on) = Self.snippetBuffering(ing, "nginx.org/location-snippets"), !on { continue }
                let a = ing.annotation("nginx.org/proxy-buffering")
                if let a, a.templated || IngressObject.parseBoolFalse.contains(a.value) { continue }
                // A missing key that a template action may render in is unknown.
                if a == nil, ing.annotationsTemplated { continue }
                var edits: [Edit] = []
                if let a, let r = a.valueRange { edits = [Edit(file: ing.source, range: r, replacement: "\"False\"")] }
                else if a == nil, !ing.annotationsFlow, let key = ing.annotationsKey {
                    // Right after the `annotations:` line, indented as its entries.
                    let line = ing.source.position(of: key.lowerBound).line
                    if line < ing.source.lineStarts.count {
                        let at = ing.source.lineStarts[line]
                        let newline = ing.source.bytes[..<at].suffix(2) == [0x0D, 0x0A] ? "\r\n" : "\n"
                        edits = [Edit(file: ing.source, range: at..<at, replacement: "\(ing.annotationIndent)nginx.org/proxy-buffering: \"False\"\(newline)")]
                    }
                }
                let setting: String
                if let a { setting = IngressObject.parseBoolTrue.contains(a.value) ? "nginx.org/proxy-buffering: \"\(a.value)\"" : "nginx.org/proxy-buffering: \"\(a.value)\" (not a boolean the controller reads, so the default True stays)" }
                else { setting = "no nginx.org/proxy-buffering (default True)" }
                report(ing, at: a?.entry ?? ing.kindRange, controller: "F5 NGINX Ingress Controller", setting: setting,
                       why: why, http10: false, fix: edits,
                       title: .with(["annotation": "nginx.org/proxy-buffering", "value": "\"False\""]), proxy, &context)
            }
        }
    }

    /// Why this Ingress carries streams: a stream path, a Service named after an LLM server, or the tree's
    /// streaming app behind a Service that is not a front end. Nil when nothing says so.
    static func carriesStreams(_ ing: IngressObject, _ proxy: ProxyAnalysis) -> String? {
        if let p = ing.paths.first(where: { proxy.streamPath($0.path) }) { return "its path \(p.path) serves a stream" }
        if let p = ing.paths.first(where: { p in streamingServiceWords.contains { p.service.lowercased().contains($0) } }) {
            return "Service \(Self.shown(p.service)) is an LLM server that streams its answers"
        }
        guard let app = proxy.appStreams else { return nil }
        let services = ing.paths.map { $0.service.lowercased() }
        guard !services.isEmpty, !services.allSatisfy(isFrontEnd) else { return nil }
        let route = app.related.first.map { " (\($0.message.replacingOccurrences(of: " defined here", with: "")))" } ?? ""
        return "the app in this tree streams\(route) and Service \(Self.shown(ing.paths[0].service)) is not a front end"
    }

    /// The last `proxy_buffering` a snippet annotation sets, read as nginx reads it (nil when it sets none or is
    /// not valid nginx): whether it is on, with the annotation.
    static func snippetBuffering(_ ing: IngressObject, _ key: String) -> (IngressObject.Annotation, Bool)? {
        guard let a = ing.annotation(key), !a.templated,
              case .success(let f) = NginxParser.parse(SourceFile(path: ing.source.path, bytes: Array(a.value.utf8))) else { return nil }
        guard let d = f.directives.last(where: { $0.name == "proxy_buffering" }), let v = d.arg(0) else { return nil }
        return (a, v.lowercased() == "on")   // nginx reads on/off without case
    }

    static func words(_ s: String) -> [String] { s.split { !$0.isLetter && !$0.isNumber }.map(String.init) }
    static func shown(_ service: String) -> String { service.trimmingCharacters(in: .whitespaces).isEmpty ? "(templated)" : service.trimmingCharacters(in: .whitespaces) }

    func report(_ ing: IngressObject, at range: Range<Int>, controller: String, setting: String, why: String, http10: Bool,
                fix: [Edit], title: FixTitle, _ proxy: ProxyAnalysis, _ context: inout RuleContext) {
        // The controllers speak HTTP/1.1 to the Service: with buffering on, events pass only while the app chunks
        // its body (nginx's chunked-framing path); HTTP/1.0 or gzip holds them until the response ends.
        let effect = http10
            ? "with proxy-http-version \"1.0\" the app's body is close-delimited and nginx holds every event until the response ends"
            : "nginx holds events in its buffers; they pass early only while the app chunks its body over HTTP/1.1 (an undocumented path that gzip or an HTTP/1.0 upstream closes)"
        let related = proxy.appStreams.map { Array($0.related.prefix(2)) } ?? []
        context.report("Ingress \(ing.name): \(setting) for \(controller), and \(why): \(effect)",
                       at: SourceRange(file: ing.source, start: range.lowerBound, end: range.upperBound), severity: http10 ? .error : nil,
                       fix: fix, fixTitle: title, related: related + proxy.otherLayers)
    }
}
