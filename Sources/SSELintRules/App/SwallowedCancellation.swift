import SSELintCore
import SSELintSource

/// CAN004 — see rules/python/CAN004.yml
struct SwallowedCancellation: Rule {
    static let id: RuleID = "CAN004"

    func check(_ app: AppAnalysis, _ context: inout RuleContext) {
        for s in app.file.python?.swallows ?? [] {
            let what = s.types.isEmpty ? "a bare except:" : "except \(s.types)"
            context.report("\(what) in \(s.function)() does not re-raise: the task keeps running after the client left, and wait_for returns normally instead of timing out",
                           at: app.range(s.range))
        }
    }
}
