import SSELintCore
import SSELintNginx

/// NGX004 — see rules/nginx/NGX004.yml
struct InvalidXAccelBufferingValue: Rule {
    static let id: RuleID = "NGX004"

    func check(_ config: NginxAnalysis, _ context: inout RuleContext) {
        for scope in config.scopes {
            for name in ["add_header", "proxy_set_header"] {
                for d in scope.own[name] ?? [] where d.args.count >= 2 && d.args[0].value.equalsASCIICaseInsensitive("x-accel-buffering") {
                    let value = d.args[1]
                    guard !valid(value.value) else { continue }
                    context.report("X-Accel-Buffering value \"\(value.value)\" is not `yes` or `no`; nginx silently ignores it",
                                   at: SourceRange(file: d.file, start: value.start, end: value.end),
                                   fix: NginxEdits.replace(value, in: d, with: "no"))
                }
            }
            for d in scope.own["more_set_headers"] ?? [] {
                for h in moreSetHeaders(d) where h.name.equalsASCIICaseInsensitive("x-accel-buffering") && !valid(h.value) {
                    context.report("X-Accel-Buffering value \"\(h.value)\" is not `yes` or `no`; nginx silently ignores it",
                                   at: SourceRange(file: d.file, start: h.arg.start, end: h.arg.end),
                                   fix: NginxEdits.replace(h.arg, in: d, with: "\"\(h.name): no\""))
                }
            }
        }
    }

    /// Exactly yes/no in any case; values built from variables are not judged.
    private func valid(_ v: String) -> Bool {
        v.equalsASCIICaseInsensitive("yes") || v.equalsASCIICaseInsensitive("no") || v.utf8.contains(0x24)
    }
}
