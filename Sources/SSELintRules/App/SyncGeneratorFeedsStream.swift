import SSELintCore
import SSELintSource

/// PY001 — see rules/python/PY001.yml
struct SyncGeneratorFeedsStream: AppRule {
    static let id = "PY001"

    func check(_ app: AppAnalysis, _ context: inout RuleContext) {
        guard let py = app.file.python else { return }
        for r in app.file.responses where r.streams {
            // A generator that yields a few literals without waiting has no next() to run on after a disconnect.
            guard let body = r.bodyFunction, let g = py.generator(of: r), g.isGenerator, !g.isAsync, !g.yieldsAtOnce,
                  ["StreamingResponse"].contains(r.kind) || r.kind.hasPrefix("EventSourceResponse") else { continue }
            context.report("\(r.kind) for \(app.describe(r)) iterates the plain generator \(body)() in a worker thread: on disconnect its current next() runs on and it is never closed",
                           at: app.range(r.range), related: [RelatedLocation(range: app.range(g.nameRange), message: "def \(body)() is not async")])
        }
    }
}
