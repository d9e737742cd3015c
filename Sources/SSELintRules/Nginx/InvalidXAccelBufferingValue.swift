import SSELintCore
import SSELintNginx

/// NGX004 — see rules/nginx/NGX004.yml
struct InvalidXAccelBufferingValue: Rule {
    static let id: RuleID = "NGX004"
    private static let addHeader = NginxNames.knownKey("add_header"), proxySetHeader = NginxNames.knownKey("proxy_set_header")

    func check(_ config: NginxAnalysis, _ context: inout RuleContext) {
        // One pass over each level's directives (a lookup per name was most of this rule's time); the report sorts
        // findings by place.
        // Names compared by key (a String comparison per directive was most of what remained).
        let more = NginxNames.key("more_set_headers")  // keyed with the known names: never nil
        let keys = [Self.addHeader, Self.proxySetHeader] + (more.map { [$0] } ?? [])
        for scope in config.scopes {
            scope.forEachSimple(keyedIn: keys) { d in
                let k = d.nameKey
                if k == Self.addHeader || k == Self.proxySetHeader {
                    // The header's name read as a value first (every proxy_set_header of every location comes here).
                    guard let name = d.arg(0), name.equalsASCIICaseInsensitive("x-accel-buffering"), d.args.count >= 2 else { return }
                    let value = d.args[1]
                    guard !valid(value.value) else { return }
                    context.report("X-Accel-Buffering value \"\(value.value)\" is not `yes` or `no`; nginx silently ignores it",
                                   at: SourceRange(file: d.file, start: value.start, end: value.end),
                                   fix: NginxEdits.replace(value, in: d, with: "no"))
                    return
                }
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
