@preconcurrency import Yams
import SSELintCore

/// Routes whose proxy applies a timeout to the whole response (Envoy's route `timeout`, Istio's VirtualService
/// `timeout`, Gateway API's HTTPRoute `timeouts.request`, Envoy Gateway's BackendTrafficPolicy `requestTimeout`),
/// read from Envoy configs and Kubernetes manifests with where each value is written. Helm templates are read with
/// their `{{ }}` actions masked, as Ingress objects are.
public struct RouteTimeout: Sendable {
    public enum Kind: String, Sendable { case envoy = "Envoy route", istio = "Istio VirtualService", httpRoute = "HTTPRoute" }
    public let kind: Kind
    /// The route's name as messages show it (`llm-route`, `listener 0 route 1`).
    public let name: String
    /// Paths the route matches (prefixes and exact paths).
    public let paths: [String]
    /// Where it sends: clusters, hosts, Services, InferencePools.
    public let backends: [String]
    /// The timeout written on the route, with where its value is.
    public var timeout: (text: String, seconds: Double, range: Range<Int>)?
    /// Where a missing timeout is reported (the route's `route:` key, the rule's first key).
    public let anchor: Range<Int>
    /// For an HTTPRoute: the Gateways it attaches to (parentRefs names).
    public let parents: [String]
    /// The value is a template action: unknown until rendered.
    public var templated = false
    public let source: SourceFile
}

public struct RouteTimeouts: Sendable {
    public var routes: [RouteTimeout] = []
    /// Gateway name → gatewayClassName, for the implementation whose default applies to an HTTPRoute.
    public var gatewayClasses: [String: String] = [:]
    /// Envoy Gateway BackendTrafficPolicy: target name (Gateway or HTTPRoute) → requestTimeout.
    public var policies: [String: (text: String, seconds: Double, range: Range<Int>, source: SourceFile)] = [:]

    public init() {}

    /// Envoy durations (`15s`, `0s`, `1.5s`, protobuf `{seconds: 15}`) and Kubernetes/Gateway ones (`10s`, `1m`,
    /// `1h30m`, `500ms`): seconds; nil when unreadable.
    public static func seconds(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let v = Double(t) { return v }
        var total = 0.0, number = "", i = t.startIndex
        while i < t.endIndex {
            let c = t[i]
            if c.isNumber || c == "." { number.append(c); i = t.index(after: i); continue }
            var unit = String(c)
            let n = t.index(after: i)
            if c == "m", n < t.endIndex, t[n] == "s" { unit = "ms"; i = t.index(after: n) } else { i = n }
            guard let v = Double(number) else { return nil }
            switch unit {
            case "ms": total += v / 1000
            case "s": total += v
            case "m": total += v * 60
            case "h": total += v * 3600
            default: return nil
            }
            number = ""
        }
        return number.isEmpty ? total : nil
    }

    /// A named Envoy config is YAML: a broken one is an input error at its line, not a silent skip.
    public static func checkYAML(_ f: SourceFile) -> Result<Void, InputError> {
        let text = String(decoding: f.bytes, as: UTF8.self)
        if let p = YAMLGuard.check(text, allowAliases: true) { return .failure(InputError(path: f.path, line: p.line, column: 1, message: p.message)) }
        do { _ = try YAMLSource.documents(text); return .success(()) } catch { return .failure(YAMLSource.yamlError(error, f)) }
    }

    public mutating func scan(_ f: SourceFile) {
        guard f.bytes.count < 4 << 20 else { return }
        // Byte searches first: every Kubernetes manifest of a tree comes here, and few hold routes.
        guard ["route_config", "virtual_hosts", "VirtualService", "HTTPRoute", "BackendTrafficPolicy", "kind: Gateway"]
            .contains(where: { f.bytes.containsBytes(Array($0.utf8)) }) else { return }
        let template = f.bytes.containsBytes(Array("{{".utf8))
        guard let bytes = template ? HelmMask.mask(f.bytes) : f.bytes else { return }
        let text = String(decoding: bytes, as: UTF8.self)
        if YAMLGuard.check(text, allowAliases: true) != nil { return }
        let y = YAMLSource(file: SourceFile(path: f.path, bytes: bytes))
        guard let docs = try? YAMLSource.documents(text) else { return }
        for doc in docs {
            guard case .mapping(let m) = doc else { continue }
            switch m["kind"]?.string {
            case "VirtualService": istio(m, y, f, template)
            case "HTTPRoute": httpRoute(m, y, f, template)
            case "Gateway":
                if let name = m["metadata"]?.mapping?["name"]?.string, let c = m["spec"]?.mapping?["gatewayClassName"]?.string { gatewayClasses[name] = c }
            case "BackendTrafficPolicy":
                let spec = m["spec"]?.mapping
                guard let t = spec?["timeout"]?.mapping?["http"]?.mapping?["requestTimeout"], let s = t.string, let v = Self.seconds(s) else { continue }
                let targets = (spec?["targetRefs"]?.sequence ?? []) + [spec?["targetRef"]].compactMap { $0 }
                for target in targets { if let n = target.mapping?["name"]?.string { policies[n] = (s, v, y.offset(t)..<y.tokenEnd(y.offset(t), flow: false), f) } }
            default:
                // An Envoy bootstrap or RDS file: virtual_hosts anywhere below.
                envoy(doc, y, f, depth: 0)
            }
        }
    }

    func value(_ n: Node, _ y: YAMLSource) -> (String, Double, Range<Int>)? {
        let st = y.offset(n)
        let range = st..<y.tokenEnd(st, flow: false)
        if let s = n.string { return Self.seconds(s).map { (s, $0, range) } }
        // Envoy's protobuf form: `timeout: {seconds: 30}`.
        if let sec = n.mapping?["seconds"]?.string, let v = Double(sec) { return ("\(sec)s", v, range) }
        return nil
    }

    mutating func envoy(_ node: Node, _ y: YAMLSource, _ f: SourceFile, depth: Int) {
        guard depth < 40 else { return }
        if let m = node.mapping {
            if let hosts = m["virtual_hosts"]?.sequence {
                for (h, host) in hosts.enumerated() {
                    let hostName = host.mapping?["name"]?.string ?? "virtual host \(h)"
                    for (r, route) in (host.mapping?["routes"]?.sequence ?? []).enumerated() {
                        guard let rm = route.mapping, let action = rm.first(where: { $0.key.string == "route" }) else { continue }
                        let match = rm["match"]?.mapping
                        let paths = ["prefix", "path", "path_separated_prefix"].compactMap { match?[$0]?.string }
                        let a = action.value.mapping
                        let backends = [a?["cluster"]?.string].compactMap { $0 } + (a?["weighted_clusters"]?.mapping?["clusters"]?.sequence?.compactMap { $0.mapping?["name"]?.string } ?? [])
                        var rt = RouteTimeout(kind: .envoy, name: rm["name"]?.string ?? "\(hostName) route \(r)", paths: paths, backends: backends,
                                              anchor: y.offset(action.key)..<y.tokenEnd(y.offset(action.key), flow: false), parents: [], source: f)
                        // A timeout written but not readable (`${ROUTE_TIMEOUT}`, a masked Helm value) is unknown, not the default.
                        if let t = a?["timeout"] { rt.timeout = value(t, y); rt.templated = rt.timeout == nil }
                        routes.append(rt)
                    }
                }
                return
            }
            for (_, v) in m { envoy(v, y, f, depth: depth + 1) }
        } else if let s = node.sequence {
            for v in s { envoy(v, y, f, depth: depth + 1) }
        }
    }

    mutating func istio(_ m: Node.Mapping, _ y: YAMLSource, _ f: SourceFile, _ template: Bool) {
        let name = m["metadata"]?.mapping?["name"]?.string ?? "?"
        for (i, http) in (m["spec"]?.mapping?["http"]?.sequence ?? []).enumerated() {
            guard let h = http.mapping else { continue }
            let paths = (h["match"]?.sequence ?? []).compactMap { $0.mapping?["uri"]?.mapping }.compactMap { $0["prefix"]?.string ?? $0["exact"]?.string }
            let backends = (h["route"]?.sequence ?? []).compactMap { $0.mapping?["destination"]?.mapping?["host"]?.string }
            let first = h.first?.key ?? http
            var rt = RouteTimeout(kind: .istio, name: h["name"]?.string.map { "\(name)/\($0)" } ?? "\(name) http[\(i)]", paths: paths, backends: backends,
                                  anchor: y.offset(first)..<y.tokenEnd(y.offset(first), flow: false), parents: [], source: f)
            if let t = h["timeout"] { rt.timeout = value(t, y); rt.templated = rt.timeout == nil }
            routes.append(rt)
        }
    }

    mutating func httpRoute(_ m: Node.Mapping, _ y: YAMLSource, _ f: SourceFile, _ template: Bool) {
        let name = m["metadata"]?.mapping?["name"]?.string ?? "?"
        let spec = m["spec"]?.mapping
        let parents = (spec?["parentRefs"]?.sequence ?? []).compactMap { $0.mapping?["name"]?.string }
        for (i, rule) in (spec?["rules"]?.sequence ?? []).enumerated() {
            guard let r = rule.mapping else { continue }
            // A redirect-only rule sends nothing to a backend.
            guard r["backendRefs"] != nil else { continue }
            let paths = (r["matches"]?.sequence ?? []).compactMap { $0.mapping?["path"]?.mapping?["value"]?.string }
            let backends = (r["backendRefs"]?.sequence ?? []).compactMap { $0.mapping?["name"]?.string }
            let first = r.first?.key ?? rule
            var rt = RouteTimeout(kind: .httpRoute, name: "\(name) rule \(i)", paths: paths.isEmpty ? ["/"] : paths, backends: backends,
                                  anchor: y.offset(first)..<y.tokenEnd(y.offset(first), flow: false), parents: parents, source: f)
            rt.templated = template
            if let t = r["timeouts"]?.mapping?["request"] { rt.timeout = value(t, y) }
            routes.append(rt)
        }
    }
}
