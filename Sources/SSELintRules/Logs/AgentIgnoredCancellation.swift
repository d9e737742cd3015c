import SSELintCore
import SSELintLogs

/// LOG001 — see rules/logs/LOG001.yml
struct AgentIgnoredCancellation: Rule {
    static let id: RuleID = "LOG001"

    func check(_ log: LogAnalysis, _ context: inout RuleContext) {
        for e in log.events where e.kind == .agentTimeout {
            let start = e.trace.flatMap { log.byTrace[$0]?.first { $0.kind == .start } }
            context.report("\(e.name)\(e.trace.map { " trace=\($0)" } ?? ""): the agent did not stop within the cancellation timeout after its stream was cancelled; the blocking call in the agent ignores cancellation",
                           at: log.range(e), related: start.map { [RelatedLocation(range: log.range($0), message: "the stream started here")] } ?? [])
        }
    }
}
