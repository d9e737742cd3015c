import SSELintCore
import SSELintSource

/// HDR001 — see rules/app/HDR001.yml
struct SseBodyWithoutEventStreamType: Rule {
    static let id: RuleID = "HDR001"

    func check(_ app: AppAnalysis, _ context: inout RuleContext) {
        for r in app.file.responses where r.streams && !r.isSSE && !r.mediaTypeDynamic {
            // The body is SSE-formatted: its generator writes `data:` lines.
            guard let body = r.bodyFunction, let g = app.file.python?.generator(of: r), g.emitsSSEData else { continue }
            let given = r.mediaType.map { "media type \($0)" } ?? "no media type"
            var edit: Edit?
            if let range = r.mediaTypeRange {
                edit = Edit(file: app.source, range: range, replacement: "\"text/event-stream\"")
            } else if let ins = r.mediaTypeInsertion, let keyword = r.mediaTypeKeyword {
                edit = AppEdits.addKeyword("\(keyword)=\"text/event-stream\"", at: ins, in: app.file)
            }
            context.report("\(r.kind) for \(app.describe(r)) streams SSE `data:` lines from \(body)() with \(given): EventSource rejects it and compression middleware may buffer it",
                           at: app.range(r.range), fix: edit.map { [$0] },
                           related: [RelatedLocation(range: app.range(g.nameRange), message: "\(body)() writes data: lines")])
        }
    }
}
