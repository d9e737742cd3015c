import SSELintCore
import SSELintLogs

/// LOG002 — see rules/logs/LOG002.yml
struct NewStreamDidNotCancelPrevious: Rule {
    static let id: RuleID = "LOG002"

    func check(_ log: LogAnalysis, _ context: inout RuleContext) {
        // Per session, the stream that is still open (started, neither cancelled nor ended).
        var open: [String: LogEvent] = [:]
        var closed: Set<String> = []
        for e in log.events {
            switch e.kind {
            case .cancelled, .end, .agentTimeout:
                if let t = e.trace { closed.insert(t) }
            case .start:
                guard let session = e.session else { continue }
                if let previous = open[session], let p = previous.trace, !closed.contains(p), p != e.trace {
                    context.report("stream_start trace=\(e.trace ?? "?") for session \(session) while trace=\(p) of the same session is still streaming: no stream_cancelled trace=\(p) reason=\(log.patterns.newStreamReason) came first, so old responses can appear in the new stream",
                                   at: log.range(e), related: [RelatedLocation(range: log.range(previous), message: "the previous stream of session \(session) started here")])
                }
                open[session] = e
            case .event: break
            }
        }
    }
}
