import Foundation
import SSELintCore
import SSELintLaunch
import SSELintSource

/// The cross-file model of one run: every scanned app file with its routes resolved across files (router
/// prefixes), what the launch commands say about the app (ports, gunicorn, `--http h11`), and, once the nginx
/// configs are analysed, which routes a scanned nginx buffers. nginx rules ask it about a location's routes;
/// app and launch rules ask it about the other side.
public final class Deployment: AppKnowledge, @unchecked Sendable {
    public let apps: [AppFile]
    /// Compression middleware, Next.js configs and Go server deadlines of the scanned app (APP rules).
    public private(set) var stack: AppStackModel
    /// One entry per route of every app file, with its final path.
    public struct Route {
        public let file: Int
        public let index: Int
        public let path: String
        public var key: String { "\(file):\(index)" }
    }
    public private(set) var routes: [Route] = []
    private var keysByRoute: [Int: [String]] = [:]
    /// Ports the app servers listen on, from launch commands (uvicorn 8000 when none is given).
    public private(set) var appPorts: Set<String> = []
    /// Some launch command's port is not a literal: ports then do not filter locations.
    private var portsUnknown = false
    public private(set) var closeDelimited = false
    /// The ASGI server the launch commands start (`uvicorn`, also under gunicorn's UvicornWorker, or `hypercorn`).
    public private(set) var pythonServer: String?
    /// A gunicorn launch was scanned (PY006), and where.
    public private(set) var gunicorn: SourceRange?
    /// A server that speaks HTTP/2 to clients itself (hypercorn with a certificate negotiates h2), and where.
    public private(set) var http2Server: SourceRange?
    /// Compression middleware anywhere in the app (PY007), and where.
    public private(set) var compression: SourceRange?
    /// Headers that middleware sets on every response, from every app file.
    public private(set) var middlewareHeaders: [(AppHeader, SourceFile)] = []
    /// nginx configs were scanned in this run.
    public var nginxScanned = false
    /// Proxies other than nginx found in the tree (Caddyfile, traefik, haproxy, envoy), for HDR005.
    public var otherProxies: [String] = []
    /// Where each of those proxies is configured (its file, or the labels or routes that configure it).
    public var otherProxyLocations: [String: SourceRange] = [:]
    /// Whether a route path names a stream (the configured SSE path patterns); set by the engine.
    public var streamPath: ((String) -> Bool)?
    /// A proxy config of another kind that flushes responses itself (Caddy's `flush_interval -1`): its path.
    public var otherProxyUnbuffered: String?
    /// What the tree's Kubernetes Ingress objects say about buffering.
    public var ingress = IngressFacts()

    /// Per route key: the location of a scanned nginx that buffers it, and whether a cache layer (proxy_cache)
    /// applies, recorded by the engine after the nginx analyses.
    public private(set) var bufferedBy: [String: (range: SourceRange, text: String)] = [:]
    public private(set) var cachedBy: [String: SourceRange] = [:]
    /// Some location of a scanned nginx proxies with buffering on (so an app response whose route is not matched to
    /// a location may be buffered).
    public private(set) var nginxBuffersSomewhere = false
    /// A location that proxies with buffering explicitly off: the deployment has a streaming location.
    public private(set) var nginxUnbufferedLocation: SourceRange?
    /// Per route key: a scanned nginx location that proxies it with buffering off (X-Accel-Buffering adds nothing).
    public private(set) var unbufferedBy: [String: SourceRange] = [:]
    /// Responses built outside any route of their file, by function name; routes by handler name.
    private var responsesByFunction: [String: [(file: Int, response: Int)]] = [:]
    private var routesByHandler: [String: [(file: Int, route: Int)]] = [:]
    private var firstPathByKey: [String: String] = [:]
    private let lock = NSLock()
    private var regexCache: [String: LinearRegex?] = [:]
    private var selectCache: [String: LocationArgs?] = [:]
    private var siblingIds: [String: Int] = [:]
    private var selectionTables: [Int: [String: [Int]]] = [:]
    /// Per sibling set and location (a proxy_pass without a URI part): the facts of the routes it reaches.
    private var factsMemo: [String: AppRouteFacts?] = [:]
    private var factsMade = 0
    /// Facts (by id) whose route keys a verdict was recorded for, per kind of verdict: many services behind the
    /// same paths share facts that list every one of their routes (recording them again for each was quadratic).
    private var recorded: Set<Int> = []

    public init(apps: [AppFile], launches: [LaunchFile]) {
        self.apps = apps
        stack = AppStackModel(apps: apps, launches: launches)
        // Router includes across files: `app.include_router(chat.router, prefix="/api")` applies to the routes of
        // chat.py registered on `router`.
        // A router included by another router (`api_router.include_router(chat.router, prefix="/chat")`, itself included
        // with "/api/v1") takes the includer's prefixes too, resolved transitively (bounded).
        typealias Include = (prefix: String, replaces: Bool, includer: (module: String, dirModule: String, router: String)?)
        var prefixes: [String: [Include]] = [:]
        func moduleNames(_ path: String) -> (String, String) {
            (Path.basename(path).split(separator: ".").first.map(String.init) ?? "", Path.basename(Path.dirname(path)))
        }
        for a in apps {
            let (m, d) = moduleNames(a.source.path)
            for inc in a.includes {
                prefixes["\(inc.module ?? "*").\(inc.router)", default: []].append((inc.prefix, inc.replacesPrefix, inc.includer.map { (m, d, $0) }))
            }
        }
        func lookup(_ module: String, _ dirModule: String, _ router: String) -> [Include] {
            // Django's include("chat.urls") names the package too: every app has a urls.py.
            if router == "urlpatterns" { return prefixes["\(dirModule).\(module).\(router)"] ?? [] }
            return prefixes["\(module).\(router)"] ?? (module == "__init__" ? prefixes["\(dirModule).\(router)"] : nil) ?? prefixes["*.\(router)"] ?? []
        }
        func full(_ module: String, _ dirModule: String, _ router: String, depth: Int) -> [(prefix: String, replaces: Bool)] {
            lookup(module, dirModule, router).flatMap { inc -> [(prefix: String, replaces: Bool)] in
                guard let outer = inc.includer, depth < 8 else { return [(inc.prefix, inc.replaces)] }
                let above = full(outer.module, outer.dirModule, outer.router, depth: depth + 1)
                return above.isEmpty ? [(inc.prefix, inc.replaces)] : above.map { (PythonScanner.joinPath($0.prefix, inc.prefix), inc.replaces) }
            }
        }
        for (fi, a) in apps.enumerated() {
            for (k, r) in a.responses.enumerated() where r.route == nil { if let f = r.function { responsesByFunction[f, default: []].append((fi, k)) } }
            for (k, r) in a.routes.enumerated() { if let h = r.handler { routesByHandler[h, default: []].append((fi, k)) } }
        }
        for (fi, a) in apps.enumerated() {
            let (module, dirModule) = moduleNames(a.source.path)
            for (ri, r) in a.routes.enumerated() {
                var paths = [r.path]
                if let router = r.router {
                    let p = full(module, dirModule, router, depth: 0)
                    if !p.isEmpty { paths = p.map { PythonScanner.joinPath($0.prefix, $0.replaces ? (r.localPath ?? r.path) : r.path) } }
                }
                for p in paths {
                    routes.append(Route(file: fi, index: ri, path: p))
                    if firstPathByKey["\(fi):\(ri)"] == nil { firstPathByKey["\(fi):\(ri)"] = p }
                    keysByRoute[fi * 1_000_003 + ri, default: []].append(routes[routes.count - 1].key)
                }
            }
            if compression == nil, let c = a.python?.compression { compression = SourceRange(file: a.source, start: c.lowerBound, end: c.upperBound) }
            middlewareHeaders += a.middlewareHeaders.map { ($0, a.source) }
        }
        for l in launches {
            for c in l.commands where djangoASGI == nil {
                // `proj.asgi:application` is the name Django's startproject gives the ASGI entry point.
                if let w = c.command.words.first(where: { $0.text.contains(".asgi:application") || $0.text.hasSuffix("asgi:application") }) {
                    djangoASGI = SourceRange(file: c.file, start: w.start, end: w.end)
                }
            }
            for c in l.commands {
                guard let s = ServerLaunch.find(in: c) else { continue }
                if s.kind == .gunicorn, gunicorn == nil { gunicorn = s.nameRange }
                switch s.kind {
                case .uvicorn, .fastapiRun, .fastapiDev: pythonServer = pythonServer ?? "uvicorn"
                case .hypercorn: pythonServer = pythonServer ?? "hypercorn"
                case .gunicorn where s.options["worker-class"]?.value.lowercased().contains("uvicorn") == true: pythonServer = pythonServer ?? "uvicorn"
                default: break
                }
                if s.kind == .hypercorn, s.options["certfile"] != nil, http2Server == nil { http2Server = s.nameRange }
                if s.options["http"]?.value == "h11" { closeDelimited = true }
                // Only literal ports count: `--port $PORT` or `-b 0.0.0.0` leave the port unknown (no filtering).
                let bound = s.options["bind"].map { $0.value.contains(":") ? String($0.value.split(separator: ":").last ?? "") : "" }
                let port = s.options["port"]?.value ?? bound ?? "8000"
                if port.allSatisfy(\.isNumber), !port.isEmpty { appPorts.insert(port) } else { portsUnknown = true }
            }
        }
    }

    /// The Node packages' manifests of the tree (what `npm start` runs), read by the engine before the rules.
    public func read(packages: [PackageJSON]) { stack.packages = packages }

    /// The server that runs an app file, as far as the file's language and the launch commands tell.
    func server(of file: AppFile) -> String? {
        let p = file.source.path
        if p.hasSuffix(".go") { return "Go net/http" }
        if p.hasSuffix(".rs") { return "the Rust server" }
        if [".js", ".mjs", ".cjs", ".ts", ".mts", ".cts"].contains(where: p.hasSuffix) { return "Node" }
        return pythonServer
    }

    public var hasApp: Bool { apps.contains { !$0.routes.isEmpty || !$0.responses.isEmpty } }
    /// Some app route serves SSE; nil when no app code was scanned.
    public var servesSSE: Bool? {
        guard hasApp else { return nil }
        return apps.contains { $0.responses.contains(where: \.isSSE) }
    }
    /// What every streaming route of the scanned app says together (its heartbeat, where it is defined), for a
    /// proxy that sends all its traffic to the app; nil when no scanned route streams.
    public var allStreams: AppRouteFacts? {
        let streaming = routes.map { r -> (Route, [(response: AppResponse, file: AppFile)]) in
            let sse = responses(of: r)
            if sse.isEmpty, streamPath?(r.path) == true, let t = textStream(of: r) { return (r, [t]) }
            return (r, sse)
        }.filter { !$0.1.isEmpty }
        guard !streaming.isEmpty else {
            // SSE responses whose routes are registered where the scanner cannot tie them (a Go router in another
            // package): the app streams, with an unknown heartbeat.
            guard let a = apps.first(where: { $0.responses.contains(where: \.isSSE) }), let r = a.responses.first(where: \.isSSE) else { return nil }
            var facts = AppRouteFacts(servesSSE: true)
            facts.heartbeatUnknown = true
            let range = SourceRange(file: a.source, start: r.range.lowerBound, end: r.range.upperBound)
            facts.evidence = range
            facts.related = [RelatedLocation(range: range, message: "response defined here serves text/event-stream")]
            return facts
        }
        let text = Set(streaming.filter { !$0.1[0].response.isSSE }.map(\.0.path))
        let facts = self.facts(streaming, textPaths: text)
        return facts.servesSSE ? facts : nil
    }

    /// SSE responses of WSGI frameworks (Django's StreamingHttpResponse, Flask's Response), which a WSGI server's
    /// worker serves for as long as the stream lasts.
    public var wsgiStreams: [SourceRange] {
        apps.flatMap { a in
            // An async generator body is for an ASGI server (Django serves it only there).
            a.responses.filter { $0.isSSE && !a.source.path.hasSuffix(".go") && ($0.baseKind == "StreamingHttpResponse" || $0.mediaTypeKeyword == "mimetype")
                && a.python?.generator(of: $0)?.isAsync != true }
                .map { SourceRange(file: a.source, start: $0.range.lowerBound, end: $0.range.upperBound) }
        }
    }
    /// The generator a response's body comes from: in its own file, or (imported by name) in the scanned module
    /// `from X import name` names.
    public func generator(of r: AppResponse, in file: AppFile) -> PythonAppFacts.Generator? { generatorAndFile(of: r, in: file)?.0 }

    public func generatorAndFile(of r: AppResponse, in file: AppFile) -> (PythonAppFacts.Generator, AppFile)? {
        if let g = file.python?.generator(of: r) { return (g, file) }
        guard let name = r.bodyFunction, let module = r.bodyModule, !module.hasPrefix(".") else { return nil }
        let suffix = "/" + module.replacingOccurrences(of: ".", with: "/")
        // Of the modules with that name, the one nearest the importing file (the longest shared directory prefix).
        let dir = Array(Path.absolute(file.source.path).utf8)
        return apps.compactMap { a -> (Int, (PythonAppFacts.Generator, AppFile))? in
            let p = Path.absolute(a.source.path)
            guard p.hasSuffix(suffix + ".py") || p.hasSuffix(suffix + "/__init__.py"), let g = a.python?.generators[name] else { return nil }
            return (zip(dir, p.utf8).prefix { $0 == $1 }.count, (g, a))
        }.max { $0.0 < $1.0 }?.1
    }

    /// A launch that serves a Django project over ASGI (`granian --interface asgi`, `uvicorn proj.asgi:application`,
    /// daphne, hypercorn): Django then consumes a sync streaming iterator whole before it sends anything.
    public private(set) var djangoASGI: SourceRange?

    /// Every SSE response uses a library that ends streams on SIGTERM (sse-starlette, FACTS §4).
    public var streamsEndOnShutdown: Bool {
        let sse = apps.flatMap { $0.responses.filter(\.isSSE) }
        return !sse.isEmpty && sse.allSatisfy(\.endsStreamsOnShutdown)
    }

    /// The SSE responses of a route, each with its file: those its own file builds for it, else (a Django
    /// `urls.py`, a Flask `add_url_rule`) the responses its handler builds in another file.
    public func responses(of r: Route) -> [(response: AppResponse, file: AppFile)] {
        let file = apps[r.file]
        let own = file.responses.filter { $0.route == r.index && $0.isSSE }
        if !own.isEmpty || file.responses.contains(where: { $0.route == r.index }) { return own.map { ($0, file) } }
        guard let handler = file.routes[r.index].handler else { return [] }
        return (responsesByFunction[handler] ?? []).filter { $0.file != r.file }.compactMap { ref in
            let resp = apps[ref.file].responses[ref.response]
            return resp.isSSE ? (resp, apps[ref.file]) : nil
        }
    }

    /// Keys of the routes in other files whose handler is `function` (a view registered in urls.py).
    public func handlerRouteKeys(_ function: String, file: Int) -> [String] {
        (routesByHandler[function] ?? []).filter { $0.file != file }.flatMap { routeKeys(file: $0.file, route: $0.route) }
    }
    public func routeKeys(file: Int, route: Int) -> [String] { keysByRoute[file * 1_000_003 + route] ?? [] }
    /// The route's path with every prefix its routers are mounted under (the first, when several).
    public func fullPath(file: Int, route: Int) -> String? {
        routeKeys(file: file, route: route).first.flatMap { firstPathByKey[$0] }
    }
    /// The first full path of a route key.
    public func path(ofKey key: String) -> String? { firstPathByKey[key] }

    /// Headers that reach the client for a response, one per name, in the order that wins: headers the library
    /// forces (sse-starlette's X-Accel-Buffering and Connection), the code's own, the library's defaults
    /// (sse-starlette's Cache-Control is only a default), then middleware's.
    public func headers(_ r: AppResponse) -> [AppHeader] {
        let forced: Set<String> = r.baseKind.hasSuffix("(sse-starlette)") ? ["x-accel-buffering", "connection"] : []
        let ordered = r.libraryHeaders.filter { forced.contains($0.lowercasedName) } + r.headers
            + r.libraryHeaders.filter { !forced.contains($0.lowercasedName) } + middlewareHeaders.map(\.0)
        var seen: Set<String> = []
        return ordered.filter { seen.insert($0.lowercasedName).inserted }
    }

    // MARK: AppKnowledge

    public func route(upstream: String, servers: [String], location: LocationArgs, siblings: [LocationArgs]) -> AppRouteFacts? {
        guard !routes.isEmpty, let target = UpstreamTarget(upstream) else { return nil }
        // A location that proxies to another port than the app's serves something else.
        let ports = servers.isEmpty ? [target.port].compactMap { $0 } : servers.compactMap { UpstreamTarget("http://" + $0)?.port }
        if !portsUnknown, !appPorts.isEmpty, !ports.isEmpty, appPorts.isDisjoint(with: ports) { return nil }
        var matched: [Route] = []
        let set = siblingSet(siblings)
        var memoKey: String?
        if target.uri == nil {
            // The usual case: the request path is the route's path, so one selection per route serves every
            // location of this server. Servers with the same locations get the same routes: their facts are made
            // once (a tree of many services on the same paths would otherwise be quadratic).
            let key = "\(set)|" + location.joined(separator: " ")
            lock.lock(); let hit = factsMemo[key]; lock.unlock()
            if let hit { return hit }
            memoKey = key
            matched = selections(set, siblings)[location.joined(separator: " ")]?.map { routes[$0] } ?? []
        } else {
            for r in routes where !r.path.hasPrefix(RoutePath.unknownPrefix) {
                guard let request = target.requestPath(for: Deployment.concrete(r.path), location: location) else { continue }
                if selectMemo(request, siblings, set: set) == location { matched.append(r) }
            }
        }
        let result = facts(of: matched)
        if let memoKey { lock.lock(); factsMemo[memoKey] = .some(result); lock.unlock() }
        return result
    }

    private func facts(of matched: [Route]) -> AppRouteFacts? {
        guard !matched.isEmpty else { return nil }
        // Routes that stream text/plain or JSON lines (no SSE) and whose path names a stream count as SSE too
        // (RULES.md, "Which endpoints are SSE", 2): their headers and heartbeat join the location's verdict.
        var text: [(path: String, mediaType: String)] = []
        let withResponses = matched.map { r -> (Route, [(response: AppResponse, file: AppFile)]) in
            let sse = responses(of: r)
            if sse.isEmpty, streamPath?(r.path) == true, let t = textStream(of: r) {
                text.append((r.path, t.response.mediaType ?? ""))
                return (r, [t])
            }
            return (r, sse)
        }
        var facts = self.facts(withResponses, textPaths: Set(text.map(\.path)))
        facts.matchedRoutes = matched.map(\.path)
        facts.textStreams = text
        return facts
    }

    /// What the given routes' responses tell a location: headers, heartbeat, the server behind it.
    func facts(_ routes: [(Route, [(response: AppResponse, file: AppFile)])], textPaths: Set<String>) -> AppRouteFacts {
        var facts = AppRouteFacts(servesSSE: false, sendsXAccelBufferingNo: true, sendsNoCache: true, closeDelimited: closeDelimited)
        facts.sendsNoTransform = true
        lock.lock(); factsMade += 1; facts.id = factsMade; lock.unlock()
        var noHeartbeat = false, unknownHeartbeat = false
        var textOnly: Bool?
        for (r, sse) in routes {
            let file = apps[r.file]
            if sse.isEmpty { continue }
            let responseFile = sse[0].file
            facts.servesSSE = true
            if facts.upstreamServer == nil { facts.upstreamServer = server(of: responseFile) }
            let route = file.routes[r.index]
            let range = SourceRange(file: file.source, start: route.range.lowerBound, end: route.range.upperBound)
            if !textPaths.contains(r.path) { facts.evidence = facts.evidence ?? range }
            // The first few routes are cited: a location that reaches hundreds (many services on the same paths)
            // would otherwise repeat them in every finding.
            if facts.related.count < 8 {
                facts.related.append(RelatedLocation(range: range, message: "route \(r.path) defined here serves \(textPaths.contains(r.path) ? "a text stream" : "text/event-stream")"))
            }
            facts.routeKeys.append(r.key)
            facts.streamPaths.append(r.path)
            for (resp, respFile) in sse {
                let h = headers(resp)
                // Heartbeat: the library's ping, or the body generator's `:` comments; unknown when the generator is
                // not in this file (or not Python). One route without any makes the location's verdict "none".
                // A text stream cannot carry a `:` comment, and its pacing is its own: it says nothing either way.
                if textPaths.contains(r.path) { textOnly = textOnly ?? true }
                else { textOnly = false }
                switch textPaths.contains(r.path) ? nil : heartbeat(resp, respFile) {
                case nil: break
                case .none?: noHeartbeat = true
                case .unknown?: unknownHeartbeat = true
                case .every(let b)?: facts.heartbeatSeconds = max(facts.heartbeatSeconds ?? 0, b)
                }
                if !h.contains(where: { $0.lowercasedName == "x-accel-buffering" && $0.value?.lowercased() == "no" }) { facts.sendsXAccelBufferingNo = false }
                if h.contains(where: { $0.lowercasedName == "x-accel-buffering" && $0.value?.lowercased() == "yes" }) { facts.sendsXAccelBufferingYes = true }
                if !h.contains(where: { $0.lowercasedName == "cache-control" && ($0.value?.lowercased()).map(Deployment.noStore) == true }) { facts.sendsNoCache = false }
                if !h.contains(where: { $0.lowercasedName == "cache-control" && $0.value?.lowercased().contains("no-transform") == true }) { facts.sendsNoTransform = false }
            }
        }
        if noHeartbeat { facts.heartbeatSeconds = nil } else if unknownHeartbeat || textOnly == true { facts.heartbeatUnknown = true }
        if !facts.servesSSE { facts.sendsXAccelBufferingNo = false; facts.sendsNoCache = false; facts.sendsNoTransform = false }
        return facts
    }

    /// A response of the route's own file that streams text a person or a client reads as it comes (text/plain,
    /// NDJSON, JSON lines) from a generator that waits between its parts; downloads and one-shot bodies are not.
    func textStream(of r: Route) -> (response: AppResponse, file: AppFile)? {
        let file = apps[r.file]
        for resp in file.responses where resp.route == r.index && !resp.isSSE && resp.streams {
            guard let m = resp.mediaType, m.hasPrefix("text/plain") || m.contains("ndjson") || m.contains("jsonl") || m.contains("json-seq") else { continue }
            if let py = file.python {
                guard let g = py.generator(of: resp), g.isGenerator, !g.yieldsAtOnce else { continue }
            }
            return (resp, file)
        }
        return nil
    }

    enum Heartbeat { case none, unknown, every(Double) }
    func heartbeat(_ r: AppResponse, _ file: AppFile) -> Heartbeat {
        if let ping = r.libraryPing { return ping > 0 ? .every(ping) : .none }
        guard let g = file.python?.generator(of: r), g.isGenerator, !g.delegatesToApp, !g.relaysUpstream else { return .unknown }
        return g.heartbeatSeconds.map { .every($0) } ?? .none
    }

    static func noStore(_ v: String) -> Bool { v.contains("no-cache") || v.contains("no-store") || v.contains("private") }

    /// A route path with its parameters (`{id}`, `:id`, `<int:id>`, `[id]`) made concrete, as a request would be.
    static func concrete(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { seg -> String in
            if seg.hasPrefix("{") || seg.hasPrefix(":") || seg.hasPrefix("<") || seg.hasPrefix("[") { return "x" }
            return String(seg)
        }.joined(separator: "/")
    }

    /// A location as selection needs it: modifier, path, and its compiled regex (parsed once per server).
    struct Candidate {
        let args: LocationArgs
        let modifier: String
        let path: String
        let regex: LinearRegex?
    }

    func candidates(_ locations: [LocationArgs]) -> [Candidate] {
        locations.map { l in
            var (modifier, path) = Deployment.split(l)
            // A template placeholder the deployment leaves open (`/v1/${SERVICE}`): any one path segment there.
            if (modifier == "" || modifier == "^~"), path.contains("${") {
                modifier = "~"
                path = "^" + Deployment.placeholderPattern(path)
            }
            let re = modifier == "~" || modifier == "~*" ? regex(path, caseInsensitive: modifier == "~*") : nil
            return Candidate(args: l, modifier: modifier, path: path, regex: re)
        }
    }

    /// A prefix with `${VAR}` placeholders as a regex: the rest escaped, each placeholder one path segment.
    static func placeholderPattern(_ path: String) -> String {
        var out = "", rest = Substring(path)
        while let open = rest.firstRange(of: "${"), let close = rest[open.upperBound...].firstIndex(of: "}") {
            out += escape(rest[..<open.lowerBound]) + "[^/]+"
            rest = rest[rest.index(after: close)...]
        }
        return out + escape(rest)
    }

    static func escape(_ s: Substring) -> String {
        var o = ""
        for c in s { if "\\.^$|?*+()[]{}".contains(c) { o.append("\\") }; o.append(c) }
        return o
    }

    /// The location nginx selects for `uri` among `locations` (exact, longest prefix, `^~`, then regexes in
    /// order), as in ngx_http_core_find_location.
    func select(_ uri: String, _ locations: [LocationArgs]) -> LocationArgs? { select(uri, candidates(locations)) }

    func select(_ uri: String, _ locations: [Candidate]) -> LocationArgs? {
        var best: Candidate?, bestLength = -1
        for l in locations where !l.path.hasPrefix("@") {
            if l.modifier == "=" { if uri == l.path { return l.args } else { continue } }
            if l.modifier == "~" || l.modifier == "~*" { continue }
            if l.path.utf8.count > bestLength, uri.hasPrefix(l.path) { best = l; bestLength = l.path.utf8.count }
        }
        if best?.modifier == "^~" { return best?.args }
        for l in locations where l.regex?.matches(uri) == true { return l.args }
        return best?.args
    }

    /// A location's modifier and path, also when written as one word (`=/x`, `~^/api`, `~*\.sse$`, `^~/s`).
    static func split(_ l: LocationArgs) -> (modifier: String, path: String) {
        if l.count > 1 { return (l[0], l[1]) }
        let w = l.first ?? ""
        for m in ["~*", "^~", "=", "~"] where w.hasPrefix(m) && w.count > m.count { return (m, String(w.dropFirst(m.count))) }
        return ("", w)
    }

    /// A number for each distinct set of sibling locations (a server's locations), so caches key on it cheaply.
    private func siblingSet(_ siblings: [LocationArgs]) -> Int {
        let key = siblings.map { $0.joined(separator: " ") }.joined(separator: "\n")
        lock.lock(); defer { lock.unlock() }
        if let id = siblingIds[key] { return id }
        siblingIds[key] = siblingIds.count
        return siblingIds.count - 1
    }

    /// For one set of sibling locations: which routes nginx sends to each location (by its arguments), computed once.
    private func selections(_ set: Int, _ siblings: [LocationArgs]) -> [String: [Int]] {
        lock.lock()
        if let hit = selectionTables[set] { lock.unlock(); return hit }
        lock.unlock()
        var table: [String: [Int]] = [:]
        let parsed = candidates(siblings)
        for (i, r) in routes.enumerated() {
            for request in requests(r.path, parsed) {
                if let l = select(request, parsed) { table[l.joined(separator: " "), default: []].append(i) }
            }
        }
        lock.lock(); selectionTables[set] = table; lock.unlock()
        return table
    }

    /// The request paths that reach a route: its concrete path; with a prefix the code leaves unknown (a Nest global
    /// prefix from a constant), the literal locations that end with the route's path, as that is where the prefix
    /// evidently goes.
    func requests(_ path: String, _ parsed: [Candidate]) -> [String] {
        guard path.hasPrefix(RoutePath.unknownPrefix) else { return [Deployment.concrete(path)] }
        let tail = Deployment.concrete(String(path.dropFirst(RoutePath.unknownPrefix.count)))
        guard tail.count > 1 else { return [] }
        return parsed.compactMap { c in
            guard c.modifier == "" || c.modifier == "=" || c.modifier == "^~" else { return nil }
            var p = c.path
            while p.count > 1, p.hasSuffix("/") { p.removeLast() }
            return p.hasSuffix(tail) && p.count > tail.count ? p : nil
        }
    }

    /// `select`, remembered per set of sibling locations and request path (locations whose proxy_pass rewrites the
    /// path ask about their own request paths).
    private func selectMemo(_ uri: String, _ locations: [LocationArgs], set: Int) -> LocationArgs? {
        let k = "\(set)\u{0}" + uri
        lock.lock()
        if let hit = selectCache[k] { lock.unlock(); return hit }
        lock.unlock()
        let result = select(uri, locations)
        lock.lock(); selectCache[k] = .some(result); lock.unlock()
        return result
    }

    /// A location regex, compiled once; linear-time matching, so a crafted pattern cannot stall the run. A pattern
    /// the matcher does not support selects nothing (the location is then not matched to routes).
    private func regex(_ pattern: String, caseInsensitive: Bool) -> LinearRegex? {
        let key = (caseInsensitive ? "i:" : "s:") + pattern
        lock.lock(); defer { lock.unlock() }
        if let r = regexCache[key] { return r }
        let r = LinearRegex(pattern, caseInsensitive: caseInsensitive)
        regexCache[key] = .some(r)
        return r
    }

    // MARK: what the nginx analyses found

    public func recordBuffering(routeKeys: [String], at range: SourceRange, _ text: String) {
        for k in routeKeys where bufferedBy[k] == nil { bufferedBy[k] = (range, text) }
    }
    public func recordCache(routeKeys: [String], at range: SourceRange) {
        for k in routeKeys where cachedBy[k] == nil { cachedBy[k] = range }
    }
}

/// `http://host:port/uri` of a `*_pass` directive.
struct UpstreamTarget {
    let host: String
    let port: String?
    /// The URI part, when given (it replaces the matched location prefix).
    let uri: String?

    init?(_ pass: String) {
        var rest = Substring(pass)
        if let r = rest.range(of: "://") { rest = rest[r.upperBound...] }
        if rest.hasPrefix("unix:") { return nil }
        let hostPort = rest.prefix { $0 != "/" }
        let after = rest.dropFirst(hostPort.count)
        uri = after.isEmpty || after.contains("$") ? nil : String(after)
        // Variables make the host or port unknown: `http://$backend`, `http://app:8000$request_uri`.
        let parts = hostPort.prefix { $0 != "$" }.split(separator: ":")
        host = String(parts.first ?? "")
        if hostPort.hasPrefix("$") { port = nil }
        else if parts.count > 1 { port = parts[1].allSatisfy(\.isNumber) ? String(parts[1]) : nil }
        else { port = hostPort.contains("$") ? nil : pass.hasPrefix("https") ? "443" : pass.contains("://") ? "80" : nil }
    }

    /// The request path that reaches the app at `routePath` through a location, or nil when it cannot.
    func requestPath(for routePath: String, location: LocationArgs) -> String? {
        guard let uri else { return routePath }
        // proxy_pass with a URI: the location prefix is replaced by it (prefix locations only).
        let (modifier, prefix) = Deployment.split(location)
        guard modifier == "" || modifier == "^~" || modifier == "=" else { return routePath }
        guard routePath.hasPrefix(uri) else { return nil }
        return prefix + routePath.dropFirst(uri.count)
    }
}

extension Deployment {
    /// After an nginx analysis: which app routes its locations buffer or cache (for HDR006 and HDR004).
    public func record(_ analysis: NginxAnalysis) {
        nginxScanned = true
        for scope in analysis.locations where !(nginxBuffersSomewhere && nginxUnbufferedLocation != nil) {
            guard let module = SSEDetector.pass(of: scope)?.module else { continue }
            let b = scope.effective(SSELocation.name(module, "buffering"), default: ["on"])
            if b.first.lowercased() != "off" { nginxBuffersSomewhere = true }
            else if let d = b.directive, nginxUnbufferedLocation == nil { nginxUnbufferedLocation = d.range }
        }
        func firstTime(_ kind: Int, _ facts: AppRouteFacts) -> Bool { facts.id == 0 || recorded.insert(facts.id * 4 + kind).inserted }
        for loc in analysis.sseLocations {
            guard let facts = loc.app, case let keys = facts.routeKeys, !keys.isEmpty else { continue }
            let range = SourceRange(file: loc.location.file, start: loc.location.start, end: loc.location.args.last?.end ?? loc.location.start)
            // Buffered as NGX001 judges it without the app's X-Accel-Buffering (HDR006 asks for exactly that header);
            // cached only when nginx really buffers the response (unbuffered responses are never cached, FACTS §1.3).
            let buffering = loc.buffering
            if buffering.args.first?.lowercased() == "on" {
                if firstTime(0, facts) { recordBuffering(routeKeys: keys, at: range, "\(loc.module)_buffering \(buffering.originText)") }
            } else if firstTime(1, facts) {
                for k in keys where unbufferedBy[k] == nil { unbufferedBy[k] = range }
            }
            if analysis.bufferingVerdict(loc) != nil, let cache = analysis.cacheApplies(loc), firstTime(2, facts) {
                recordCache(routeKeys: keys, at: cache.directive?.range ?? range)
            }
        }
    }
}
