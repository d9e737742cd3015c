import Foundation
import SSELintCore

/// The routers, middlewares and entry points of every Traefik file of a deployment together, as Traefik would
/// assemble them from its providers: a router in compose labels may use a middleware from the file provider, and
/// an entry point's middlewares apply to every router on it.
public struct TraefikModel: Sendable {
    public struct Router: Sendable {
        public let name: String
        public var rule: TraefikEntry?
        /// The router's `middlewares` entries, one per name (`gzip@file` → `gzip`).
        public var middlewares: [(name: String, entry: TraefikEntry)] = []
        public var service: TraefikEntry?
        public var entryPoints: [String]?
        /// Where the router is first written (its first key).
        public var first: TraefikEntry
        /// The compose service whose labels declare it (Docker provider: the container it sends to by default).
        public var composeService: String? { first.service }

        /// `PathPrefix(`/api`)`, `Path(`/x`)` and the IngressRoute `match` forms: the paths the rule names.
        public var paths: [String] {
            guard let rule = rule?.value else { return [] }
            var out: [String] = []
            for fn in ["PathPrefix(", "Path(", "PathRegexp("] {
                var rest = Substring(rule)
                while let r = rest.range(of: fn) {
                    // `!PathPrefix(...)` excludes the path: the router does not route it.
                    let negated = rest[..<r.lowerBound].reversed().first { $0 != " " } == "!"
                    rest = rest[r.upperBound...]
                    if negated { continue }
                    // Arguments in backticks or quotes, comma separated (v2 allows several).
                    let args = rest.prefix { $0 != ")" }
                    out += args.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " `\"'")) }.filter { $0.hasPrefix("/") || $0.hasPrefix("^/") }
                }
            }
            return out
        }
    }

    public struct Middleware: Sendable {
        public let name: String
        /// `compress`, `buffering`, `chain`, `stripPrefix` … lowercased.
        public let kind: String
        /// The middleware's options below its kind, lowercased dotted (`excludedcontenttypes`), with their entries.
        public var options: [String: TraefikEntry] = [:]
        public var first: TraefikEntry
    }

    public var routers: [Router] = []
    public var middlewares: [String: Middleware] = [:]
    /// `entryPoints.<name>.http.middlewares`: applied to every router of that entry point.
    public var entryPointMiddlewares: [String: [(name: String, entry: TraefikEntry)]] = [:]
    /// `entryPoints.<name>.transport.respondingTimeouts.writeTimeout`.
    public var writeTimeouts: [(entryPoint: String, entry: TraefikEntry)] = []
    /// Traefik's version from the image tag that runs it (`traefik:v3.1`), with where it is written.
    public var version: (major: Int, minor: Int, text: String, at: SourceRange)?
    public var containers: [TraefikContainer] = []

    public var isEmpty: Bool { routers.isEmpty && middlewares.isEmpty && writeTimeouts.isEmpty }

    public init(_ files: [TraefikFile]) {
        var routerIndex: [String: Int] = [:]
        for f in files {
            containers += f.containers
            for e in f.entries { add(e, &routerIndex) }
            for c in f.containers {
                guard version == nil, let image = c.image, TraefikFile.isTraefikImage(image), let v = Self.parseVersion(image) else { continue }
                version = (v.0, v.1, v.2, SourceRange(file: c.source, start: c.range.lowerBound, end: c.range.upperBound))
            }
        }
    }

    mutating func add(_ e: TraefikEntry, _ routerIndex: inout [String: Int]) {
        let k = e.key.map { $0.lowercased() }
        if k.count >= 4, k[0] == "http", k[1] == "routers" {
            let name = e.key[2]
            let i = routerIndex[name] ?? { routers.append(Router(name: name, first: e)); routerIndex[name] = routers.count - 1; return routers.count - 1 }()
            switch k[3] {
            case "rule": routers[i].rule = e
            case "middlewares": routers[i].middlewares += Self.names(e)
            case "service": routers[i].service = e
            case "entrypoints": routers[i].entryPoints = e.value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            default: break
            }
        } else if k.count >= 4, k[0] == "http", k[1] == "middlewares" {
            let name = e.key[2]
            var m = middlewares[name] ?? Middleware(name: name, kind: k[3], first: e)
            if k.count > 4 { m.options[k[4...].joined(separator: ".")] = e }
            middlewares[name] = m
        } else if k.count >= 4, k[0] == "entrypoints", k[2] == "http", k[3] == "middlewares" {
            entryPointMiddlewares[k[1], default: []] += Self.names(e)
        } else if k.count == 5, k[0] == "entrypoints", k[2] == "transport", k[3] == "respondingtimeouts", k[4] == "writetimeout" {
            writeTimeouts.append((e.key[1], e))
        }
    }

    /// `a, b@file` → `a`, `b`: a middleware list with provider suffixes dropped.
    static func names(_ e: TraefikEntry) -> [(name: String, entry: TraefikEntry)] {
        e.value.split(separator: ",").map { n in
            let t = n.trimmingCharacters(in: .whitespaces)
            return (String(t.split(separator: "@").first ?? Substring(t)), e)
        }.filter { !$0.name.isEmpty }
    }

    /// `traefik:v3.1.2`, `docker.io/traefik:${TRAEFIK_RELEASE:-v2.9.8}` → (3, 1, "v3.1.2"); nil for `latest` or no tag.
    public static func parseVersion(_ image: String) -> (Int, Int, String)? {
        guard let colon = image.firstIndex(of: ":") else { return nil }
        var tag = String(image[image.index(after: colon)...])
        if tag.hasPrefix("${"), let d = tag.range(of: ":-") { tag = String(tag[d.upperBound...].prefix { $0 != "}" }) }
        let digits = tag.drop { $0 == "v" }.split(separator: ".").map { Int($0.prefix { $0.isNumber }) }
        guard digits.count >= 2, let major = digits[0], let minor = digits[1] else {
            if digits.count == 1, let major = digits[0] { return (major, -1, tag) }
            return nil
        }
        return (major, minor, tag)
    }

    /// The middlewares a router runs, in order: its entry points' first, then its own, chains expanded (bounded,
    /// a chain that names itself stops). Each with the entry that attaches it.
    public func middlewares(of router: Router) -> [(middleware: Middleware, via: TraefikEntry)] {
        var out: [(Middleware, TraefikEntry)] = []
        var seen: Set<String> = []
        func visit(_ name: String, _ via: TraefikEntry, depth: Int) {
            guard depth < 16, seen.insert(name).inserted, let m = middlewares[name] else { return }
            if m.kind == "chain" {
                // `middlewares: a,b` (labels, TOML, YAML) or, in a Kubernetes CRD, `middlewares: [{name: a}]`
                // (flattened to `middlewares.0.name`), in order.
                let listed = m.options["middlewares"].map(Self.names) ?? m.options.filter { $0.key.hasPrefix("middlewares.") && $0.key.hasSuffix(".name") }
                    .sorted { Int($0.key.split(separator: ".")[1]) ?? 0 < Int($1.key.split(separator: ".")[1]) ?? 0 }
                    .flatMap { Self.names($0.value) }
                for n in listed { visit(n.name, via, depth: depth + 1) }
            }
            out.append((m, via))
        }
        let eps = router.entryPoints ?? Array(entryPointMiddlewares.keys).sorted()
        for ep in eps { for n in entryPointMiddlewares[ep.lowercased()] ?? [] { visit(n.name, n.entry, depth: 0) } }
        for n in router.middlewares { visit(n.name, n.entry, depth: 0) }
        return out
    }
}
