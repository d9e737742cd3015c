import SSELintCore
import SSELintSource

/// HDR006 — see rules/app/HDR006.yml
struct SseResponseMissesQuickReferenceHeader: Rule {
    static let id: RuleID = "HDR006"

    /// The quick reference's headers that sselint asks for: name, the value the fix adds, and how much its absence
    /// matters. `Connection: keep-alive`, the fifth, is never asked for: it is hop-by-hop, nginx drops it and HTTP/2
    /// forbids it (FACTS §1.6, §7), and HDR002 flags apps that set it.
    static let set: [(name: String, value: String, severity: Severity)] = [
        ("X-Accel-Buffering", "no", .warning), ("Cache-Control", "no-cache", .warning),
        ("Pragma", "no-cache", .info), ("Expires", "0", .info),
    ]

    /// The default set asks only for headers that change something for this route: X-Accel-Buffering where an
    /// nginx-family proxy may be in front (one was scanned, or no proxy is known) and does not already proxy the
    /// route unbuffered; Cache-Control where a scanned cache stores the route and HDR004 does not already say so.
    /// Pragma and Expires change nothing a Cache-Control would not; they are the quick-reference preset's.
    static func matters(_ name: String, _ r: AppResponse, _ app: AppAnalysis) -> Bool {
        switch name {
        case "X-Accel-Buffering":
            let d = app.deployment
            if app.bufferedBy(r) != nil { return true }
            if app.unbufferedByNginx(r) { return false }
            // The scanned nginx proxies everything unbuffered: whichever location serves this route, it streams.
            if d.nginxScanned && !d.nginxBuffersSomewhere { return false }
            // Kubernetes Ingress objects and no nginx config: the community ingress-nginx streams unless an
            // annotation turns proxy-buffering on (its default is off), and other controllers ignore the header.
            if !d.nginxScanned, d.ingress.ingress != nil || d.ingress.bufferingOff != nil, d.ingress.bufferingOn == nil { return false }
            return d.nginxScanned || d.otherProxies.isEmpty
        case "Cache-Control":
            return app.cachedBy(r) != nil && !app.enabledRules.contains("HDR004")
        default:
            return false
        }
    }

    func check(_ app: AppAnalysis, _ context: inout RuleContext) {
        for r in app.sseResponses where !r.headersOpaque && !app.sendsAtOnce(r) {
            // A stream of keep-alive comments only has no event for a buffer to delay.
            if app.file.python?.generator(of: r)?.commentsOnly == true, !context.settings.quickReference { continue }
            // A value nginx does not understand (`X-Accel-Buffering: off`) is no header at all (NGX004 says so).
            let have = Set(app.headers(r).filter { $0.lowercasedName != "x-accel-buffering" || $0.value.map(InvalidXAccelBufferingValueInApp.valid) ?? true }
                .map(\.lowercasedName))
            var missing = Self.set.filter { !have.contains($0.name.lowercased()) }
            if !context.settings.quickReference { missing.removeAll { !Self.matters($0.name, r, app) } }
            // Asking for headers that another enabled rule flags would trade one finding for another: Pragma and
            // Expires are HDR003's (redundant), when a team turns it on.
            if app.enabledRules.contains("HDR003") { missing.removeAll { $0.name == "Pragma" || $0.name == "Expires" } }
            guard !missing.isEmpty else { continue }
            var severity = missing.map(\.severity).max()!
            var related: [RelatedLocation] = []
            var why = ""
            if missing.contains(where: { $0.name == "X-Accel-Buffering" }) {
                if let b = app.bufferedBy(r) {
                    severity = .error
                    why = "; nginx buffers this route (\(b.text), see NGX001 at \(b.range.shortLocation)), so events arrive in bursts"
                    related.append(RelatedLocation(range: b.range, message: "nginx location that buffers this route (NGX001)"))
                } else if app.unbufferedByNginx(r) {
                    why = "; the nginx location that proxies this route already has proxy_buffering off, so the header only keeps it unbuffered behind another nginx"
                } else if app.deployment.nginxScanned, let streaming = app.deployment.nginxUnbufferedLocation {
                    // Which location serves this route is not known, and the config has one set up for streaming:
                    // most likely this one. Context, not a break.
                    severity = missing.map { $0.name == "X-Accel-Buffering" ? .info : $0.severity }.max()!
                    why = "; this route was not matched to a location of the nginx in this tree, which proxies some locations unbuffered (\(streaming.shortLocation)) and others with buffering on; the header keeps the stream unbuffered whichever serves it"
                } else if app.deployment.nginxScanned {
                    why = "; an nginx in front buffers proxied responses by default (proxy_buffering on), and this header from the app is what turns that off for the stream"
                } else {
                    // No proxy config in the tree: nothing here buffers the stream yet; the header matters the day an
                    // nginx (or an nginx-based ingress) is put in front. Context, not a break.
                    severity = missing.map { $0.name == "X-Accel-Buffering" ? .info : $0.severity }.max()!
                    if let on = app.deployment.ingress.bufferingOn {
                        why = "; an Ingress in this tree turns ingress-nginx buffering on (\(on.shortLocation)) and sselint could not tell whether it fronts this route; where it does, this header from the app is what turns buffering off for the stream"
                    } else {
                        let found = app.deployment.otherProxies.isEmpty ? "no proxy config was found in this tree" : "the proxy in this tree is \(app.deployment.otherProxies[0]), which does not read it"
                        why = "; \(found), but an nginx put in front (or an nginx-based ingress) buffers proxied responses by default, and this header from the app is what turns that off for the stream"
                    }
                }
            }
            let names = missing.map { "\($0.name): \($0.value)" }.joined(separator: ", ")
            let edit = r.headerInsertion.flatMap { AppEdits.addHeaders(missing.map { ($0.name, $0.value) }, at: $0, in: app.file) }
            if let cache = missing.contains(where: { $0.name == "Cache-Control" }) ? app.cachedBy(r) : nil {
                why += "; nginx caches this route (proxy_cache at \(cache.shortLocation)) and would replay the stream to later clients"
            }
            let set = context.settings.quickReference ? " (the header set of the quick-reference preset)" : ""
            context.report("\(r.kind) for \(app.describe(r)) does not send \(names)\(set)\(why)",
                           at: app.range(r.range), severity: severity, fix: edit.map { [$0] },
                           fixTitle: .with(["headers": missing.map(\.name).joined(separator: ", ")]), related: related)
        }
    }
}
