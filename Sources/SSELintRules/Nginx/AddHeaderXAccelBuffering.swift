import SSELintCore
import SSELintNginx

/// NGX002 — see rules/nginx/NGX002.yml
struct AddHeaderXAccelBuffering: Rule {
    static let id: RuleID = "NGX002"

    func check(_ config: NginxAnalysis, _ context: inout RuleContext) {
        // Names compared by key (a String comparison per directive was most of this rule's time).
        let addHeader = NginxNames.knownKey("add_header"), moreSetHeadersKey = NginxNames.key("more_set_headers")
        let keys = [addHeader] + (moreSetHeadersKey.map { [$0] } ?? [])
        for scope in config.scopes {
            // add_header first, then more_set_headers, each in order; found in one pass over the level.
            var headers: [NginxDirective] = [], more: [NginxDirective] = []
            scope.forEachSimple(keyedIn: keys) { d in
                if d.nameKey == addHeader {
                    if d.arg(0)?.equalsASCIICaseInsensitive("x-accel-buffering") == true && d.arg(1)?.equalsASCIICaseInsensitive("yes") != true { headers.append(d) }
                } else if d.nameKey == moreSetHeadersKey {
                    if moreSetHeaders(d).contains(where: { $0.name.equalsASCIICaseInsensitive("x-accel-buffering") && !$0.value.equalsASCIICaseInsensitive("yes") }) { more.append(d) }
                }
            }
            headers += more
            guard !headers.isEmpty else { continue }
            if scope.kind != "location" && scope.kind != "if" && scope.kind != "limit_except" {
                reportAbove(headers, at: scope, config, &context)
                continue
            }
            // The level whose buffering counts: an `if`/`limit_except` inherits its location's.
            let level = scope.kind == "if" || scope.kind == "limit_except" ? (scope.nearest("location") ?? scope) : scope
            guard let module = proxyModule(level) else { continue }
            let name = SSELocation.name(module, "buffering")
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
                    fixTitle: edits == nil ? .named("enclosing-location", ["directive": name]) : .with(["directive": name]),
                    fixSafety: edits == nil ? .display : safety, isolation: level.directive)
            }
        }
    }

    /// A server- or http-level header reaches every location without add_header of its own. It matters only where
    /// such a location serves SSE and still buffers; elsewhere it is often deliberate (re-sent for an outer proxy
    /// in front of this one, which does read it).
    private func reportAbove(_ headers: [NginxDirective], at scope: NginxScope, _ config: NginxAnalysis, _ context: inout RuleContext) {
        let affected = config.sseLocations.filter { loc in
            loc.scope.effectiveList("add_header").from === scope && config.ngx001Fires(loc)
        }
        guard let first = affected.first else { return }
        let name = "\(first.module)_buffering"
        for d in headers {
            context.report(
                "\(d.name) X-Accel-Buffering on the \(scope.kind) level only adds the header to the responses sent to the client; location \(first.path) (\(first.location.range.shortLocation)) inherits it and still buffers (\(name) is on, \(first.buffering.originText)). nginx reads X-Accel-Buffering only from the upstream's response \(first.because)",
                at: d.range, fixTitle: .named("in-location", ["directive": name, "location": first.path]), fixSafety: .display,
                related: affected.map { RelatedLocation(range: $0.location.headRange, message: "SSE location that inherits the header and buffers") })
        }
    }

    /// The module whose buffering applies at this level: the location's `*_pass`, or proxy above locations.
    private func proxyModule(_ scope: NginxScope) -> String? {
        guard scope.kind == "location" else { return "proxy" }
        return SSEDetector.pass(of: scope)?.module
    }
}

extension NginxDirective {
    static func === (a: NginxDirective, b: NginxDirective?) -> Bool {
        guard let b else { return false }
        return a.file === b.file && a.start == b.start
    }
}
