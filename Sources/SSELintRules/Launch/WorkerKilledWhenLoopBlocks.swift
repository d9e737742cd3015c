import SSELintCore
import SSELintLaunch

/// RUN007 — see rules/launch/RUN007.yml
struct WorkerKilledWhenLoopBlocks: Rule {
    static let id: RuleID = "RUN007"

    func check(_ launch: LaunchAnalysis, _ context: inout RuleContext) {
        guard let first = launch.appBlockingCalls.first else { return }
        for s in launch.servers where s.kind == .gunicorn && s.usesUvicornWorker {
            let timeout = s.options["timeout"].map { "--timeout \($0.value)" } ?? "the default --timeout (30 s)"
            let anchor = s.options["timeout"].map { s.range(of: $0) } ?? s.range(of: s.options["worker-class"]!)
            context.report("gunicorn kills a Uvicorn worker whose event loop does not heartbeat within \(timeout), dropping all its streams, and the app blocks its event loop (\(launch.appBlockingCalls.count) blocking call\(launch.appBlockingCalls.count == 1 ? "" : "s") in async code, first at \(first.shortLocation))",
                           at: anchor, related: launch.appBlockingCalls.prefix(5).map { RelatedLocation(range: $0, message: "blocking call in async code (PY002)") })
        }
    }
}
