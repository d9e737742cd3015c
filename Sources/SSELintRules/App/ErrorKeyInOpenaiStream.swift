import SSELintCore
import SSELintSource

/// PY005 — see rules/python/PY005.yml
struct ErrorKeyInOpenaiStream: Rule {
    static let id: RuleID = "PY005"

    func check(_ app: AppAnalysis, _ context: inout RuleContext) {
        for g in (app.file.python?.generators.values).map(Array.init) ?? [] where g.openAIChunks {
            for e in g.errorEvents {
                context.report("\(g.name)() streams OpenAI-compatible chunks and an event with a truthy \"error\" key: the OpenAI SDK raises APIError on it",
                               at: app.range(e))
            }
        }
    }
}
