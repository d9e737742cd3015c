import Foundation
import SSELintCore
import SSELintSource

/// PY001 — see rules/python/PY001.yml
struct SyncGeneratorFeedsStream: Rule {
    static let id: RuleID = "PY001"

    func check(_ app: AppAnalysis, _ context: inout RuleContext) {
        guard let py = app.file.python else { return }
        for r in app.file.responses where r.streams {
            // Django over ASGI: a sync iterator is consumed whole (sync_to_async(list)) before the first byte is sent.
            if r.baseKind == "StreamingHttpResponse", let asgi = app.deployment.djangoASGI, let body = r.bodyFunction,
               let g = app.deployment.generator(of: r, in: app.file), g.isGenerator, !g.isAsync, !g.yieldsAtOnce {
                let def = r.bodyModule.map { " (defined in \($0))" } ?? ""
                context.report("StreamingHttpResponse for \(app.describe(r)) gets the plain generator \(body)()\(def), and the app is served over ASGI (\(asgi.text.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))) at \(asgi.shortLocation)): Django (4.2 and later) consumes a sync iterator whole before it sends anything, so the client gets the stream in one piece at the end",
                               at: app.range(r.range), severity: .error,
                               related: [RelatedLocation(range: asgi, message: "the ASGI server that runs the Django app")])
                continue
            }
            // A file, audio or video download: its next() reads one more chunk after a disconnect, which costs nothing.
            if let m = r.mediaType, Self.download(m) { continue }
            // A generator that yields a few literals without waiting has no next() to run on after a disconnect.
            // The generator may be imported from another scanned module (`from app.llm import stream_tokens`).
            guard let body = r.bodyFunction, let (g, gFile) = app.deployment.generatorAndFile(of: r, in: app.file), g.isGenerator, !g.isAsync, !g.yieldsAtOnce,
                  ["StreamingResponse"].contains(r.baseKind) || r.baseKind.hasPrefix("EventSourceResponse") else { continue }
            let def = SourceRange(file: gFile.source, start: g.nameRange.lowerBound, end: g.nameRange.upperBound)
            context.report("\(r.kind) for \(app.describe(r)) iterates the plain generator \(body)()\(r.bodyModule.map { " (from \($0))" } ?? "") in a worker thread: on disconnect its current next() runs on and it is never closed",
                           at: app.range(r.range), related: [RelatedLocation(range: def, message: "def \(body)() is not async")])
        }
    }

    static func download(_ m: String) -> Bool {
        ["audio/", "video/", "image/", "application/octet-stream", "application/pdf", "application/zip", "application/gzip",
         "application/x-tar", "application/vnd."].contains { m.hasPrefix($0) }
    }
}
