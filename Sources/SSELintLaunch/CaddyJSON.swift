import Foundation
@preconcurrency import Yams
import SSELintCore

/// Caddy's native JSON config (`caddy.json`, what `caddy adapt` prints and the admin API takes), read for what
/// the PRX rules judge: each HTTP server's `write_timeout` and listeners, and every `reverse_proxy` handler in its
/// routes (subroutes followed) with the paths its route matches, its upstreams and its `flush_interval`. JSON is
/// read with the YAML reader, which keeps positions.
public struct CaddyJSONConfig: Sendable {
    public struct Value: Sendable {
        public let text: String
        public let range: Range<Int>
        public init(text: String, range: Range<Int>) { self.text = text; self.range = range }
    }
    public struct Proxy: Sendable {
        public let paths: [String]
        public let upstreams: [String]
        public let flushInterval: Value?
        /// The `"handler": "reverse_proxy"` value.
        public let range: Range<Int>
    }
    public struct Server: Sendable {
        public let name: String
        public let listen: [String]
        public let writeTimeout: Value?
        public let proxies: [Proxy]
    }
    public let source: SourceFile
    public var servers: [Server] = []

    /// A JSON file with Caddy's `apps` → `http` → `servers` layout.
    public static func looksLikeCaddyJSON(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(1 << 16), as: UTF8.self)
        guard head.contains("\"apps\"") && head.contains("\"http\"") && head.contains("\"servers\"") else { return false }
        // The words alone also appear in an OpenAPI document: the structure decides (`apps.http.servers` an object).
        guard bytes.count <= 8 << 20, let top = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let apps = top["apps"] as? [String: Any], let http = apps["http"] as? [String: Any] else { return false }
        return http["servers"] is [String: Any]
    }

    /// Caddy's durations in JSON: an integer is nanoseconds, a string is Go's duration syntax (plus `d`).
    public static func seconds(_ v: Value) -> Double? {
        if let n = Double(v.text), !v.text.contains(where: \.isLetter) { return n / 1e9 }
        return RouteTimeouts.seconds(v.text.hasSuffix("d") ? "\(Double(v.text.dropLast()).map { $0 * 24 } ?? -1)h" : v.text)
    }

    public static func parse(_ f: SourceFile) -> Result<CaddyJSONConfig, InputError> {
        let text = String(decoding: f.bytes, as: UTF8.self)
        if let p = YAMLGuard.check(text, allowAliases: false) { return .failure(InputError(path: f.path, line: p.line, column: 1, message: p.message)) }
        let root: Node?
        do { root = try YAMLSource.documents(text).first } catch { return .failure(YAMLSource.yamlError(error, f)) }
        var config = CaddyJSONConfig(source: f)
        let y = YAMLSource(file: f)
        guard let servers = root?.mapping?["apps"]?.mapping?["http"]?.mapping?["servers"]?.mapping else { return .success(config) }
        for (k, s) in servers {
            guard let name = k.string, let m = s.mapping else { continue }
            var proxies: [Proxy] = []
            config.routes(m["routes"], paths: [], y, &proxies, depth: 0)
            config.servers.append(Server(name: name, listen: m["listen"]?.sequence?.compactMap(\.string) ?? [],
                                         writeTimeout: m["write_timeout"].map { value($0, y) }, proxies: proxies))
        }
        return .success(config)
    }

    static func value(_ n: Node, _ y: YAMLSource) -> Value {
        let st = y.offset(n)
        return Value(text: n.string ?? "", range: st..<max(st, y.tokenEnd(st, flow: true)))
    }

    /// Routes, their `match` paths (inherited by subroutes) and handlers.
    func routes(_ node: Node?, paths: [String], _ y: YAMLSource, _ out: inout [Proxy], depth: Int) {
        guard depth < 32 else { return }
        for route in node?.sequence ?? [] {
            guard let r = route.mapping else { continue }
            let own = (r["match"]?.sequence ?? []).flatMap { $0.mapping?["path"]?.sequence?.compactMap(\.string) ?? [] }
            let p = own.isEmpty ? paths : own
            for h in r["handle"]?.sequence ?? [] {
                guard let hm = h.mapping, let kind = hm["handler"] else { continue }
                switch kind.string {
                case "reverse_proxy":
                    let ups = (hm["upstreams"]?.sequence ?? []).compactMap { $0.mapping?["dial"]?.string }
                    out.append(Proxy(paths: p, upstreams: ups, flushInterval: hm["flush_interval"].map { Self.value($0, y) }, range: Self.value(kind, y).range))
                case "subroute":
                    routes(hm["routes"], paths: p, y, &out, depth: depth + 1)
                default: break
                }
            }
        }
    }
}
