import SSELintCore
import SSELintSource

/// APP002 — see rules/app/APP002.yml
struct GoDeadlineCutsStream: Rule {
    static let id: RuleID = "APP002"

    func check(_ app: AppAnalysis, _ context: inout RuleContext) {
        guard app.file.language == .go else { return }
        let stack = app.deployment.stack, longest = Options(context.optionValues).longestStream
        for r in app.file.responses where r.isSSE && r.streams {
            // The files that register the response's route (the handler may live in another package).
            let routeFiles = Set(app.routeKeys(r).compactMap { $0.split(separator: ":").first.flatMap { Int($0) } })
            let routePaths = app.routeKeys(r).compactMap { app.deployment.path(ofKey: $0) }
            let handlerFiles = routeFiles.union([app.fileIndex])
            for (d, file) in stack.goDeadlines {
                guard let verdict = Self.verdict(d, longest) else { continue }
                let source = app.deployment.apps[file].source
                let dir = Path.dirname(source.path)
                switch d.kind {
                case .writeTimeout:
                    // One server in the tree serves everything; with several, the one beside the handler or its routes.
                    guard stack.goServerCount <= 1 || handlerFiles.contains(where: { Path.dirname(app.deployment.apps[$0].source.path) == dir })
                    else { continue }
                    if handlerFiles.contains(where: stack.writeDeadlineResets.contains) { continue }
                case .routerTimeout:
                    // Router middleware covers the routes registered in its file under its prefix.
                    guard routeFiles.contains(file), routePaths.contains(where: { d.prefix.isEmpty || $0.hasPrefix(d.prefix) }),
                          !r.detachesRequestContext else { continue }
                }
                let at = SourceRange(file: source, start: d.range.lowerBound, end: d.range.upperBound)
                let line = at.start.line
                let message: String
                switch d.kind {
                case .writeTimeout:
                    let clears = d.framework == "fiber" ? "fasthttp sets it just before writing the streamed body, so no handler can clear it"
                        : "this handler never clears it with SetWriteDeadline"
                    message = "\(app.describe(r)) streams text/event-stream (\(app.source.path):\(app.range(r.range).start.line)), but the server's WriteTimeout: \(d.text) (\(source.path):\(line)) is a deadline on the whole response\(d.framework == "fiber" ? "" : ", set when the request is read"): \(verdict.effect), and \(clears)"
                case .routerTimeout:
                    message = "\(app.describe(r)) streams text/event-stream (\(app.source.path):\(app.range(r.range).start.line)) under the router's Timeout(\(d.text)) middleware (\(source.path):\(line)): it cancels the request's context \(verdict.after), which ends a stream that follows r.Context() (an LLM call, a watch, a select on ctx.Done()) mid-answer"
                }
                // Router middleware ends the stream for sure when the handler reads the request's context.
                let severity: Severity = d.seconds == nil ? .warning : d.kind == .routerTimeout && !r.followsRequestContext ? .warning : verdict.severity
                context.report(message, at: app.range(r.range), severity: severity,
                               fixTitle: .named(d.kind == .routerTimeout ? "router-timeout" : d.framework == "fiber" ? "fiber" : "write-timeout"),
                               related: [RelatedLocation(range: at, message: d.kind == .writeTimeout ? "WriteTimeout set here" : "timeout middleware added here")])
            }
        }
    }

    /// What the deadline does to a stream; nil when it cuts no plausible stream (0: disabled; at least
    /// `longest-stream`: a cap sized on purpose).
    static func verdict(_ d: GoDeadline, _ longest: Double) -> (effect: String, after: String, severity: Severity)? {
        guard let s = d.seconds else {
            return ("its value is computed, and any non-zero value ends every stream that runs longer", "after the configured time", .warning)
        }
        guard s > 0, s < longest else { return nil }
        let t = secondsText(s)
        return ("the server stops writing \(t) s into the response, however many events flow, so each answer longer than \(t) s is cut mid-stream", "\(t) s after the request", .error)
    }
}
