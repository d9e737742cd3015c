import SSELintCore

/// Routes and streaming responses of one JavaScript/TypeScript file (Express, Fastify, Hono, Koa, Next.js route
/// handlers, web `Response`). One forward pass over the tokens with explicit stacks for function scopes and the
/// calls whose arguments are being read; nothing is rescanned per token.
struct JSScan: ScopedScan {
    struct Facts: ScopeFacts {
        /// Receivers that `write`/`flushHeaders` here or in nested callbacks.
        var writes: Set<String> = []
        /// Receivers that `flush()` (the `compression` package's per-event flush).
        var flushes: Set<String> = []
        /// Receiver → the response grouping its `setHeader`-style calls, and its first `writeHead`.
        var groups: [String: Int] = [:]
        var writeHeads: [String: Int] = [:]
        /// `writeHead` calls here without a headers argument.
        var bare = Set<Int>()
    }
    struct Export { var exported: String; var local: String?; var tok: Int }

    var t: Tokens
    var app: AppFile
    var resp: [AppResponse] = []
    /// Responses to leave out at the end (groups merged into a `writeHead`, middleware groups).
    var dropped = Set<Int>()
    var groupResponses: [Int] = []
    var scopes: [FunctionScope<Facts>] = []
    /// Function body `{` token → the function's name ("" when anonymous).
    var bodies: [Int: String] = [:]
    /// Calls being read whose arguments are a route's handler or app-wide middleware: (route or -1, last token).
    var routeCalls: [(route: Int, end: Int)] = []
    var middlewareCalls: [Int] = []
    var routeReceivers: [String?] = []
    var mounts: [String: String] = [:]
    var useNames = Set<String>()
    var exports: [Export] = []
    var streamNames = Set<String>()
    var decl: (name: String, depth: Int)?
    /// The path of the Nest `@Controller` being read.
    var nestController: String?
    var depth = 0

    init(_ t: Tokens) {
        self.t = t
        app = AppFile(source: t.file, language: .javascript)
        app.problems = t.problems
        app.comments = t.comments
    }

    static let keywords: Set<String> = ["if", "for", "while", "switch", "catch", "with", "function", "return", "typeof", "new",
                                        "await", "yield", "else", "do", "super", "import", "delete", "void", "in", "of"]
    static let routeMethods: Set<String> = ["get", "post", "put", "patch", "delete", "all", "head", "options"]
    /// HTTP clients whose `get('/path', …)` calls a server rather than declaring a route.
    static let clients: Set<String> = ["axios", "http", "https", "fetch", "request", "superagent", "got", "ky", "client",
                                       "$", "$http", "httpClient", "apiClient", "supertest", "agent", "cache", "map"]

    mutating func step(_ i: Int) {
        while let l = middlewareCalls.last, i > l { middlewareCalls.removeLast() }
        if t[i].kind == .name { name(i) }
        else if t.is(i, "=>") { arrow(i) }
        else if t.is(i, "{"), let n = bodies[i] ?? methodName(i) {
            enterBody(at: i, of: n)
        } else if t.is(i, ";"), let d = decl, d.depth == depth { decl = nil }
        let b = t.bracket(i)
        depth += b > 0 ? 1 : b < 0 ? -1 : 0
        if let d = decl, depth < d.depth { decl = nil }
    }

    /// Vercel AI SDK helpers that answer with an event stream (UI message / data stream protocol over SSE).
    static let aiSDKStreams: Set<String> = ["toUIMessageStreamResponse", "createUIMessageStreamResponse", "pipeUIMessageStreamToResponse",
                                            "toDataStreamResponse", "createDataStreamResponse", "pipeDataStreamToResponse"]

    mutating func name(_ i: Int) {
        let member = t.is(i - 1, ".") || t.is(i - 1, "?.")
        if app.aiSDKStream == nil, t.is(i + 1, "("), Self.aiSDKStreams.contains(t.text(i)) { app.aiSDKStream = t.range(i) }
        if let d = decl, t.is(i, "ReadableStream") || t.is(i, "TransformStream") || t.is(i, "toReadableStream") || t.is(i, "readable") {
            streamNames.insert(d.name)
        }
        if t.is(i - 1, "@"), t.is(i + 1, "(") { decorator(i); return }
        if member, t.is(i + 1, "(") { memberCall(i); return }
        if member { return }
        if t.is(i, "function") { function(i) }
        else if t.is(i, "export") { export(i) }
        else if t.is(i, "new") { newResponse(i) }
        else if t.is(i, "const") || t.is(i, "let") || t.is(i, "var") {
            decl = t.isName(i + 1) && t.is(i + 2, "=") ? (t.text(i + 1), depth) : nil
        }
    }

    mutating func memberCall(_ m: Int) {
        let method = t.text(m)
        if Self.routeMethods.contains(method) { route(m, method); return }
        switch method {
        case "use": use(m)
        case "setGlobalPrefix":
            // Nest's global prefix applies to every controller route, in whichever file: a literal is joined on,
            // anything else (a constant from a package, an env value) leaves the prefix unknown.
            guard let a = t.args(m + 1)?.first else { return }
            app.includes.append(RouterInclude(module: nil, router: RoutePath.nestRouter,
                                              prefix: pathLiteral(a).map { "/" + $0 } ?? RoutePath.unknownPrefix))
        case "writeHead": writeHead(m)
        case "setHeader", "set", "header", "headers", "append": setHeader(m, method)
        case "write", "flushHeaders", "flush":
            if let r = receiver(m - 1) {
                scopes[scopes.count - 1].writes.insert(r.text)
                if method == "flush" { scopes[scopes.count - 1].flushes.insert(r.text) }
            }
        default: break
        }
    }

    // MARK: Functions

    /// `function name(…) {`, `async function`, `function*`, and anonymous ones named by `const x = function`.
    mutating func function(_ i: Int) {
        var j = i + 1
        if t.is(j, "*") { j += 1 }
        var fname: String?
        if t.isName(j) { fname = t.text(j); j += 1 }
        if fname == nil { fname = assignedName(before: t.isName(i - 1, "async") ? i - 1 : i) }
        var k = 0
        while !t.is(j, "("), k < 16, j < t.count { j += 1; k += 1 }   // TS type parameters
        guard t.is(j, "("), t.partner[j] > j else { return }
        if let body = bodyAfter(t.partner[j]) { bodies[body] = fname ?? "" }
    }

    /// The `{` of a body after the parameter list closing at `p`, skipping a TS return type; nil for overloads.
    func bodyAfter(_ p: Int) -> Int? {
        var k = p + 1, steps = 0
        while k < t.count, steps < 32 {
            if t.is(k, "{") { return steps == 0 || t.is(p + 1, ":") ? k : nil }
            if t.is(k, ";") || t.is(k, "=>") || t.is(k, ",") || t.is(k, ")") || t.is(k, "}") { return nil }
            k = t.bracket(k) > 0 && t.partner[k] > k ? t.partner[k] + 1 : k + 1
            steps += 1
        }
        return nil
    }

    /// An arrow with a block body: `(req, res) => {`, `async c => {`, `(req): Promise<Response> => {`.
    mutating func arrow(_ i: Int) {
        guard t.is(i + 1, "{") else { return }
        var p = i - 1
        if !t.is(p, ")") && !t.isName(p) { p = paramsBefore(i) ?? -1 }
        else if t.isName(p), t.is(p - 1, ":"), let q = paramsBefore(i) { p = q }
        guard p >= 0 else { return }
        var o = t.is(p, ")") ? t.partner[p] : p
        guard o >= 0 else { return }
        if t.isName(o - 1, "async") { o -= 1 }
        bodies[i + 1] = assignedName(before: o) ?? ""
    }

    /// The `)` of a parameter list followed by a TS return type ending just before token `end`.
    func paramsBefore(_ end: Int) -> Int? {
        var k = end - 1, steps = 0
        while k > 0, steps < 16 {
            if t.is(k, ":"), t.is(k - 1, ")") { return k < end - 1 ? k - 1 : nil }
            if t.is(k, "{") || t.is(k, ";") || t.is(k, "=") || t.is(k, "(") { return nil }
            k = t.bracket(k) < 0 && t.partner[k] >= 0 ? t.partner[k] - 1 : k - 1
            steps += 1
        }
        return nil
    }

    /// `const name = …`, `name = …`, `const name: Type = …`, `{ name: … }` just before token `k`.
    func assignedName(before k: Int) -> String? {
        if t.is(k - 1, "="), t.isName(k - 2) {
            if t.is(k - 3, ":"), t.isName(k - 4) { return t.text(k - 4) }
            return t.text(k - 2)
        }
        if t.is(k - 1, ":"), t.isName(k - 2) || t[max(k - 2, 0)].kind == .string { return t.stringValue(k - 2) ?? t.text(k - 2) }
        return nil
    }

    /// Method shorthand in classes and object literals: `async GET(req) {`, `start(controller) {`.
    func methodName(_ i: Int) -> String? {
        var p = i - 1
        if !t.is(p, ")") { guard let q = paramsBefore(i) else { return nil }; p = q }
        let o = t.partner[p]
        guard o > 0, t.isName(o - 1), !Self.keywords.contains(t.text(o - 1)), !t.is(o - 2, "."), !t.is(o - 2, "?.") else { return nil }
        return t.text(o - 1)
    }

    mutating func popScope() {
        let s = scopes.removeLast()
        if !scopes.isEmpty {
            scopes[scopes.count - 1].writes.formUnion(s.writes.prefix(16))
            scopes[scopes.count - 1].flushes.formUnion(s.flushes.prefix(16))
        }
        for (recv, w) in s.writeHeads { resp[w].streams = s.writes.contains(recv); resp[w].flushesCompression = s.flushes.contains(recv) }
        // A bare `res.writeHead(404)` declares nothing unless `setHeader` calls gave it headers.
        for w in s.bare.subtracting(s.groups.compactMap { s.writeHeads[$0.key] }) { dropped.insert(w) }
        for (recv, g) in s.groups {
            resp[g].streams = s.writes.contains(recv)
            resp[g].flushesCompression = s.flushes.contains(recv)
            guard let w = s.writeHeads[recv] else { continue }
            // Headers set before `writeHead` reach the client with it: one response.
            for h in resp[g].headers { resp[w].headers.append(h) }
            if resp[w].mediaType == nil, !resp[w].mediaTypeDynamic {
                resp[w].mediaType = resp[g].mediaType; resp[w].mediaTypeDynamic = resp[g].mediaTypeDynamic
                resp[w].mediaTypeRange = resp[g].mediaTypeRange
            }
            resp[w].headersOpaque = resp[w].headersOpaque || resp[g].headersOpaque
            resp[w].flushesCompression = resp[w].flushesCompression || resp[g].flushesCompression
            if resp[w].headerInsertion == nil { resp[w].headerInsertion = resp[g].headerInsertion }
            dropped.insert(g)
        }
    }

    // MARK: Calls

    /// The receiver of the member access whose dot is token `dot`: `res`, `reply.raw`, `this.res`, skipping
    /// chained `res.status(200).` calls. Returns the text and its first token.
    func receiver(_ dot: Int) -> (text: String, start: Int)? {
        var k = dot - 1, parts: [String] = [], start = -1, hops = 0
        while k >= 0, hops < 8 {
            hops += 1
            if t.isName(k) {
                parts.append(t.text(k)); start = k
                if t.is(k - 1, ".") || t.is(k - 1, "?.") { k -= 2; continue }
                break
            }
            if parts.isEmpty, t.is(k, ")"), t.partner[k] > 1, t.isName(t.partner[k] - 1), t.is(t.partner[k] - 2, "."),
               ["status", "set", "header", "setHeader", "type"].contains(t.text(t.partner[k] - 1)) {
                k = t.partner[k] - 3; continue
            }
            return nil
        }
        guard start >= 0 else { return nil }
        return (parts.reversed().joined(separator: "."), start)
    }

    /// Express/Fastify/Hono `app.get('/path', …handlers)`, and `app.route('/path').get(h).post(h2)`.
    mutating func route(_ m: Int, _ method: String) {
        guard let args = t.args(m + 1), let last = args.last else { return }
        var path: String?, recv: (text: String, start: Int)?
        if t.is(m - 2, ")") {
            path = chainedRoutePath(m - 2)
        } else if args.count >= 2, let r = receiver(m - 1), !Self.clients.contains(String(r.text.split(separator: ".")[0])) {
            path = pathLiteral(args[0]); recv = r
        }
        guard let path, path.hasPrefix("/") || path == "*", looksLikeHandler(last) else { return }
        let range = t.range(recv?.start ?? m, m)
        app.routes.append(AppRoute(path: path, methods: [method == "all" ? "*" : method.uppercased()], handler: handlerName(last), range: range))
        routeReceivers.append(recv?.text)
        routeCalls.append((app.routes.count - 1, t.partner[m + 1]))
    }

    func chainedRoutePath(_ close: Int) -> String? {
        var c = close, hops = 0
        while hops < 8, t.is(c, ")"), t.partner[c] > 1, t.is(t.partner[c] - 2, ".") {
            let callee = t.partner[c] - 1
            if t.isName(callee, "route") { return t.args(t.partner[c])?.first.flatMap(pathLiteral) }
            guard Self.routeMethods.contains(t.text(callee)) else { return nil }
            c = callee - 2
            hops += 1
        }
        return nil
    }

    func pathLiteral(_ r: Range<Int>) -> String? {
        guard r.count == 1 else { return nil }
        if let s = t.stringValue(r.lowerBound) { return s }
        let tok = t[r.lowerBound]
        return tok.kind == .template && tok.end - tok.start >= 2 ? t.file.text(tok.start + 1..<tok.end - 1) : nil
    }

    func looksLikeHandler(_ r: Range<Int>) -> Bool {
        guard let f = r.first else { return false }
        return t.isName(f) || t.is(f, "(") || t.is(f, "[")
    }

    /// A named handler argument: `handler`, `controller.stream`, `c.stream.bind(c)`, `function name(…)`,
    /// `wrap(handler)`; nil inline.
    func handlerName(_ r: Range<Int>) -> String? {
        guard var k = r.first else { return nil }
        if t.isName(k, "async") { k += 1 }
        if t.isName(k, "function") { return t.isName(k + 1) ? t.text(k + 1) : nil }
        var name: String?, outer: String?
        while k < r.upperBound, t.isName(k) {
            outer = name
            name = t.text(k)
            guard t.is(k + 1, ".") || t.is(k + 1, "?.") else { k += 1; break }
            k += 2
        }
        if k == r.upperBound { return name }
        if name == "bind" { return outer }
        // A wrapper call: `asyncHandler(stream)` → `stream`; `makeHandler(deps)` keeps the wrapper's name.
        if t.is(k, "("), t.partner[k] == r.upperBound - 1, let inner = t.args(k), inner.count == 1,
           inner[0].count == 1, t.isName(inner[0].lowerBound) { return t.text(inner[0].lowerBound) }
        return t.is(k, "(") && t.partner[k] == r.upperBound - 1 ? name : nil
    }

    /// `app.use(mw)` (named middleware), `app.use((req, res, next) => …)` (inline middleware), and
    /// `app.use('/prefix', router)` (a mount; with an inline function it is a catch-all route).
    mutating func use(_ m: Int) {
        guard let args = t.args(m + 1), let first = args.first, let last = args.last, receiver(m - 1) != nil else { return }
        if let prefix = pathLiteral(first), args.count >= 2 {
            if last.count == 1, t.isName(last.lowerBound) { mounts[t.text(last.lowerBound)] = mounts[t.text(last.lowerBound)] ?? prefix; return }
            // An inline handler under a prefix answers every method there.
            if let f = last.first, t.is(f, "(") || t.isName(f, "async") || t.isName(f, "function") { route(m, "all") }
            return
        }
        for a in args where a.count == 1 && t.isName(a.lowerBound) { useNames.insert(t.text(a.lowerBound)) }
        for a in args { compressionCall(a) }
        middlewareCalls.append(t.partner[m + 1])
    }

    /// `compression()` / `compression({ filter })` given to `use`: the `compression` package (Express, Nest on
    /// Express). A filter that names text/event-stream skips it; any other filter is not judged.
    mutating func compressionCall(_ a: Range<Int>) {
        let k = a.lowerBound
        guard t.isName(k, "compression"), t.is(k + 1, "("), t.partner[k + 1] == a.upperBound - 1 else { return }
        var filter = CompressionUse.Filter.none
        for j in k + 2..<a.upperBound - 1 {
            if t.isName(j, "filter"), t.is(j + 1, ":") || t.is(j + 1, ",") || t.is(j + 1, "}") || t.is(j + 1, "(") {
                if filter == .none { filter = .custom }
            } else if t[j].kind == .string || t[j].kind == .template, t.file.text(t.range(j)).contains("event-stream") {
                filter = .skipsEventStream
            }
        }
        app.compression.append(CompressionUse(framework: .expressCompression, range: t.range(k, a.upperBound - 1), filter: filter))
    }

    // MARK: NestJS

    static let nestMethods: [String: String] = ["Get": "GET", "Post": "POST", "Put": "PUT", "Patch": "PATCH", "Delete": "DELETE",
                                                "All": "*", "Head": "HEAD", "Options": "OPTIONS", "Sse": "GET"]

    /// `@Controller('agents')` sets the prefix of the methods that follow; `@Post('messages/stream')` on a method
    /// declares a route whose handler is that method.
    mutating func decorator(_ i: Int) {
        let name = t.text(i)
        guard let args = t.args(i + 1) else { return }
        let path = args.first.flatMap(pathLiteral) ?? (args.first.flatMap { a in
            // `@Controller({ path: 'agents' })`
            (a.lowerBound..<a.upperBound).first { t.isName($0, "path") && t.is($0 + 1, ":") }.flatMap { t.stringValue($0 + 2) }
        })
        if name == "Controller" { nestController = path ?? ""; return }
        guard let method = Self.nestMethods[name], args.count <= 1, path != nil || args.isEmpty else { return }
        // The method name: after this and any further decorators and modifiers.
        var k = t.partner[i + 1] + 1, steps = 0
        while k < t.count, steps < 64 {
            steps += 1
            if t.is(k, "@"), t.isName(k + 1) {
                k += 2
                while t.is(k, "."), t.isName(k + 1) { k += 2 }
                if t.is(k, "("), t.partner[k] > k { k = t.partner[k] + 1 }
                continue
            }
            if t.isName(k), ["async", "public", "private", "protected", "static", "override"].contains(t.text(k)), t.isName(k + 1) { k += 1; continue }
            break
        }
        guard t.isName(k), t.is(k + 1, "(") || t.is(k + 1, "<") else { return }
        var route = AppRoute(path: RoutePath.join("/" + Self.trimSlashes(nestController ?? ""), "/" + Self.trimSlashes(path ?? "")), methods: [method],
                             handler: t.text(k), range: t.range(i - 1, t.partner[i + 1]))
        route.router = RoutePath.nestRouter
        app.routes.append(route)
        routeReceivers.append(nil)
    }

    static func trimSlashes(_ s: String) -> String { String(s.drop { $0 == "/" }) }
}
