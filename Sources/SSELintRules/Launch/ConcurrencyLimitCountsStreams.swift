import SSELintCore
import SSELintLaunch

/// RUN006 — see rules/launch/RUN006.yml
struct ConcurrencyLimitCountsStreams: Rule {
    static let id: RuleID = "RUN006"

    func check(_ launch: LaunchAnalysis, _ context: inout RuleContext) {
        // Only where the app serves SSE (or no app code was scanned, RULES.md).
        if launch.appServesSSE == false { return }
        for s in launch.servers {
            guard let limit = s.options["limit-concurrency"] else { continue }
            context.report("--limit-concurrency \(limit.value): every open SSE stream holds one of the \(limit.value) slots; once they are taken new requests get 503, not a queue",
                           at: s.range(of: limit))
        }
    }
}
