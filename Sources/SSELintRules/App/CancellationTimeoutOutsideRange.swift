import SSELintCore
import SSELintSource

/// CAN002 — see rules/python/CAN002.yml
struct CancellationTimeoutOutsideRange: Rule {
    static let id: RuleID = "CAN002"

    func check(_ app: AppAnalysis, _ context: inout RuleContext) {
        guard let py = app.file.python else { return }
        let (lo, hi) = (app.settings.cancellationTimeout.min, app.settings.cancellationTimeout.max)
        for w in py.waits {
            guard case .number(let v, let boundAt) = w.timeout, let at = w.timeoutRange else { continue }
            guard v <= 0 || v < lo || v > hi else { continue }
            let shown = secondsText(v)
            let bound = boundAt.map { " (set at line \(app.source.position(of: $0.lowerBound).line))" } ?? ""
            let why = v <= 0 ? "\(shown) s cancels and gives up at once: the agent gets no time to clean up"
                : v < lo ? "\(shown) s is below \(lo) s, the most aggressive sensible value: slow cleanups hit the timeout"
                : "\(shown) s is above \(hi) s: users report that stopping takes too long"
            context.report("cancellation timeout \(shown)\(bound) of \(w.kind.rawValue) \(w.cancelContext ?? ""): \(why) (range [\(lo), \(hi)])",
                           at: app.range(boundAt ?? at), severity: v <= 0 ? .error : .warning)
        }
    }
}
