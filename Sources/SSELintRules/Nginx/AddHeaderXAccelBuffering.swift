import SSELintCore
import SSELintNginx

/// NGX002 — see rules/nginx/NGX002.yml
struct AddHeaderXAccelBuffering: NginxRule {
    static let id = "NGX002"

    func check(_ config: NginxAnalysis, _ context: inout RuleContext) {
        for scope in config.scopes {
            let headers = (scope.own["add_header"] ?? []).filter {
                $0.arg(0)?.lowercased() == "x-accel-buffering" && $0.arg(1)?.lowercased() != "yes"
            } + (scope.own["more_set_headers"] ?? []).filter { d in
                moreSetHeaders(d).contains { $0.name.lowercased() == "x-accel-buffering" && $0.value.lowercased() != "yes" }
            }
            guard !headers.isEmpty else { continue }
            // The level whose buffering counts: an `if`/`limit_except` inherits its location's.
            let level = scope.kind == "if" || scope.kind == "limit_except" ? (scope.nearest("location") ?? scope) : scope
            guard let module = proxyModule(level) else { continue }
            let name = "\(module)_buffering"
            let buffering = level.effective(name, default: ["on"])
            guard buffering.first != "off" else { continue }
            for d in headers {
                var edits: [Edit]? = nil
                var safety = FixSafety.safe
                if scope === level && d.name == "add_header" && d === headers.first {
                    let replacement = "\(name) off;"
                    if let explicit = scope.own[name]?.last {
                        edits = NginxEdits.remove(d) + NginxEdits.replace(explicit, with: replacement)
                    } else {
                        edits = NginxEdits.replace(d, with: replacement)
                    }
                    // Unsafe when it reaches beyond one location, or when this was the level's only add_header and
                    // removing it lets the headers from above apply here again.
                    let onlyHeader = (scope.own["add_header"]?.count ?? 0) == 1
                    if scope.kind != "location" || (onlyHeader && !(scope.parent?.effectiveList("add_header").directives.isEmpty ?? true)) {
                        safety = .unsafe
                    }
                }
                context.report(
                    "\(d.name) X-Accel-Buffering only adds the header to the response sent to the client; this nginx still buffers (\(name) is on, \(buffering.originText)). nginx reads X-Accel-Buffering only from the upstream's response",
                    at: d.range, fix: edits,
                    fixTitle: edits == nil ? "Use `\(name) off;` in the enclosing location" : "Replace it with `\(name) off;`",
                    fixSafety: edits == nil ? .display : safety, isolation: level.directive)
            }
        }
    }

    /// The module whose buffering applies at this level: the location's `*_pass`, or proxy above locations.
    private func proxyModule(_ scope: NginxScope) -> String? {
        guard scope.kind == "location" else { return "proxy" }
        return SSEDetector.passes.first { !scope.ownIncludingConditionals($0.0).isEmpty }?.1
    }
}

extension NginxDirective {
    static func === (a: NginxDirective, b: NginxDirective?) -> Bool {
        guard let b else { return false }
        return a.file === b.file && a.start == b.start
    }
}
