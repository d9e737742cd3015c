import SSELintCore
import SSELintLaunch

/// PRX009 — see rules/proxy/PRX009.yml
struct IngressAnnotationNeverApplied: Rule {
    static let id: RuleID = "PRX009"

    /// nginx directives that decide whether a stream is buffered, compressed, cached or cut.
    static let streamDirectives = ["proxy_buffering", "proxy_read_timeout", "proxy_send_timeout", "gzip", "chunked_transfer_encoding",
                                   "proxy_http_version", "proxy_cache", "x-accel-buffering", "proxy_request_buffering"]

    func check(_ proxy: ProxyAnalysis, _ context: inout RuleContext) {
        for ing in proxy.ingresses {
            if let c = ing.ingressClass?.lowercased(), IngressBuffersStream.otherClasses.contains(where: { c.contains($0) }) { continue }
            guard let why = IngressBuffersStream.carriesStreams(ing, proxy) else { continue }
            let prefix = ing.controller == .nginxInc ? "nginx.org/" : "nginx.ingress.kubernetes.io/"
            for a in ing.annotations where a.key.hasPrefix(prefix) && !a.templated {
                if let type = a.notString {
                    let quoted = "\"\(a.value)\""
                    context.report("Ingress \(ing.name): `\(a.key): \(a.value)` is a YAML \(type), not a string: the API server rejects the whole Ingress (annotations are strings; kubectl says \"cannot unmarshal \(type == "integer" || type == "number" ? "number" : type == "boolean" ? "bool" : "null") into Go struct field ObjectMeta.metadata.annotations of type string\"), and \(why)",
                                   at: SourceRange(file: ing.source, start: a.entry.lowerBound, end: a.entry.upperBound),
                                   fix: a.valueRange.map { [Edit(file: ing.source, range: $0, replacement: quoted)] } ?? [],
                                   fixTitle: .with(["change": "Quote the value: `\(a.key): \(quoted)`"]), related: proxy.otherLayers)
                    continue
                }
                guard !proxy.snippetsAllowed, Self.isSnippet(a.key) else { continue }
                let settings = Self.streamDirectives.filter { a.value.lowercased().contains($0) }
                guard !settings.isEmpty else { continue }
                let controller = ing.controller == .nginxInc
                    ? "F5 NGINX Ingress Controller ignores snippet annotations unless it runs with -enable-snippets (off by default)"
                    : "ingress-nginx 1.9 and later refuse snippet annotations unless the controller's ConfigMap sets allow-snippet-annotations: \"true\" (false by default): the admission webhook denies the Ingress, or without it the snippet is dropped"
                context.report("Ingress \(ing.name): `\(a.key)` sets \(settings.joined(separator: ", ")), but \(controller); this tree does not turn snippets on, so these stream settings may never reach nginx, and \(why)",
                               at: SourceRange(file: ing.source, start: a.entry.lowerBound, end: min(a.entry.upperBound, a.line.upperBound)),
                               fix: [], fixTitle: .with(["change": "Replace the snippet with the controller's own annotations"]), related: proxy.otherLayers)
            }
        }
    }

    static func isSnippet(_ key: String) -> Bool {
        ["nginx.ingress.kubernetes.io/configuration-snippet", "nginx.ingress.kubernetes.io/server-snippet",
         "nginx.org/location-snippets", "nginx.org/server-snippets"].contains(key)
    }
}
