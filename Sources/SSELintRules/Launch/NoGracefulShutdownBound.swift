import SSELintCore
import SSELintLaunch

/// RUN004 — see rules/launch/RUN004.yml
struct NoGracefulShutdownBound: Rule {
    static let id: RuleID = "RUN004"

    func check(_ launch: LaunchAnalysis, _ context: inout RuleContext) {
        // Only where the app serves SSE (or no app code was scanned, RULES.md), and only for what ships: a development
        // launch is stopped by hand.
        if launch.appServesSSE == false || !launch.isProduction { return }
        // sse-starlette ends its streams on SIGTERM itself (0.2 s measured): no stream holds the process, so the
        // default set stays quiet; the quick-reference preset still gives the bound as advice.
        if launch.appStreamsEndOnShutdown && !context.settings.quickReference { return }
        let severity: Severity? = launch.appStreamsEndOnShutdown ? .info : nil
        let mainGuarded = Set((launch.file.python?.uvicornRuns ?? []).filter(\.inMainGuard).map(\.call.lowerBound))
        for s in launch.servers where [.uvicorn, .fastapiRun, .fastapiDev].contains(s.kind) && s.launch.developmentReason == nil {
            if s.launch.carrier == .python, !launch.isShippedEntryPoint(inMainGuard: mainGuarded.contains(s.nameRange.start.offset)) { continue }
            guard s.options["timeout-graceful-shutdown"] == nil else { continue }
            // A script a Dockerfile runs as the container's process, starting the server without `exec`: the shell
            // is PID 1 and does not pass SIGTERM on, so uvicorn never starts a graceful shutdown (SIGKILL ends it)
            // and a bound changes nothing.
            if s.launch.carrier == .shell, launch.isContainerScript,
               s.launch.command.words.first.map({ $0.text != "exec" }) ?? true { continue }
            // Insert after the last word of the command (shell form) or as a new list element (exec form).
            let last = s.launch.command.words.last!
            let file = s.launch.file
            if s.kind == .fastapiRun || s.kind == .fastapiDev {
                // fastapi-cli has no such option and passes its own settings to uvicorn.run.
                context.report("\(s.kind.rawValue) has no graceful-shutdown bound and no option to set one: on SIGTERM uvicorn waits forever for open connections, so an open SSE stream keeps the old process alive until SIGKILL",
                               at: s.nameRange, severity: severity, fixTitle: .named("fastapi-cli", ["command": s.kind == .fastapiRun ? "run" : "dev"]))
                continue
            }
            let nl = file.newline
            let text = s.launch.blockListIndent.map { "\(nl)\($0)- --timeout-graceful-shutdown\(nl)\($0)- \"10\"" }
                ?? (s.launch.listForm ? ", \"--timeout-graceful-shutdown\", \"10\"" : " --timeout-graceful-shutdown 10")
            let python = s.launch.carrier == .python
            // Named as written: `uvicorn.Config(...)` is not `uvicorn.run()`.
            let construct = s.launch.place.hasSuffix("()") ? String(s.launch.place.dropLast(2)) + "(…)" : "uvicorn.run(…)"
            context.report("\(python ? "\(construct) without timeout_graceful_shutdown" : "\(s.kind.rawValue) without --timeout-graceful-shutdown") waits forever for open connections on SIGTERM: an open SSE stream keeps the old process alive until SIGKILL",
                           at: s.nameRange, severity: severity, fix: s.launch.exactOffsets ? [Edit(file: file, range: last.end..<last.end, replacement: text)] : nil,
                           fixTitle: python ? .named("python") : nil)
        }
    }
}
