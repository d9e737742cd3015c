import SSELintCore
import SSELintSource

/// HDR006 — see rules/app/HDR006.yml
struct SseResponseMissesQuickReferenceHeader: AppRule {
    static let id = "HDR006"

    /// The quick reference's headers that sselint asks for: name, the value the fix adds, and how much its absence
    /// matters. `Connection: keep-alive`, the fifth, is never asked for: it is hop-by-hop, nginx drops it and HTTP/2
    /// forbids it (FACTS §1.6, §7), and HDR002 flags apps that set it.
    static let set: [(name: String, value: String, severity: Severity)] = [
        ("X-Accel-Buffering", "no", .warning), ("Cache-Control", "no-cache", .warning),
        ("Pragma", "no-cache", .info), ("Expires", "0", .info),
    ]

    func check(_ app: AppAnalysis, _ context: inout RuleContext) {
        for r in app.sseResponses where !r.headersOpaque {
            let have = Set(app.headers(r).map(\.lowercasedName))
            var missing = Self.set.filter { !have.contains($0.name.lowercased()) }
            // Asking for headers that another enabled rule flags would trade one finding for another: Pragma and
            // Expires are HDR003's (redundant), when a team turns it on.
            if app.enabledRules.contains("HDR003") { missing.removeAll { $0.name == "Pragma" || $0.name == "Expires" } }
            guard !missing.isEmpty else { continue }
            var severity = missing.map(\.severity).max()!
            var related: [RelatedLocation] = []
            var why = ""
            if missing.contains(where: { $0.name == "X-Accel-Buffering" }) {
                if let b = app.bufferedBy(r) {
                    severity = .error
                    why = "; nginx buffers this route (\(b.text), see NGX001 at \(b.range.shortLocation)), so events arrive in bursts"
                    related.append(RelatedLocation(range: b.range, message: "nginx location that buffers this route (NGX001)"))
                } else {
                    why = "; only X-Accel-Buffering changes nginx buffering, and only when the app sends it"
                }
            }
            let names = missing.map { "\($0.name): \($0.value)" }.joined(separator: ", ")
            let edit = r.headerInsertion.flatMap { AppEdits.addHeaders(missing.map { ($0.name, $0.value) }, at: $0, in: app.file) }
            context.report("\(r.kind) for \(app.describe(r)) lacks \(missing.count == 1 ? "a header" : "headers") of the quick reference's SSE set: \(names)\(why)",
                           at: app.range(r.range), severity: severity, fix: edit.map { [$0] },
                           fixTitle: "Add \(missing.map(\.name).joined(separator: ", "))", related: related)
        }
    }
}
