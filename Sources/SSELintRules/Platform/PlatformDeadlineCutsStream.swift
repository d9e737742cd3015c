import SSELintCore
import SSELintLaunch

/// PLT001 — see rules/proxy/PLT001.yml
struct PlatformDeadlineCutsStream: Rule {
    static let id: RuleID = "PLT001"

    func check(_ proxy: ProxyAnalysis, _ context: inout RuleContext) {
        let app = proxy.appStreams
        let longest = Options(context.optionValues).longestStream
        for l in proxy.platform where l.kind == .deadline {
            guard let s = l.seconds, s > 0, s < longest else { continue }
            // The route's own stream, or the scanned app's streams behind an infrastructure resource.
            guard let what = l.streams ?? app.map({ a in "the scanned app streams (\(a.related.first.map { "\($0.range.file.path):\($0.range.start.line)" } ?? "text/event-stream"))" }) else { continue }
            let t = secondsText(s)
            let shown = l.written ? PlatformLimit.shown(l) : "\(l.setting) not set (\(t) s by default)"
            let message = "\(l.platform) (\(l.resource), \(shown)) ends every request \(t) s after it starts, however many events flow: a streamed answer longer than \(t) s is cut mid-stream and a heartbeat does not help; \(l.streams.map { "it streams: \($0)" } ?? what)"
            context.report(message, at: SourceRange(file: l.source, start: l.range.lowerBound, end: l.range.upperBound),
                           severity: s <= 120 ? .error : .warning, fixTitle: .with(["setting": l.setting]),
                           related: (l.streams == nil ? Array((app?.related ?? []).prefix(2)) : []) + proxy.otherLayers)
        }
    }
}
