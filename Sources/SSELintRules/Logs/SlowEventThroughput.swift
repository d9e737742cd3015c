import SSELintCore
import SSELintLogs

/// LOG004 — see rules/logs/LOG004.yml
struct SlowEventThroughput: Rule {
    static let id: RuleID = "LOG004"

    func check(_ log: LogAnalysis, _ context: inout RuleContext) {
        let o = Options(context.optionValues)
        let (minimum, needed) = (o.minEventsPerSecond, o.minEvents)
        for (trace, events) in log.byTrace.sorted(by: { $0.key < $1.key }) {
            let timed = events.filter { $0.kind == .event && $0.time != nil }
            guard timed.count >= max(2, needed), let first = timed.first?.time, let last = timed.last?.time, last > first else { continue }
            let rate = Double(timed.count - 1) / (last - first)
            guard rate < minimum else { continue }
            let shown = (rate * 10).rounded() / 10
            context.report("trace=\(trace): \(timed.count) status/delta events in \(String(format: "%.2f", last - first)) s (\(shown)/s), below \(Int(minimum))/s for normal LLM streaming",
                           at: log.range(timed[0]))
        }
    }
}
