import SSELintCore

/// Python app code: routes (FastAPI/Starlette/Flask/Django/aiohttp), streaming responses with their media type and
/// headers, and headers middleware sets on every response. Cancellation facts come from `PythonCancellation`.
public enum PythonScanner {
    public static func scan(_ f: SourceFile) -> AppFile { scan(PythonScan(f)) }

    public static func scan(_ s: PythonScan) -> AppFile {
        var app = AppFile(source: s.file, language: .python)
        app.problems = s.problems
        app.comments = s.tokens.filter { $0.kind == .comment }.map { Comment(text: $0.text, start: $0.start, end: $0.end) }
        let routers = routerPrefixes(s)
        app.routes = routes(s, routers: routers, app: &app)
        app.responses += responses(s)
        middleware(s, &app)
        // Each response belongs to the route whose handler builds it.
        let byHandler = Dictionary(app.routes.enumerated().compactMap { i, r in r.handler.map { ($0, i) } }, uniquingKeysWith: { a, _ in a })
        for k in app.responses.indices where app.responses[k].route == nil {
            if let fn = app.responses[k].function, let r = byHandler[fn] { app.responses[k].route = r }
        }
        app.python = PythonCancellation.facts(s, app: app)
        app.compression = app.python?.djangoCompression ?? []
        return app
    }

    /// Whether a file has anything the CAN/PY rules judge (so that it counts as linted).
    public static func hasFacts(_ p: PythonAppFacts) -> Bool {
        !p.waits.isEmpty || !p.swallows.isEmpty || !p.blockingCalls.isEmpty || !p.faultHandlers.isEmpty || !p.generators.isEmpty
    }

    static let routeMethods: Set<String> = ["get", "post", "put", "patch", "delete", "head", "options", "api_route", "route"]

    /// `router = APIRouter(prefix="/api")`, `bp = Blueprint(..., url_prefix="/api")`: variable → prefix.
    static func routerPrefixes(_ s: PythonScan) -> [String: String] {
        var out: [String: String] = [:]
        for c in s.calls where ["APIRouter", "Blueprint", "Router"].contains(c.lastComponent) {
            guard let name = s.assignedTo[c.first] else { continue }
            out[name] = (c.keyword("prefix") ?? c.keyword("url_prefix")).flatMap(s.string) ?? ""
        }
        return out
    }

    public static func joinPath(_ a: String, _ b: String) -> String {
        if a.isEmpty { return b.hasPrefix("/") || b.isEmpty ? b : "/" + b }
        let left = a.hasSuffix("/") ? String(a.dropLast()) : a
        if b.isEmpty { return left.isEmpty ? "/" : left }
        return left + (b.hasPrefix("/") ? b : "/" + b)
    }

    static func methods(_ s: PythonScan, _ c: PyCallSite, verb: String) -> [String] {
        if verb != "route" && verb != "api_route" { return [verb.uppercased()] }
        guard let m = c.keyword("methods") else { return ["GET"] }
        return m.compactMap { s.tokens[$0].kind == .string ? PythonScan.stringValue(s.tokens[$0])?.uppercased() : nil }
    }

    static func routes(_ s: PythonScan, routers: [String: String], app: inout AppFile) -> [AppRoute] {
        var out: [AppRoute] = []
        let callAt = Dictionary(s.calls.map { ($0.first, $0) }, uniquingKeysWith: { a, _ in a })
        // Decorators: @app.get("/x"), @router.post(path="/x"), @app.route("/x", methods=[...]).
        for f in s.structure.functions {
            for d in f.decorators where d.count > 1 {
                guard let c = callAt[d.lowerBound + 1], routeMethods.contains(String(c.lastComponent)) else { continue }
                let parts = c.callee.split(separator: ".")
                guard parts.count >= 2,
                      let path = c.argument("path", position: 0).flatMap(s.string) ?? c.keyword("rule").flatMap(s.string) else { continue }
                let receiver = parts.dropLast().joined(separator: ".")
                var route = AppRoute(path: joinPath(routers[receiver] ?? "", path), methods: methods(s, c, verb: String(parts.last!)),
                                     handler: f.name, range: s.byteRange(c.first..<(c.rparen + 1)))
                route.router = routers[receiver] != nil ? receiver : nil
                route.localPath = path
                out.append(route)
                // FastAPI native SSE: response_class=EventSourceResponse and a generator endpoint.
                if let rc = c.keyword("response_class"), s.text(rc).hasSuffix("EventSourceResponse") {
                    var r = AppResponse(kind: "EventSourceResponse (FastAPI)", range: s.byteRange(rc))
                    r.mediaType = "text/event-stream"
                    r.libraryHeaders = libraryHeaders(fastAPI: true, at: s.byteRange(rc))
                    r.libraryPing = 15
                    r.function = f.name
                    r.route = out.count - 1
                    app.responses.append(r)
                }
            }
        }
        // Calls: Starlette Route/Mount, aiohttp add_get/web.get, Flask add_url_rule, Django path().
        var mounts: [(range: Range<Int>, prefix: String)] = []
        for c in s.calls where c.lastComponent == "Mount" {
            if let p = c.argument("path", position: 0).flatMap(s.string) { mounts.append((c.lparen..<c.rparen, p)) }
        }
        for c in s.calls {
            let last = String(c.lastComponent)
            var path: String?, handler: Range<Int>?, verbs = ["GET"], djangoRoute = false
            switch last {
            case "Route" where !c.callee.hasPrefix("APIRoute"):
                path = c.argument("path", position: 0).flatMap(s.string); handler = c.argument("endpoint", position: 1)
                if let m = c.keyword("methods") { verbs = m.compactMap { PythonScan.stringValue(s.tokens[$0])?.uppercased() } }
            case "add_get", "add_post", "add_put", "add_patch", "add_delete":
                path = c.positional(0).flatMap(s.string); handler = c.positional(1); verbs = [String(last.dropFirst(4)).uppercased()]
            case "add_route":
                path = c.positional(1).flatMap(s.string); handler = c.positional(2)
                verbs = [c.positional(0).flatMap(s.string)?.uppercased() ?? "GET"]
            case "add_url_rule":
                path = c.positional(0).flatMap(s.string); handler = c.keyword("view_func") ?? c.positional(2)
            case "get", "post", "put", "patch", "delete":
                // aiohttp's web.get(...) in a route table; @app.get(...) decorators are read above.
                guard c.callee.hasPrefix("web.") else { break }
                path = c.positional(0).flatMap(s.string); handler = c.positional(1); verbs = [last.uppercased()]
            case "path", "re_path":
                // Django urls.py: path("api/chat/", views.chat); path("api/", include("chat.urls")) mounts another
                // urls module under a prefix.
                guard c.callee == last, let second = c.positional(1) else { break }
                if let inc = s.callAtFirst[second.lowerBound], inc.lastComponent == "include",
                   let target = inc.positional(0).flatMap(s.string), let p = c.positional(0).flatMap(s.string) {
                    let parts = target.split(separator: ".").suffix(2).joined(separator: ".")
                    app.includes.append(RouterInclude(module: parts, router: "urlpatterns", prefix: "/" + p))
                    break
                }
                path = c.positional(0).flatMap(s.string).map { "/" + $0 }; handler = c.positional(1)
                djangoRoute = true
            default: break
            }
            guard let p = path else { continue }
            let prefix = mounts.filter { $0.range.contains(c.first) }.map(\.prefix).reduce("", joinPath)
            let name = handler.map { s.text($0) }.map { String($0.split(separator: ".").last ?? "") }
            var route = AppRoute(path: joinPath(prefix, p), methods: verbs, handler: name, range: s.byteRange(c.first..<(c.rparen + 1)))
            if djangoRoute { route.router = "urlpatterns"; route.localPath = route.path }
            out.append(route)
        }
        // app.include_router(chat.router, prefix="/api") / register_blueprint(bp, url_prefix="/api")
        for c in s.calls where c.lastComponent == "include_router" || c.lastComponent == "register_blueprint" {
            guard let target = c.positional(0) else { continue }
            let prefix = (c.keyword("prefix") ?? c.keyword("url_prefix")).flatMap(s.string) ?? ""
            let expr = s.text(target)
            // `api_router.include_router(…)`: a router of this file, itself included somewhere (FastAPI's nested
            // routers), rather than the app.
            let receiver = c.callee.split(separator: ".").dropLast().joined(separator: ".")
            let includer = routers[receiver] != nil ? receiver : nil
            if routers[expr] != nil {
                // Defined here: apply now. A blueprint's url_prefix given at registration replaces its own.
                let replaces = c.lastComponent == "register_blueprint" && (c.keyword("url_prefix") != nil)
                for k in out.indices where out[k].router == expr {
                    let base = replaces ? (out[k].localPath ?? out[k].path) : out[k].path
                    var r = AppRoute(path: joinPath(prefix, base), methods: out[k].methods, handler: out[k].handler, range: out[k].range)
                    r.router = includer
                    out[k] = r
                }
                continue
            }
            // `chat.router` (chat a module, maybe aliased), or `router` / `chat_router` imported from a module.
            let parts = expr.split(separator: ".").map(String.init)
            let imports = s.structure
            var module: String?, router = parts.last ?? expr
            if parts.count > 1 {
                let m = parts[parts.count - 2]
                module = imports.originalName[m] ?? imports.boundModules[m].flatMap { $0.split(separator: ".").last.map(String.init) } ?? m
            } else if let from = imports.importedFrom[expr] {
                module = from.split(separator: ".").last.map(String.init)
                router = imports.originalName[expr] ?? expr
            }
            app.includes.append(RouterInclude(module: module, router: router, prefix: prefix, replacesPrefix: c.lastComponent == "register_blueprint" && c.keyword("url_prefix") != nil,
                                              includer: includer))
        }
        return out
    }

    static func libraryHeaders(fastAPI: Bool, at r: Range<Int>) -> [AppHeader] {
        // FACTS §4: sse-starlette 3.7 sse.py:310-313; FastAPI routing.py:699-701.
        fastAPI ? [AppHeader(name: "Cache-Control", value: "no-cache", range: r), AppHeader(name: "X-Accel-Buffering", value: "no", range: r)]
            : [AppHeader(name: "Cache-Control", value: "no-store", range: r), AppHeader(name: "Connection", value: "keep-alive", range: r),
               AppHeader(name: "X-Accel-Buffering", value: "no", range: r)]
    }
}
