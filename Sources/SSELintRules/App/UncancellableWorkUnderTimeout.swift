import SSELintCore
import SSELintSource

/// CAN005 — see rules/python/CAN005.yml
struct UncancellableWorkUnderTimeout: Rule {
    static let id: RuleID = "CAN005"

    func check(_ app: AppAnalysis, _ context: inout RuleContext) {
        guard let py = app.file.python else { return }
        var seen: Set<Int> = []
        for w in py.waits where w.kind != .timeout {
            // The task is a thread itself, or its coroutine hands work to a thread or blocks.
            var work: (String, Range<Int>)?
            if let t = w.taskThread { work = t }
            else if let fn = w.taskFunction {
                if let c = py.threadCalls.first(where: { $0.function == fn }) { work = (c.call, c.range) }
                else if let c = py.blockingCalls.first(where: { $0.function == fn }) { work = (c.call, c.range) }
            }
            guard let (call, range) = work, seen.insert(w.range.lowerBound).inserted else { continue }
            context.report("\(w.target ?? "the task") runs \(call)(…) at line \(app.source.position(of: range.lowerBound).line), which cancellation cannot interrupt: this wait \(w.cancelContext ?? "") ends, the thread keeps running",
                           at: app.range(w.range), related: [RelatedLocation(range: app.range(range), message: "\(call) runs here")])
        }
    }
}
