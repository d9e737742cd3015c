import SSELintCore
import SSELintLaunch

/// RUN009 — see rules/launch/RUN009.yml
struct DebugAppInProduction: Rule {
    static let id: RuleID = "RUN009"

    func check(_ launch: LaunchAnalysis, _ context: inout RuleContext) {
        guard launch.isProduction, !launch.isLoadedConfig, let facts = launch.file.python else { return }
        let f = launch.file.source
        for app in facts.debugApps {
            context.report("\(app.app)(debug=True) returns tracebacks to clients; it does not affect streaming (\(launch.productionReason))",
                           at: SourceRange(file: f, start: app.value.lowerBound, end: app.value.upperBound),
                           fix: [Edit(file: f, range: app.value, replacement: "False")])
        }
    }
}
