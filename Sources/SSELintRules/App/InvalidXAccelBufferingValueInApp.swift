import SSELintCore
import SSELintSource

/// NGX004 in app code — see rules/nginx/NGX004.yml: a response header `X-Accel-Buffering` whose literal value is not
/// `yes` or `no` (`off`, `false`, `0`); nginx ignores it, so buffering stays as the location configures it.
struct InvalidXAccelBufferingValueInApp: Rule {
    static let id: RuleID = "NGX004"

    func check(_ app: AppAnalysis, _ context: inout RuleContext) {
        var seen: Set<Int> = []
        for r in app.file.responses {
            for h in r.headers where h.lowercasedName == "x-accel-buffering" && seen.insert(h.range.lowerBound).inserted {
                guard let v = h.value, !Self.valid(v) else { continue }
                context.report("\(r.kind) for \(app.describe(r)) sends X-Accel-Buffering: \(v), which is not `yes` or `no`: nginx silently ignores it and buffers the stream as the location says\(app.deployment.nginxScanned ? "" : " (no nginx config in this tree: it matters once one is in front)")",
                               at: app.range(h.range), severity: app.deployment.nginxScanned ? .error : .warning,
                               fixTitle: .named("app"))
            }
        }
    }

    static func valid(_ v: String) -> Bool {
        let l = v.trimmingCharacters(in: .whitespaces).lowercased()
        return l == "yes" || l == "no"
    }
}
