import SSELintCore
import SSELintLaunch

/// RUN008 — see rules/launch/RUN008.yml
struct UvicornRunReloadInEntrypoint: Rule {
    static let id: RuleID = "RUN008"

    func check(_ launch: LaunchAnalysis, _ context: inout RuleContext) {
        guard launch.isProduction, !launch.isLoadedConfig, let facts = launch.file.python else { return }
        let f = launch.file.source
        // uvicorn.Config(...) + Server.serve() neither reloads nor forks workers: only uvicorn.run() does.
        for run in facts.uvicornRuns where run.callee != "uvicorn.Config" && launch.isShippedEntryPoint(inMainGuard: run.inMainGuard) {
            let needsString = run.reload != nil || (run.workers?.value ?? 1) > 1
            let objectApp = needsString && !run.appIsString
            guard run.reload != nil || objectApp else { continue }
            var parts: [String] = []
            let setting = run.reload.flatMap { facts.reloadDefaults[$0.range.lowerBound] }
            if let setting {
                parts.append("reload comes from a setting whose default is True (\(setting.text) at \(setting.shortLocation)), so unless the environment overrides it this runs the development auto-reloader, which hangs reloads and stops while SSE streams are open")
            } else if run.reload != nil { parts.append("reload=True runs the development auto-reloader, which hangs reloads and stops while SSE streams are open") }
            if objectApp { parts.append("reload and workers>1 need the app as an import string (\"pkg.mod:app\"); with an app object uvicorn exits") }
            let range = run.reload.map { SourceRange(file: f, start: $0.range.lowerBound, end: $0.range.upperBound) }
                ?? SourceRange(file: f, start: run.call.lowerBound, end: run.call.upperBound)
            context.report("uvicorn.run(…) in \(Path.basename(f.path))\(run.inMainGuard ? " (the __main__ entry point)" : ""): " + parts.joined(separator: "; ") + " (\(launch.productionReason))",
                           at: range, severity: objectApp ? .error : .warning,
                           fix: setting == nil ? run.reload.map { [Edit(file: f, range: $0.removal, replacement: "")] } : nil,
                           fixTitle: setting == nil ? nil : .named("setting"),
                           related: setting.map { [RelatedLocation(range: $0, message: "the setting's default")] } ?? [])
        }
    }
}
