import SSELintCore
import SSELintSource

/// PY004 — see rules/python/PY004.yml
struct OpenaiStreamWithoutDone: Rule {
    static let id: RuleID = "PY004"

    func check(_ app: AppAnalysis, _ context: inout RuleContext) {
        // A generator handed to a wrapper (`openai_sse(chunks(…))`) whose end is the wrapper's: quiet when the wrapper
        // sends [DONE] or is not in a scanned file.
        var wrapped: Set<String> = []
        for r in app.file.responses where !r.wrappedCalls.isEmpty && r.bodyFunction != nil {
            let w = app.deployment.generator(of: r, in: app.file)
            if w == nil || w!.emitsDone { wrapped.formUnion(r.wrappedCalls) }
        }
        for g in (app.file.python?.generators.values).map(Array.init) ?? [] where g.openAIChunks && !g.emitsDone && !wrapped.contains(g.name) {
            if let y = g.sdkChunkYield {
                // Only as the body of an event stream: the same objects as NDJSON are another protocol.
                guard app.sseResponses.contains(where: { app.file.python?.generator(of: $0)?.name == g.name }) else { continue }
                // The SDK's own chunk objects relayed: without `data: ` framing or the final sentinel, clients of the
                // OpenAI protocol (the SDKs, EventSource) parse nothing.
                let framed = g.emitsSSEData ? "" : " without a `data: ` prefix and blank-line separator"
                context.report("\(g.name)() relays the OpenAI SDK's chat.completion.chunk objects\(framed) and never sends `data: [DONE]`: OpenAI-compatible clients cannot parse the stream or tell when it ends",
                               at: app.range(y))
                continue
            }
            let instead = g.jsonDone != nil ? " (it ends with a JSON {\"type\": \"done\"} event, which OpenAI clients do not know)" : ""
            context.report("\(g.name)() streams chat.completion.chunk events but never sends `data: [DONE]`\(instead): OpenAI-compatible clients wait for it",
                           at: app.range(g.jsonDone ?? g.nameRange))
        }
    }
}
