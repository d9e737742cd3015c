import SSELintCore
import SSELintSource

/// PY007 — see rules/python/PY007.yml
struct CompressedNonSseStream: AppRule {
    static let id = "PY007"

    func check(_ app: AppAnalysis, _ context: inout RuleContext) {
        guard let gzip = app.deployment.compression else { return }
        for r in app.file.responses where r.streams && !r.isSSE && !r.mediaTypeDynamic && r.kind == "StreamingResponse" {
            let type = r.mediaType ?? "no media type"
            context.report("\(r.kind) for \(app.describe(r)) streams \(type) behind compression middleware: only text/event-stream is skipped, so this stream is compressed and held back",
                           at: app.range(r.range), related: [RelatedLocation(range: gzip, message: "compression middleware added here")])
        }
    }
}
