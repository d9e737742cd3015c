import SSELintCore
import SSELintLaunch
import SSELintProxy

/// PRX008 — see rules/proxy/PRX008.yml
struct CompressionHoldsEvents: Rule {
    static let id: RuleID = "PRX008"

    func check(_ proxy: ProxyAnalysis, _ context: inout RuleContext) {
        checkHAProxy(proxy, &context)
        guard let model = proxy.traefik, let file = proxy.traefikFile else { return }
        var reported: Set<Int> = []
        for router in model.routers {
            guard let stream = proxy.traefikStream(router) else { continue }
            for (m, via) in model.middlewares(of: router) where m.kind == "compress" {
                // Reported once, where the middleware is defined; the message names where it is attached.
                let at = m.first
                guard at.source.path == file.source.path, reported.insert(at.range.lowerBound).inserted else { continue }
                guard let verdict = Self.verdict(m, model.version) else { continue }
                let where_ = via.source.path == m.first.source.path ? "" : " (attached at \(via.source.path):\(via.source.position(of: via.range.lowerBound).line))"
                context.report("Traefik middleware \(m.name) compresses text/event-stream on the stream's router\(where_): \(verdict.effect); \(stream.phrase)",
                               at: SourceRange(file: at.source, start: at.range.lowerBound, end: at.range.upperBound),
                               severity: verdict.error ? .error : .warning, fix: Self.fix(m), fixTitle: .with(["middleware": "Traefik middleware " + m.name]),
                               related: stream.related + proxy.otherLayers)
            }
        }
    }

    /// Whether the middleware leaves text/event-stream uncompressed, else what compressing it does in the pinned
    /// version; nil when the stream is compressed event by event (no effect).
    static func verdict(_ m: TraefikModel.Middleware, _ version: (major: Int, minor: Int, text: String, at: SourceRange)?) -> (effect: String, error: Bool)? {
        let list = { (key: String) in m.options[key]?.value.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        if let excluded = list("excludedcontenttypes"), excluded.contains(where: { $0.hasPrefix("text/event-stream") }) { return nil }
        if let included = list("includedcontenttypes"), !included.contains(where: { $0.hasPrefix("text/event-stream") }) { return nil }
        // Compression only with gzip (v3.2's `encodings`) streams in every v3 release.
        let gzipOnly = list("encodings").map { !$0.contains("br") && !$0.contains("zstd") } ?? false
        guard let v = version else {
            return ("Traefik v3.0 to v3.3.4 hold each response, headers included, until 1024 bytes are written when the client accepts br or zstd (browsers over HTTPS do), and v2.0 to v2.4 until 1400 bytes; this tree does not pin the version that runs it", false)
        }
        let held: Bool
        switch (v.major, v.minor) {
        case (2, 0...4): held = true
        case (3, 0...2): held = !gzipOnly
        case (3, 3): held = !gzipOnly && patch(v.text).map { $0 < 5 } ?? true
        default: held = false
        }
        guard held else { return nil }
        let how = v.major == 2 ? "holds each response until 1400 bytes are written (its gzip writer ignores flushes before then)"
            : "holds each response, headers included, until 1024 bytes are written when the client accepts br or zstd (browsers over HTTPS do): flushes are ignored until compression starts, fixed in v3.3.5"
        return ("Traefik \(v.text) (\(v.at.file.path):\(v.at.start.line)) \(how), so short events arrive late or together", true)
    }

    static func patch(_ tag: String) -> Int? {
        let parts = tag.drop { $0 == "v" }.split(separator: ".")
        return parts.count >= 3 ? Int(parts[2].prefix { $0.isNumber }) : nil
    }

    /// A label middleware gets `…compress.excludedcontenttypes=text/event-stream` on the line after its first label
    /// (same list style and indentation); an existing label exclusion list gets the type appended. Other forms are
    /// shown, not applied.
    static func fix(_ m: TraefikModel.Middleware) -> [Edit] {
        let src = m.first.source
        if let ex = m.options["excludedcontenttypes"], ex.service != nil {
            let end = ex.range.upperBound
            let quoted = end > 0 && (src.bytes[end - 1] == 0x22 || src.bytes[end - 1] == 0x27)
            let at = quoted ? end - 1 : end
            return [Edit(file: src, range: at..<at, replacement: ",text/event-stream")]
        }
        guard m.first.service != nil, m.options["includedcontenttypes"] == nil else { return [] }
        let line = src.position(of: m.first.range.lowerBound).line
        guard line < src.lineStarts.count else { return [] }
        let ls = src.lineStarts[line - 1], next = src.lineStarts[line]
        let text = src.text(ls..<next)
        let key = "traefik." + m.first.key.joined(separator: ".")
        guard let k = text.range(of: key) else { return [] }
        // Same line with the key (and what follows it) replaced: `- "traefik.http.middlewares.x.compress=true"` or
        // `traefik.http.middlewares.x.compress: "true"`.
        let prefix = text[..<k.lowerBound]
        let listForm = prefix.trimmingCharacters(in: .whitespaces).hasPrefix("-")
        let quote = prefix.last == "\"" || prefix.last == "'" ? String(prefix.last!) : ""
        let name = "traefik.http.middlewares.\(m.name).compress.excludedcontenttypes"
        let newline = text.hasSuffix("\r\n") ? "\r\n" : "\n"
        // Mapping form: a quoted key is closed after the key (`"traefik…excludedcontenttypes": text/event-stream`).
        let line2 = listForm ? "\(prefix)\(name)=text/event-stream\(quote)" : "\(prefix)\(name)\(quote): text/event-stream"
        return [Edit(file: src, range: next..<next, replacement: line2 + newline)]
    }

    /// HAProxy: `compression algo` in force for a backend that carries a stream (the backend's own, else the
    /// frontend's, each through its defaults), with a `compression type` list that is absent (every type but
    /// multipart) or prefix-matches text/event-stream.
    func checkHAProxy(_ proxy: ProxyAnalysis, _ context: inout RuleContext) {
        // `Cache-Control: no-transform` on every stream turns HAProxy's compression off for them.
        guard let cfg = proxy.haproxy, proxy.appStreams?.sendsNoTransform != true else { return }
        var reported: Set<Int> = []
        for front in cfg.sections where front.takesRequests {
            let routes = cfg.backends(of: front)
            for (index, condition, _) in routes {
                let backend = cfg.sections[index]
                guard cfg.mode(of: backend) == "http",
                      let why = ProxyTimeoutBelowStreamSilence.carriesStreams(backend, condition: condition, alone: routes.count == 1, proxy) else { continue }
                func inForce(_ keyword: String) -> (HAProxyConfig.Directive, HAProxyConfig.Section)? {
                    for s in [backend] + cfg.defaultsChain(of: backend) + [front] + cfg.defaultsChain(of: front) {
                        if let d = s.all("compression", keyword).last { return (d, s) }
                    }
                    return nil
                }
                guard let (algo, algoSection) = inForce("algo"), algo.args.dropFirst().contains(where: { $0 != "identity" }),
                      reported.insert(algo.range.lowerBound).inserted else { continue }
                let type = inForce("type")
                let sse = type.map { t in t.0.words.dropFirst(2).filter { "text/event-stream".hasPrefix($0.text.lowercased()) && !$0.text.isEmpty } }
                if let sse, sse.isEmpty { continue }
                let types = type.map { "`compression type` at line \(proxy.source.position(of: $0.0.range.lowerBound).line) lists \(sse?.map(\.text).joined(separator: ", ") ?? "")" }
                    ?? "no `compression type` list, so every type but multipart is compressed"
                let stream: String
                switch why {
                case .app: stream = "backend \(backend.name) serves the streaming app in this tree"
                case .llmServer(let s): stream = "backend \(backend.name) has \(s), an LLM server that streams its answers"
                case .path(let p): stream = "backend \(backend.name) serves the stream \(p)"
                }
                var related: [RelatedLocation] = []
                if case .app(let facts) = why { related = Array(facts.related.prefix(2)) }
                context.report("`\(algo.words.map(\.text).joined(separator: " "))` (\(algoSection.name.isEmpty ? algoSection.kind.rawValue : "\(algoSection.kind.rawValue) \(algoSection.name)")) and \(types): HAProxy gzips text/event-stream, and HAProxy 2.6 built with libslz (Debian and Ubuntu packages) keeps each event's last bytes in the compressor until the app writes again, so every event is dispatched one event late and the one before a pause waits out the pause; \(stream)",
                               at: proxy.range(algo.range), fix: sse?.count == type.map({ $0.0.words.count - 2 }) ? [] : Self.removeTypes(sse ?? [], proxy.source), fixTitle: .with(["middleware": "HAProxy"]),
                               related: related + proxy.otherLayers)
            }
        }
    }

    /// Drops the words that match text/event-stream from `compression type` (the list stays, so the other types
    /// are still compressed). With no list nothing is edited: adding one would change what else is compressed.
    static func removeTypes(_ words: [HAProxyConfig.Word], _ file: SourceFile) -> [Edit] {
        words.map { w in
            var start = w.range.lowerBound
            while start > 0, file.bytes[start - 1] == 0x20 || file.bytes[start - 1] == 0x09 { start -= 1 }
            return Edit(file: file, range: start..<w.range.upperBound, replacement: "")
        }
    }
}
