import SSELintCore
import SSELintNginx

/// NGX004 — see rules/nginx/NGX004.yml
struct InvalidXAccelBufferingValue: Rule {
    static let id: RuleID = "NGX004"

    func check(_ config: NginxAnalysis, _ context: inout RuleContext) {
        // One pass over each level's directives (a lookup per name was most of this rule's time); the report sorts
        // findings by place.
        for scope in config.scopes {
            for d in scope.ordered {
                let name = d.name
                if name == "add_header" || name == "proxy_set_header" {
                    guard d.args.count >= 2, d.args[0].value.equalsASCIICaseInsensitive("x-accel-buffering") else { continue }
                    let value = d.args[1]
                    guard !valid(value.value) else { continue }
                    context.report("X-Accel-Buffering value \"\(value.value)\" is not `yes` or `no`; nginx silently ignores it",
                                   at: SourceRange(file: d.file, start: value.start, end: value.end),
                                   fix: NginxEdits.replace(value, in: d, with: "no"))
                    continue
                }
                guard name == "more_set_headers" else { continue }
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
