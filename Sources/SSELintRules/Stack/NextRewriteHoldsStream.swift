import SSELintCore
import SSELintSource

/// APP003 — see rules/app/APP003.yml
struct NextRewriteHoldsStream: Rule {
    static let id: RuleID = "APP003"

    func check(_ app: AppAnalysis, _ context: inout RuleContext) {
        guard let config = app.file.nextConfig, config.compress == .unset || config.compress == .on, config.output != "export" else { return }
        let d = app.deployment
        guard config.output == "standalone" || d.stack.selfHostedLaunch(configPath: app.source.path) != nil else { return }
        for rw in config.rewrites {
            guard let (prefix, exact) = Self.destinationPath(rw.destination) else { continue }
            // A streaming route of another app in the tree that this destination reaches.
            let hit = d.routes.lazy.filter { $0.file != app.fileIndex }.compactMap { r -> (Deployment.Route, AppResponse, AppFile)? in
                guard exact ? r.path == prefix : r.path.hasPrefix(prefix) else { return nil }
                guard let s = d.responses(of: r).first(where: { $0.response.streams && !AppCompressionHoldsEvents.packageSkips(d.headers($0.response)) }) else { return nil }
                return (r, s.response, s.file)
            }.first
            guard let (route, response, file) = hit else { continue }
            let at = SourceRange(file: file.source, start: response.range.lowerBound, end: response.range.upperBound)
            let written = config.compress == .on ? "compress: true" : "compress left on (the default)"
            context.report("rewrites() proxies \(rw.source) to \(rw.destination), reaching the backend's text/event-stream route \(route.path) (\(file.source.path):\(at.start.line)); with \(written), the self-hosted Next.js server pipes the proxied body through its compression without flushing, so events are held until zlib's buffer fills or the stream ends",
                           at: app.range(rw.range), related: [RelatedLocation(range: at, message: "the stream it proxies")])
        }
    }

    /// The literal path prefix of an external destination (`http://127.0.0.1:8000/:path*` → `/`), and whether it is
    /// an exact path (no parameter); nil for an internal rewrite or a host the path cannot be read from.
    static func destinationPath(_ d: String) -> (String, Bool)? {
        guard let scheme = d.range(of: "://"), d.hasPrefix("http") else { return nil }
        let rest = d[scheme.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return ("/", true) }
        let path = rest[slash...]
        if let param = path.firstIndex(where: { $0 == ":" || $0 == "(" || $0 == "*" }) { return (String(path[..<param]), false) }
        return (String(path), true)
    }
}
