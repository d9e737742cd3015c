import SSELintCore
import SSELintSource

/// CAN001 — see rules/python/CAN001.yml
struct UnboundedCancellationWait: Rule {
    static let id: RuleID = "CAN001"

    func check(_ app: AppAnalysis, _ context: inout RuleContext) {
        guard let py = app.file.python else { return }
        // A thread's future (`loop.run_in_executor`, `to_thread`) cannot ignore cancellation: awaiting it ends when
        // the thread does, and bounding the wait would not stop the thread. CAN005 reports that case.
        for w in py.waits where !(w.taskThread != nil && w.taskFunction == nil) {
            let context_ = w.cancelContext ?? ""
            var edit: Edit?
            let what: String
            switch (w.kind, w.timeout) {
            case (.await_, _):
                guard let t = w.target else { continue }
                what = "`await \(t)`"
                if py.importsAsyncio { edit = Edit(file: app.source, range: w.callRange, replacement: "await asyncio.wait_for(\(t), timeout=0.5)") }
            case (.waitFor, .none), (.timeout, .none):
                what = "\(w.kind.rawValue)(…, timeout=None)"
                edit = w.timeoutRange.map { Edit(file: app.source, range: $0, replacement: "0.5") }
            case (.wait, .absent):
                what = "asyncio.wait(…) without timeout="
                edit = w.timeoutInsertion.map { Edit(file: app.source, range: $0.offset..<$0.offset, replacement: ($0.needsSeparator ? ", " : "") + "timeout=0.5") }
            case (.wait, .none):
                what = "asyncio.wait(…, timeout=None)"
                edit = w.timeoutRange.map { Edit(file: app.source, range: $0, replacement: "0.5") }
            default: continue
            }
            context.report("\(what) \(context_) has no bound: if \(w.target ?? "the task") ignores or delays cancellation this never returns and the process needs kill -9",
                           at: app.range(w.range), fix: edit.map { [$0] })
        }
    }
}
