import SSELintCore
import SSELintSource

/// PY007 — see rules/python/PY007.yml
struct CompressedNonSseStream: Rule {
    static let id: RuleID = "PY007"

    /// Types a client reads piece by piece (tokens, NDJSON lines). A file download (zip, audio, PDF, octet-stream)
    /// is read whole: compression delaying its first bytes changes nothing for the client.
    static func incremental(_ type: String?) -> Bool {
        guard let t = type?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() else { return true }
        if t.hasPrefix("text/") { return true }
        return ["application/x-ndjson", "application/ndjson", "application/jsonl", "application/json-seq", "application/json",
                "application/stream+json", "application/x-jsonlines"].contains(t) || t.hasSuffix("+json")
    }

    func check(_ app: AppAnalysis, _ context: inout RuleContext) {
        guard let gzip = app.deployment.compression else { return }
        for r in app.file.responses where r.streams && !r.isSSE && !r.mediaTypeDynamic && r.baseKind == "StreamingResponse" && Self.incremental(r.mediaType) {
            let type = r.mediaType ?? "no media type"
            context.report("\(r.kind) for \(app.describe(r)) streams \(type) behind compression middleware: only text/event-stream is skipped, so this stream is compressed and held back",
                           at: app.range(r.range), related: [RelatedLocation(range: gzip, message: "compression middleware added here")])
        }
    }
}
