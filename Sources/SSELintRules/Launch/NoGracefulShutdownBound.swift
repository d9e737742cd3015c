import SSELintCore
import SSELintLaunch

/// RUN004 — see rules/launch/RUN004.yml
struct NoGracefulShutdownBound: LaunchRule {
    static let id = "RUN004"

    func check(_ launch: LaunchAnalysis, _ context: inout RuleContext) {
        for s in launch.servers where [.uvicorn, .fastapiRun, .fastapiDev].contains(s.kind) {
            guard s.options["timeout-graceful-shutdown"] == nil else { continue }
            // Insert after the last word of the command (shell form) or as a new list element (exec form).
            let last = s.launch.command.words.last!
            let file = s.launch.file
            let text = s.launch.blockListIndent.map { "\n\($0)- --timeout-graceful-shutdown\n\($0)- \"10\"" }
                ?? (s.launch.listForm ? ", \"--timeout-graceful-shutdown\", \"10\"" : " --timeout-graceful-shutdown 10")
            let at = last.end
            context.report("\(s.kind.rawValue) without --timeout-graceful-shutdown waits forever for open connections on SIGTERM: an open SSE stream keeps the old process alive until SIGKILL",
                           at: s.nameRange, fix: s.launch.exactOffsets ? [Edit(file: file, range: at..<at, replacement: text)] : nil)
        }
    }
}
