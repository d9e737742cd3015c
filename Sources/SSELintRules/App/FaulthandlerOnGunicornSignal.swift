import SSELintCore
import SSELintSource

/// PY006 — see rules/python/PY006.yml
struct FaulthandlerOnGunicornSignal: Rule {
    static let id: RuleID = "PY006"

    func check(_ app: AppAnalysis, _ context: inout RuleContext) {
        guard let gunicorn = app.deployment.gunicorn else { return }
        for f in app.file.python?.faultHandlers ?? [] where f.signal.hasSuffix("SIGUSR1") && !f.chain {
            context.report("faulthandler.register(\(f.signal)) without chain=True replaces gunicorn's SIGUSR1 handler (log reopening), and it shows thread stacks, not suspended asyncio tasks",
                           at: app.range(f.range), related: [RelatedLocation(range: gunicorn, message: "gunicorn runs this app")])
        }
    }
}
