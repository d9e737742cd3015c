@preconcurrency import Yams
import SSELintCore

/// Traefik's configuration as Traefik reads it: every provider (Docker/compose labels, the file provider's YAML or
/// TOML, the static config and its `--flags`, Kubernetes CRDs) flattened into dotted keys, the form its labels
/// already have (`http.routers.api.middlewares` = `gzip@docker`), each with where its value is written. Routers,
/// middlewares and entry points are then read from the keys of every file of the deployment together, since a
/// router in one file names middlewares defined in another.
public struct TraefikEntry: Sendable {
    /// Key components as written (`http`, `routers`, `api`, `middlewares`); Traefik compares field names without
    /// case, so `field(_:)` lowercases them.
    public let key: [String]
    public let value: String
    /// The value (or the whole label) in the file.
    public let range: Range<Int>
    public let source: SourceFile
    /// The compose service whose labels carry this entry (the container the router sends to by default).
    public let service: String?

    public func field(_ i: Int) -> String? { i < key.count ? key[i].lowercased() : nil }
}

/// A compose service or Kubernetes container that runs Traefik, or that Traefik routes to.
public struct TraefikContainer: Sendable {
    public let name: String
    public let image: String?
    /// `build:` context directory, relative to the compose file's directory resolved.
    public let buildContext: String?
    public let range: Range<Int>
    public let source: SourceFile
}

public struct TraefikFile: Sendable {
    public let source: SourceFile
    public var entries: [TraefikEntry] = []
    public var containers: [TraefikContainer] = []
    public var comments: [Comment] = []
    public init(source: SourceFile) { self.source = source }

    /// Whether the file says anything Traefik reads.
    public var isEmpty: Bool { entries.isEmpty && !containers.contains { $0.image.map(TraefikFile.isTraefikImage) ?? false } }

    public static func isTraefikImage(_ image: String) -> Bool {
        let name = image.split(separator: ":").first.map(String.init) ?? image
        return name == "traefik" || name.hasSuffix("/traefik")
    }

    /// A Traefik static or dynamic config file, a compose file (labels), or a Kubernetes manifest (CRDs and the
    /// Traefik container's args). TOML is read for `.toml` files. Bad YAML/TOML is an input error at its line.
    public static func parse(_ f: SourceFile) -> Result<TraefikFile, InputError> {
        if f.path.lowercased().hasSuffix(".toml") {
            return TraefikTOML.flatten(f).map { entries in var t = TraefikFile(source: f); t.entries = entries; t.comments = SSELintLaunch.lineComments(f); return t }
        }
        let text = String(decoding: f.bytes, as: UTF8.self)
        if let p = YAMLGuard.check(text, allowAliases: true) { return .failure(InputError(path: f.path, line: p.line, column: 1, message: p.message)) }
        let docs: [Node]
        do { docs = try YAMLSource.documents(text) } catch { return .failure(YAMLSource.yamlError(error, f)) }
        var t = TraefikFile(source: f)
        t.comments = SSELintLaunch.lineComments(f)
        let y = YAMLSource(file: f)
        for doc in docs { t.read(doc, y) }
        return .success(t)
    }

    /// Like `parse`, for a file another reader already accepted (compose, Kubernetes): nothing Traefik reads is
    /// not an error, it is an empty result.
    public static func scan(_ f: SourceFile) -> TraefikFile? {
        // Labels, CRDs, flags and the image all say "traefik": other files are not parsed again.
        guard f.bytes.count < 4 << 20, mentionsTraefik(f.bytes), let t = try? parse(f).get(), !t.isEmpty else { return nil }
        return t
    }

    static func mentionsTraefik(_ b: [UInt8]) -> Bool {
        let t = Array("traefik".utf8), T = Array("TRAEFIK".utf8)
        guard b.count >= t.count else { return false }
        for i in 0...(b.count - t.count) where b[i] | 0x20 == t[0] {
            var k = 1
            while k < t.count, b[i + k] == t[k] || b[i + k] == T[k] { k += 1 }
            if k == t.count { return true }
        }
        return false
    }

    mutating func read(_ doc: Node, _ y: YAMLSource) {
        guard case .mapping(let top) = doc else { return }
        if let kind = top["kind"]?.string, let api = top["apiVersion"]?.string {
            readKubernetes(kind: kind, api: api, top, y)
            return
        }
        if let services = top["services"]?.mapping {
            readCompose(services, y)
            return
        }
        // A static (entryPoints, providers) or dynamic (http) config file.
        for (k, v) in top { if let key = k.string { flatten(v, [key], y, service: nil) } }
    }

    mutating func readCompose(_ services: Node.Mapping, _ y: YAMLSource) {
        for (k, svc) in services {
            guard let name = k.string, case .mapping(let s) = svc else { continue }
            let image = s["image"]?.string
            let build = s["build"]?.string ?? s["build"]?.mapping?["context"]?.string
            containers.append(TraefikContainer(name: name, image: image, buildContext: build.map { Path.normalize(Path.join(Path.dirname(source.path), $0)) },
                                               range: y.offset(k)..<y.tokenEnd(y.offset(k), flow: false), source: source))
            if let labels = s["labels"] { readLabels(labels, y, service: name) }
            if let image, Self.isTraefikImage(image) {
                if let c = s["command"] { readFlags(c, y) }
                if let e = s["environment"] { readEnvironment(e, y) }
            }
        }
    }

    /// Labels as a list of `key=value` or a mapping; only `traefik.*` ones, the prefix dropped.
    mutating func readLabels(_ labels: Node, _ y: YAMLSource, service: String?) {
        func add(_ key: String, _ value: String, _ range: Range<Int>) {
            let parts = key.split(separator: ".").map(String.init)
            guard parts.count > 1, parts[0].lowercased() == "traefik" else { return }
            entries.append(TraefikEntry(key: Array(parts.dropFirst()), value: value, range: range, source: source, service: service))
        }
        if let seq = labels.sequence {
            for item in seq {
                guard let s = item.string, let eq = s.firstIndex(of: "=") else { continue }
                let st = y.offset(item)
                add(String(s[..<eq]), String(s[s.index(after: eq)...]), st..<max(st, y.tokenEnd(st, flow: false)))
            }
        } else if let map = labels.mapping {
            for (k, v) in map {
                guard let key = k.string else { continue }
                let st = y.offset(v)
                add(key, v.string ?? "", st..<max(st, y.tokenEnd(st, flow: false)))
            }
        }
    }

    /// Static configuration flags (`--entrypoints.web.transport.respondingtimeouts.writetimeout=30s`).
    mutating func readFlags(_ command: Node, _ y: YAMLSource) {
        let items: [(String, Int)]
        if let seq = command.sequence { items = seq.compactMap { n in n.string.map { ($0, y.offset(n)) } } }
        else if let s = command.string { items = [(s, y.offset(command))] }
        else { return }
        for (text, start) in items {
            // A string command holds several flags: find each `--` word with its offset in the scalar.
            var searchFrom = text.startIndex
            for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) where word.hasPrefix("--") {
                guard let r = text.range(of: word, range: searchFrom..<text.endIndex) else { continue }
                searchFrom = r.upperBound
                let flag = word.dropFirst(2)
                let (key, value) = flag.firstIndex(of: "=").map { (flag[..<$0], flag[flag.index(after: $0)...]) } ?? (flag, "true")
                let quote = source.bytes.indices.contains(start) && (source.bytes[start] == 0x22 || source.bytes[start] == 0x27) ? 1 : 0
                // Escapes and folded lines move bytes against the scalar's text: keep the range inside the file.
                let at = min(source.bytes.count, start + quote + text.utf8.distance(from: text.startIndex, to: r.lowerBound))
                entries.append(TraefikEntry(key: key.split(separator: ".").map(String.init), value: String(value),
                                            range: at..<min(source.bytes.count, at + word.utf8.count), source: source, service: nil))
            }
        }
    }

    /// `TRAEFIK_ENTRYPOINTS_WEB_TRANSPORT_RESPONDINGTIMEOUTS_WRITETIMEOUT=30s`: the static config by environment.
    mutating func readEnvironment(_ env: Node, _ y: YAMLSource) {
        var pairs: [(String, String, Int)] = []
        if let seq = env.sequence {
            for item in seq { if let s = item.string, let eq = s.firstIndex(of: "=") { pairs.append((String(s[..<eq]), String(s[s.index(after: eq)...]), y.offset(item))) } }
        } else if let map = env.mapping {
            for (k, v) in map { if let key = k.string { pairs.append((key, v.string ?? "", y.offset(v))) } }
        }
        for (key, value, start) in pairs where key.hasPrefix("TRAEFIK_") {
            entries.append(TraefikEntry(key: key.dropFirst(8).split(separator: "_").map(String.init), value: value,
                                        range: start..<max(start, y.tokenEnd(start, flow: false)), source: source, service: nil))
        }
    }

    mutating func readKubernetes(kind: String, api: String, _ top: Node.Mapping, _ y: YAMLSource) {
        let name = top["metadata"]?.mapping?["name"]?.string ?? "?"
        let traefikCRD = api.hasPrefix("traefik.io/") || api.hasPrefix("traefik.containo.us/")
        if traefikCRD, kind == "Middleware", let spec = top["spec"] {
            flatten(spec, ["http", "middlewares", name], y, service: nil)
        } else if traefikCRD, kind == "IngressRoute", let routes = top["spec"]?.mapping?["routes"]?.sequence {
            // Each route a router: its `match` the rule, its middlewares and services by name.
            for (i, route) in routes.enumerated() {
                guard let r = route.mapping else { continue }
                let router = ["http", "routers", "\(name)-\(i)"]
                if let m = r["match"], let s = m.string { entries.append(entry(router + ["rule"], s, m, y)) }
                for mw in r["middlewares"]?.sequence ?? [] {
                    if let n = mw.mapping?["name"] { entries.append(entry(router + ["middlewares"], n.string ?? "", n, y)) }
                }
                if let svc = r["services"]?.sequence?.first?.mapping?["name"] { entries.append(entry(router + ["service"], svc.string ?? "", svc, y)) }
            }
        } else if ["Deployment", "DaemonSet", "StatefulSet"].contains(kind),
                  let containersNode = top["spec"]?.mapping?["template"]?.mapping?["spec"]?.mapping?["containers"]?.sequence {
            for c in containersNode {
                guard let m = c.mapping, let image = m["image"]?.string, Self.isTraefikImage(image) else { continue }
                containers.append(TraefikContainer(name: m["name"]?.string ?? name, image: image, buildContext: nil, range: y.offset(c)..<y.offset(c), source: source))
                if let args = m["args"] { readFlags(args, y) }
                if let a = m["command"] { readFlags(a, y) }
            }
        }
    }

    func entry(_ key: [String], _ value: String, _ node: Node, _ y: YAMLSource) -> TraefikEntry {
        let st = y.offset(node)
        return TraefikEntry(key: key, value: value, range: st..<max(st, y.tokenEnd(st, flow: false)), source: source, service: nil)
    }

    /// Nested mappings become dotted keys; a list of scalars one comma-separated value (as labels write it), a
    /// list of mappings indexed keys.
    mutating func flatten(_ node: Node, _ key: [String], _ y: YAMLSource, service: String?, depth: Int = 0) {
        guard depth < 32 else { return }
        switch node {
        case .scalar(let s): entries.append(entry(key, s.string, node, y))
        case .mapping(let m):
            // `compress: {}` turns the middleware on with its defaults: the key alone is an entry.
            if m.isEmpty { entries.append(entry(key, "", node, y)); return }
            for (k, v) in m { if let name = k.string { flatten(v, key + [name], y, service: service, depth: depth + 1) } }
        case .sequence(let seq):
            if seq.allSatisfy({ $0.string != nil }), let first = seq.first {
                var e = entry(key, seq.compactMap(\.string).joined(separator: ","), first, y)
                if let last = seq.last { e = TraefikEntry(key: key, value: e.value, range: e.range.lowerBound..<max(e.range.lowerBound, y.tokenEnd(y.offset(last), flow: true)), source: source, service: service) }
                entries.append(e)
            } else {
                for (i, item) in seq.enumerated() { flatten(item, key + ["\(i)"], y, service: service, depth: depth + 1) }
            }
        default: break
        }
    }

    /// Whether a YAML or TOML file is Traefik's own: a static config (`entryPoints`, `providers`) or a dynamic one
    /// (`http:` with `routers`/`middlewares`/`services`).
    public static func looksLikeTraefik(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes.prefix(1 << 16), as: UTF8.self)
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let dynamic = lines.contains { $0 == "http:" || $0 == "[http]" || $0.hasPrefix("[http.") }
            && lines.contains { $0.hasPrefix("routers:") || $0.hasPrefix("middlewares:") || $0.hasPrefix("[http.routers") || $0.hasPrefix("[http.middlewares") }
        let staticConfig = text.contains("\nentryPoints:") || text.hasPrefix("entryPoints:") || text.contains("[entryPoints")
        return dynamic || staticConfig
    }
}
