import SSELintCore
import SSELintLaunch

/// RUN003 — see rules/launch/RUN003.yml
struct NonexistentDebugFlag: Rule {
    static let id: RuleID = "RUN003"

    func check(_ launch: LaunchAnalysis, _ context: inout RuleContext) {
        for s in launch.servers {
            if let debug = s.options["debug"], !debug.words.isEmpty {
                if s.kind == .uvicorn {
                    context.report("uvicorn has no --debug since 0.19.0: the process exits with a usage error and never starts",
                                   at: s.range(of: debug), fix: s.removal(of: debug))
                } else if launch.isProduction {
                    context.report("\(s.kind.rawValue) --debug in production: an asyncio debug loop and extra logging cost CPU on every message (it does not buffer) (\(launch.productionReason))",
                                   at: s.range(of: debug), severity: .info, fix: s.removal(of: debug))
                }
            }
            if let level = s.options["log-level"], level.value.lowercased() == "trace", launch.isProduction {
                context.report("--log-level trace in production logs every ASGI message: CPU and log volume, no buffering (\(launch.productionReason))",
                               at: s.range(of: level), severity: .info)
            }
        }
    }
}
