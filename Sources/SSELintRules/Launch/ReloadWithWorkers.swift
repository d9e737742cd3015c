import SSELintCore
import SSELintLaunch

/// RUN002 — see rules/launch/RUN002.yml
struct ReloadWithWorkers: Rule {
    static let id: RuleID = "RUN002"

    func check(_ launch: LaunchAnalysis, _ context: inout RuleContext) {
        for s in launch.servers where s.kind != .gunicorn {
            guard let reload = s.reload, let workers = s.options["workers"], let n = Int(workers.value), n > 1 else { continue }
            let spelled = workers.env.map { "\($0.name)=\(workers.value)" } ?? "--workers \(n)"
            context.report("\(spelled) with --reload: \(s.kind == .uvicorn || s.kind == .fastapiRun || s.kind == .fastapiDev ? "uvicorn" : s.kind.rawValue) ignores the workers and runs one process (\"workers\" flag is ignored when reloading is enabled)",
                           at: reload.words.isEmpty ? s.range(of: workers) : s.range(of: reload), fix: reload.words.isEmpty ? nil : s.removal(of: reload))
        }
    }
}
