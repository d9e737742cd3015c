import SSELintCore
import SSELintSource

/// PY002 — see rules/python/PY002.yml
struct BlockingCallInAsyncPath: Rule {
    static let id: RuleID = "PY002"
    static let replacements = ["time.sleep": "await asyncio.sleep(…)", "requests.": "an async client (httpx.AsyncClient)",
                               "httpx.": "httpx.AsyncClient", "subprocess.": "asyncio.create_subprocess_exec"]

    func check(_ app: AppAnalysis, _ context: inout RuleContext) {
        for c in app.file.python?.blockingCalls ?? [] {
            let instead = Self.replacements.first { c.call.hasPrefix($0.key) }?.value ?? "the async client or `await asyncio.to_thread(...)`"
            context.report("\(c.call)() blocks the event loop inside async \(c.function ?? "code")(): every stream on this worker stalls and cancellation cannot fire; use \(instead)",
                           at: app.range(c.range))
        }
    }
}
