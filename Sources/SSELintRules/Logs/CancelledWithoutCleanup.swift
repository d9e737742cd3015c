import SSELintCore
import SSELintLogs

/// LOG003 — see rules/logs/LOG003.yml
struct CancelledWithoutCleanup: Rule {
    static let id: RuleID = "LOG003"

    func check(_ log: LogAnalysis, _ context: inout RuleContext) {
        // Only a log that records stream ends can show one missing.
        guard log.events.contains(where: { $0.kind == .end }) else { return }
        for e in log.events where e.kind == .cancelled {
            guard let t = e.trace, let all = log.byTrace[t] else { continue }
            if all.contains(where: { $0.kind == .end && $0.line > e.line }) { continue }
            context.report("\(e.name) trace=\(t) and no \(log.patterns.end.first ?? "end") line for it afterwards: the generator was cancelled but the stream never finished",
                           at: log.range(e))
        }
    }
}
