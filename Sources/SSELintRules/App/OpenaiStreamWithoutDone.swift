import SSELintCore
import SSELintSource

/// PY004 — see rules/python/PY004.yml
struct OpenaiStreamWithoutDone: AppRule {
    static let id = "PY004"

    func check(_ app: AppAnalysis, _ context: inout RuleContext) {
        for g in (app.file.python?.generators.values).map(Array.init) ?? [] where g.openAIChunks && !g.emitsDone {
            let instead = g.jsonDone != nil ? " (it ends with a JSON {\"type\": \"done\"} event, which OpenAI clients do not know)" : ""
            context.report("\(g.name)() streams chat.completion.chunk events but never sends `data: [DONE]`\(instead): OpenAI-compatible clients wait for it",
                           at: app.range(g.jsonDone ?? g.nameRange))
        }
    }
}
