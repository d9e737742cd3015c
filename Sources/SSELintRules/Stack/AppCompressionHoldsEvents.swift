import SSELintCore
import SSELintSource

/// APP001 — see rules/app/APP001.yml
struct AppCompressionHoldsEvents: Rule {
    static let id: RuleID = "APP001"

    func check(_ app: AppAnalysis, _ context: inout RuleContext) {
        for r in app.file.responses where r.isSSE && r.streams {
            guard let c = Self.cover(r, app) else { continue }
            let at = app.range(r.range)
            let edit = c.header.flatMap { h in r.headerInsertion.flatMap { AppEdits.addHeaders([h], at: $0, in: app.file) } }
            context.report("\(r.kind) for \(app.describe(r)) streams text/event-stream through \(c.what): \(c.effect)",
                           at: at, fix: edit.map { [$0] }, fixTitle: .named(c.fixName),
                           related: [RelatedLocation(range: c.range, message: c.relatedMessage)])
        }
    }

    struct Cover {
        let what: String, effect: String, range: SourceRange, relatedMessage: String, fixName: String
        /// The header the fix adds, when the response's headers are a literal the fix can extend.
        let header: (String, String)?
    }

    static let zlibHold = "the compression package writes each event into its zlib stream and sends compressed bytes only when zlib's buffer fills or the response ends, so events reach the client late and in bursts"

    /// The compression middleware this response passes through, unless the response or the middleware opts out.
    static func cover(_ r: AppResponse, _ app: AppAnalysis) -> Cover? {
        let stack = app.deployment.stack, path = app.source.path
        let headers = app.headers(r)
        let encoding = headers.first { $0.lowercasedName == "content-encoding" }
        let hasCacheControl = headers.contains { $0.lowercasedName == "cache-control" }
        func at(_ file: Int, _ range: Range<Int>) -> SourceRange {
            SourceRange(file: app.deployment.apps[file].source, start: range.lowerBound, end: range.upperBound)
        }
        switch app.file.language {
        case .python:
            // Django: both middlewares skip a response that already has a Content-Encoding.
            // An async body under ASGI is compressed chunk by chunk (one gzip member each, Django 4.2+): not held.
            guard r.baseKind == "StreamingHttpResponse", encoding == nil, app.file.python?.generator(of: r)?.isAsync != true,
                  let (use, file) = stack.compression.first(where: { $0.use.framework != .expressCompression }) else { return nil }
            let name = use.framework == .djangoGzip ? "Django's GZipMiddleware" : "django-compression-middleware's CompressionMiddleware"
            return Cover(what: "\(name) (\(app.deployment.apps[file].source.path):\(at(file, use.range).start.line))",
                         effect: "it compresses the streaming body as one \(use.framework == .djangoGzip ? "gzip" : "brotli/zstd/gzip") stream and yields only what the compressor has emitted, never flushing per chunk, so events are held until its buffer fills or the stream ends",
                         range: at(file, use.range), relatedMessage: "compression middleware added here", fixName: "django",
                         header: ("Content-Encoding", "identity"))
        case .javascript:
            if packageSkips(headers) { return nil }
            let header: (String, String)? = hasCacheControl ? nil : ("Cache-Control", "no-cache, no-transform")
            // App Router route handlers are flushed after every chunk by Next itself (pipe-readable.ts), so only
            // Pages Router API routes writing to `res` are held.
            if isAppRouterHandler(path) { return nil }
            if isPagesAPIRoute(path) {
                if r.flushesCompression { return nil }
                guard let (config, file) = stack.nextConfigs.first(where: { AppStackModel.contains(Path.dirname(app.deployment.apps[$0.file].source.path), path) }),
                      config.compress == .unset || config.compress == .on, config.output != "export" else { return nil }
                let configPath = app.deployment.apps[file].source.path
                let selfHosted: String
                if config.output == "standalone" { selfHosted = "output: 'standalone'" }
                else if let l = stack.selfHostedLaunch(configPath: configPath) {
                    selfHosted = "\(l.file.path):\(l.start.line) runs the Next.js server" + (stack.script(run: l).map { " (package.json: \($0))" } ?? "")
                }
                else { return nil }
                let written = config.compress == .on ? "sets compress: true" : "leaves compress at its default (on)"
                let range = config.compressRange.map { at(file, $0) } ?? at(file, config.range)
                return Cover(what: "the self-hosted Next.js server's compression (\(configPath) \(written); \(selfHosted))",
                             effect: zlibHold + " (this API route never calls res.flush())",
                             range: range, relatedMessage: "Next.js compression is on here", fixName: "next", header: header)
            }
            if r.flushesCompression { return nil }
            guard let (use, file) = stack.compression.first(where: {
                $0.use.framework == .expressCompression && $0.use.filter == .none
                    && AppStackModel.contains(AppStackModel.reach(of: app.deployment.apps[$0.file].source.path), path)
            }) else { return nil }
            if stack.compression.contains(where: { $0.use.framework == .expressCompression && $0.use.filter != .none }) { return nil }
            let p = app.deployment.apps[file].source.path
            return Cover(what: "compression() (\(p):\(at(file, use.range).start.line))",
                         effect: zlibHold + " (this code never calls res.flush())",
                         range: at(file, use.range), relatedMessage: "compression middleware added here", fixName: "express", header: header)
        default:
            return nil
        }
    }

    /// The `compression` package skips a response with Cache-Control: no-transform or a Content-Encoding other than
    /// identity (a value it cannot read counts as skipping: not judged).
    static func packageSkips(_ headers: [AppHeader]) -> Bool {
        headers.contains { h in
            (h.lowercasedName == "cache-control" && h.value?.lowercased().contains("no-transform") != false)
                || (h.lowercasedName == "content-encoding" && h.value?.lowercased() != "identity")
        }
    }

    /// A Next.js App Router route handler (`app/**/route.*`).
    static func isAppRouterHandler(_ path: String) -> Bool {
        Path.basename(path).hasPrefix("route.") && (path.hasPrefix("app/") || path.contains("/app/"))
    }
    /// A Next.js Pages Router API route (`pages/api/**`).
    static func isPagesAPIRoute(_ path: String) -> Bool { path.hasPrefix("pages/api/") || path.contains("/pages/api/") }
}
