import Foundation
import SSELintCore
import SSELintLaunch

/// PRX001 — see rules/proxy/PRX001.yml
struct RouteTimeoutCutsStream: Rule {
    static let id: RuleID = "PRX001"

    func check(_ proxy: ProxyAnalysis, _ context: inout RuleContext) {
        guard let model = proxy.routeTimeouts else { return }
        let longest = Options(context.optionValues).longestStream
        for route in model.routes where route.source.path == proxy.source.path && !route.templated {
            guard let stream = Self.carriesStream(route, proxy, routes: model.routes.count) else { continue }
            guard let (seconds, shown, origin) = Self.timeout(route, model), seconds > 0, seconds < longest else { continue }
            let message = "\(route.kind.rawValue) \(route.name): \(shown) limits the whole response, counted from the request; it is not an idle timeout: "
                + "the \(origin) cuts each stream \(secondsText(seconds)) s in however many events are flowing, and heartbeats do not reset it; \(stream)"
            let at = route.timeout?.range ?? route.anchor
            context.report(message, at: SourceRange(file: route.source, start: at.lowerBound, end: at.upperBound), severity: seconds <= 120 ? .error : .warning,
                           fix: Self.fix(route), fixTitle: .with(["setting": Self.setting(route)]),
                           related: (proxy.appStreams.map { Array($0.related.prefix(2)) } ?? []) + proxy.otherLayers)
        }
    }

    static func setting(_ r: RouteTimeout) -> String {
        switch r.kind {
        case .envoy: return "timeout: 0s"
        case .istio: return "timeout: 0s"
        case .httpRoute: return "timeouts.request: 0s"
        }
    }

    /// The timeout in force: the route's own; else Envoy's 15 s default; else, for an HTTPRoute, an Envoy Gateway
    /// BackendTrafficPolicy on the route or its Gateway, or Envoy Gateway's 15 s default when its Gateway's class
    /// is Envoy Gateway's. Istio's default is none; other implementations' defaults are not known here.
    static func timeout(_ r: RouteTimeout, _ model: RouteTimeouts) -> (Double, String, String)? {
        if let t = r.timeout { return (t.seconds, "`\(r.kind == .httpRoute ? "timeouts.request" : "timeout"): \(t.text)`", r.kind == .httpRoute ? "Gateway implementation" : r.kind == .envoy ? "Envoy route" : "Istio proxy") }
        switch r.kind {
        case .envoy: return (15, "Envoy's default route timeout of 15 s (no `timeout` set)", "Envoy route")
        case .istio: return nil
        case .httpRoute:
            for target in [r.name.components(separatedBy: " rule ").first ?? ""] + r.parents {
                if let p = model.policies[target] { return (p.seconds, "the BackendTrafficPolicy's `requestTimeout: \(p.text)` (\(p.source.path):\(p.source.position(of: p.range.lowerBound).line))", "Envoy Gateway") }
            }
            let classes = r.parents.compactMap { model.gatewayClasses[$0] }
            if classes.contains(where: { $0 == "eg" || $0.lowercased().contains("envoy") }) {
                return (15, "Envoy Gateway's default route timeout of 15 s (no `timeouts.request` set)", "Envoy Gateway")
            }
            return nil
        }
    }

    /// Why the route carries a stream, or nil when nothing says so.
    static func carriesStream(_ r: RouteTimeout, _ proxy: ProxyAnalysis, routes: Int) -> String? {
        if let p = r.paths.first(where: { $0 != "/" && proxy.streamPath($0) }) { return "it routes the stream \(p)" }
        if let b = r.backends.first(where: { ProxyAnalysis.llmServer($0) || IngressBuffersStream.streamingServiceWords.contains(where: $0.lowercased().contains) }) {
            return "it sends to \(b), an LLM server that streams its answers"
        }
        guard let app = proxy.appStreams, !r.backends.isEmpty, !r.backends.allSatisfy(IngressBuffersStream.isFrontEnd) else { return nil }
        // The app's streams pass this route: its path leads to one of them, or it is the only route (a catch-all
        // beside others, or an /auth route, carries other traffic).
        let specific = r.paths.filter { $0 != "/" }
        if specific.isEmpty ? routes > 1 : !specific.contains(where: { p in app.streamPaths.contains { $0.hasPrefix(p) } }) { return nil }
        return "it sends to \(r.backends[0]) and the app in this tree streams"
    }

    /// The written value becomes `0s` (no timeout); a missing Envoy route timeout is written under `route:` in
    /// block style. Other cases are shown.
    static func fix(_ r: RouteTimeout) -> [Edit] {
        let f = r.source
        if let t = r.timeout, f.text(t.range) == t.text || f.text(t.range).trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) == t.text {
            return [Edit(file: f, range: t.range, replacement: "0s")]
        }
        guard r.kind == .envoy, r.timeout == nil else { return [] }
        let line = f.position(of: r.anchor.lowerBound).line
        guard line < f.lineStarts.count, f.text(f.lineStarts[line - 1]..<f.lineStarts[line]).trimmingCharacters(in: .whitespacesAndNewlines) == "route:" else { return [] }
        let next = f.lineStarts[line]
        let childIndent = f.indentation(ofLineContaining: next)
        guard childIndent.count > f.indentation(ofLineContaining: r.anchor.lowerBound).count else { return [] }
        return [Edit(file: f, range: next..<next, replacement: "\(childIndent)timeout: 0s\n")]
    }
}
