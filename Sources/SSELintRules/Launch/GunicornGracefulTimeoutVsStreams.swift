import SSELintCore
import SSELintLaunch

/// RUN005 — see rules/launch/RUN005.yml
struct GunicornGracefulTimeoutVsStreams: Rule {
    static let id: RuleID = "RUN005"

    func check(_ launch: LaunchAnalysis, _ context: inout RuleContext) {
        // Only where the app serves SSE (or no app code was scanned): without open streams a restart waits for nothing.
        if launch.appServesSSE == false { return }
        for s in launch.servers where s.kind == .gunicorn && s.usesUvicornWorker {
            let cls = s.options["worker-class"]!
            // The project's own subclass that passes the graceful timeout through (`CONFIG_KWARGS`).
            if let last = cls.value.split(separator: ".").last, launch.gracefulWorkers.contains(String(last)) { continue }
            let graceful = s.options["graceful-timeout"].map { "--graceful-timeout \($0.value)" } ?? "the default graceful-timeout (30 s)"
            let deprecated = cls.value.hasPrefix("uvicorn.workers.") ? "; uvicorn.workers is deprecated since uvicorn 0.30, use uvicorn_worker.UvicornWorker" : ""
            context.report("gunicorn with \(cls.value) does not pass its graceful timeout to uvicorn: open SSE streams hold every restart for \(graceful) and are then killed\(deprecated)",
                           at: s.range(of: cls))
        }
    }
}
