import SSELintCore
import SSELintLaunch

/// RUN010 — see rules/launch/RUN010.yml
struct SyncWorkersServeStreams: Rule {
    static let id: RuleID = "RUN010"

    /// Worker classes that serve one request per worker (sync) or per thread (gthread); the async ones (gevent,
    /// eventlet, tornado, Uvicorn) hold a stream without holding a worker.
    static func blockingClass(_ s: ServerLaunch) -> String? {
        let cls = s.options["worker-class"]?.value.lowercased()
        if cls == nil || cls == "sync" || cls == "gunicorn.workers.sync.syncworker" {
            return (s.options["threads"].flatMap { Int($0.value) } ?? 1) > 1 ? "gthread" : "sync"
        }
        if cls == "gthread" || cls?.hasSuffix("threadworker") == true { return "gthread" }
        return nil
    }

    func check(_ launch: LaunchAnalysis, _ context: inout RuleContext) {
        guard let stream = launch.appWSGIStreams.first, launch.isProduction else { return }
        for s in launch.servers where s.kind == .gunicorn && s.launch.developmentReason == nil {
            guard let cls = Self.blockingClass(s) else { continue }
            // What it serves must be written: `gunicorn "$@"` in an entrypoint, or `command: gunicorn` handed to one as a
            // mode word, is not this launch. An ASGI target (`project.asgi:application`) does not start under these
            // workers at all.
            let target = s.appTarget?.text
            guard target != nil || s.options["config"] != nil else { continue }
            if target?.contains("asgi:") == true { continue }
            let related = [RelatedLocation(range: stream, message: "the app streams text/event-stream here")]
            let at = s.options["worker-class"].map { s.range(of: $0) } ?? s.nameRange
            if cls == "sync" {
                let timeout = s.options["timeout"].map { "--timeout \($0.value) s" } ?? "the default --timeout of 30 s"
                let workers = s.workers.map { "\($0)" } ?? "the"
                context.report("gunicorn's sync worker serves one request at a time and does not heartbeat while a response streams: every SSE stream holds one of \(workers) worker processes, and a stream longer than \(timeout) gets its worker killed (WORKER TIMEOUT), which cuts it",
                               at: at, related: related)
            } else {
                let threads = s.options["threads"].map { $0.value } ?? "1"
                let workers = s.options["workers"].map { $0.value } ?? "1"
                context.report("gunicorn's gthread worker gives each request a thread for as long as it runs: every open SSE stream holds one of the \(workers) × \(threads) threads, and once all are held, every other request (and new stream) waits in the queue",
                               at: at, related: related)
            }
        }
    }
}
