import SSELintCore

/// Routes and streaming responses of one Rust file: axum (`Router::new().route("/x", get(h))`, `.nest`,
/// `Sse::new(…).keep_alive(…)`) and actix-web (`#[get("/x")]`, `web::scope`/`web::resource`, `.route("/x",
/// web::get().to(h))`, `HttpResponse::Ok().content_type(…).insert_header(…).streaming(…)`, actix-web-lab's `Sse`).
/// Routes registered in another function (`.nest("/api", api())`, `.service(h)`, `.configure(f)`) get that
/// function's prefix through router includes, across files. One forward pass with explicit stacks.
struct RustScan: TokenScan {
    struct Scope { var name: String?; var end: Int }

    var t: Tokens
    var app: AppFile
    var resp: [AppResponse] = []
    var scopes: [Scope] = []
    var bodies: [Int: String] = [:]
    /// Open brackets while reading, innermost last: where a `web::scope(…)` chain ends.
    var open: [Int] = []
    /// `web::scope("/api")`, `web::resource("/x")` and inline `.nest("/v1", Router::new()…)`: the full prefix while
    /// the chain or argument is read.
    var prefixes: [(prefix: String, end: Int)] = []
    /// `#[get("/x")]` waiting for its `fn`.
    var pendingAttribute: (path: String, methods: [String], range: Range<Int>)?
    /// `headers.insert(…)` groups per function: function body end → response index.
    var headerGroups: [Int: Int] = [:]
    let lab: Bool

    init(_ t: Tokens) {
        self.t = t
        app = AppFile(source: t.file, language: .rust)
        app.problems = t.problems
        app.comments = t.comments
        lab = t.file.bytes.containsBytes(Array("actix_web_lab".utf8))
    }

    static let axumMethods: [String: String] = ["get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE",
                                                 "head": "HEAD", "options": "OPTIONS", "any": "*"]
    static let headerConstants: [String: String] = ["CONTENT_TYPE": "Content-Type", "CACHE_CONTROL": "Cache-Control",
                                                    "CONNECTION": "Connection", "PRAGMA": "Pragma", "EXPIRES": "Expires",
                                                    "CONTENT_ENCODING": "Content-Encoding"]

    var function: String? { scopes.last?.name }
    var prefix: String { prefixes.last?.prefix ?? "" }

    mutating func run() {
        scopes = [Scope(name: nil, end: t.count)]
        var i = 0
        while i < t.count {
            while scopes.count > 1, i > scopes[scopes.count - 1].end { scopes.removeLast() }
            while let l = prefixes.last, i > l.end { prefixes.removeLast() }
            if t.bracket(i) > 0 { open.append(i) } else if t.bracket(i) < 0, !open.isEmpty { open.removeLast() }
            if t.is(i, "#"), t.is(i + 1, "["), t.isName(i + 2), t.is(i + 3, "(") { attribute(i) }
            else if t.isName(i, "fn"), t.isName(i + 1) { function(i) }
            else if t.is(i, "{"), let n = bodies[i] {
                scopes.append(Scope(name: n, end: t.partner[i] > i ? t.partner[i] : t.count))
            } else if t.isName(i), t.is(i + 1, "(") { call(i) }
            i += 1
        }
    }

    // MARK: Functions and attributes

    /// `#[get("/x")]`, `#[post("/x")]`, `#[route("/x", method = "GET")]` before an actix handler.
    mutating func attribute(_ i: Int) {
        let name = t.text(i + 2)
        let verbs = ["get", "post", "put", "patch", "delete", "head", "options", "route"]
        guard verbs.contains(name), let args = t.args(i + 3), let first = args.first, first.count == 1, let path = t.stringValue(first.lowerBound) else { return }
        var methods = [name.uppercased()]
        if name == "route" {
            methods = args.dropFirst().compactMap { a in t.is(a.lowerBound, "method") && a.count == 3 ? t.stringValue(a.lowerBound + 2)?.uppercased() : nil }
            if methods.isEmpty { methods = ["*"] }
        }
        pendingAttribute = (path, methods, t.range(i, t.partner[i + 1] > i ? t.partner[i + 1] : i + 3))
    }

    /// `fn name<…>(…) -> T where … {`: its body gets the name; a pending actix attribute becomes its route.
    mutating func function(_ i: Int) {
        let name = t.text(i + 1)
        var j = i + 2, steps = 0
        while j < t.count, !t.is(j, "("), steps < 64 { j += 1; steps += 1 }
        guard t.is(j, "("), t.partner[j] > j else { return }
        var k = t.partner[j] + 1
        steps = 0
        while k < t.count, !t.is(k, "{"), !t.is(k, ";"), steps < 256 { k = t.bracket(k) > 0 && t.partner[k] > k ? t.partner[k] + 1 : k + 1; steps += 1 }
        if t.is(k, "{") { bodies[k] = name }
        if let a = pendingAttribute {
            var route = AppRoute(path: a.path, methods: a.methods, handler: name, range: a.range)
            // Registered elsewhere with `.service(name)`, maybe under a scope: that prefix applies.
            route.router = "@svc:" + name
            app.routes.append(route)
            pendingAttribute = nil
        }
    }

    // MARK: Calls

    /// The last name of a path expression `a::b::c` (or a plain name) spanning `r`, when that is all it is.
    func pathName(_ r: Range<Int>) -> String? {
        guard !r.isEmpty, t.isName(r.upperBound - 1) else { return nil }
        var k = r.lowerBound
        while k < r.upperBound - 1 { guard t.isName(k), t.is(k + 1, "::") else { return nil }; k += 2 }
        return t.text(r.upperBound - 1)
    }

    /// `f()` / `a::f()` / `f(state)` spanning `r`: the function's name.
    func calledName(_ r: Range<Int>) -> String? {
        guard let close = r.last, t.is(close, ")"), t.partner[close] > r.lowerBound else { return pathName(r) }
        return pathName(r.lowerBound..<t.partner[close])
    }

    var includer: String? { function.map { "@fn:" + $0 } }

    mutating func include(_ router: String, _ prefix: String) {
        app.includes.append(RouterInclude(module: nil, router: router, prefix: prefix, includer: includer))
    }

    mutating func call(_ i: Int) {
        let name = t.text(i)
        let method = t.is(i - 1, ".")
        let path = t.is(i - 1, "::")
        guard let args = t.args(i + 1) else { return }
        let end = t.partner[i + 1]
        switch name {
        case "route":
            if method { route(i, args) }
        case "nest", "nest_service":
            guard method, args.count == 2, let p = args[0].count == 1 ? t.stringValue(args[0].lowerBound) : nil else { return }
            let full = RoutePath.join(prefix, p)
            if let f = calledName(args[1]) { include("@fn:" + f, full) } else { prefixes.append((full, end)) }
        case "scope", "resource":
            guard path, let first = args.first, first.count == 1, let p = t.stringValue(first.lowerBound) else { return }
            // The chain ends with the argument or statement the call is part of.
            var chainEnd = open.dropLast().last.map { t.partner[$0] } ?? t.count
            if open.count < 2 || chainEnd < i { chainEnd = statementEnd(after: end) }
            prefixes.append((RoutePath.join(prefix, p), chainEnd))
        case "service":
            if method, args.count == 1, let h = pathName(args[0]) { include("@svc:" + h, prefix) }
        case "configure":
            if method, args.count == 1, let f = pathName(args[0]) { include("@fn:" + f, prefix) }
        case "new", "from_stream", "from_infallible_stream", "from_infallible_receiver", "from_receiver":
            if path, t.isName(i - 2, "Sse") { sse(i) }
        case "Ok", "build", "builder":
            if path { builder(i) }
        case "insert", "append":
            if method { headerStatement(i, args) }
        default: break
        }
    }

    func statementEnd(after k: Int) -> Int {
        var j = k
        while j < t.count, !t.is(j, ";") { if t.bracket(j) > 0, t.partner[j] > j { j = t.partner[j] }; j += 1 }
        return j
    }

    /// axum `.route("/x", get(h).post(h2))`, actix `.route("/x", web::get().to(h))`, and actix's one-argument
    /// `.route(web::get().to(h))` on a resource.
    mutating func route(_ i: Int, _ args: [Range<Int>]) {
        guard let target = args.last, !target.isEmpty else { return }
        var p = ""
        if args.count == 2 {
            guard args[0].count == 1, let lit = t.stringValue(args[0].lowerBound), lit.hasPrefix("/") || lit.isEmpty else { return }
            p = lit
        } else if args.count != 1 || prefixes.isEmpty { return }
        var methods: [String] = [], handler: String?
        var k = target.lowerBound
        while k < target.upperBound {
            if t.isName(k), t.is(k + 1, "("), let m = Self.axumMethods[t.text(k)] ?? (t.text(k) == "method" ? "*" : nil) {
                methods.append(m)
                if handler == nil, let a = t.args(k + 1)?.first { handler = pathName(a) }
                k = max(k + 1, t.partner[k + 1])
            } else if t.isName(k, "to"), t.is(k - 1, "."), t.is(k + 1, "("), let a = t.args(k + 1)?.first {
                handler = handler ?? pathName(a)
                k = max(k + 1, t.partner[k + 1])
            }
            k += 1
        }
        guard !methods.isEmpty || handler != nil else { return }
        var route = AppRoute(path: RoutePath.join(prefix, p.isEmpty ? "/" : p), methods: methods.isEmpty ? ["*"] : methods,
                             handler: handler, range: t.range(i))
        if p.isEmpty, !prefix.isEmpty { route = AppRoute(path: prefix, methods: route.methods, handler: handler, range: route.range) }
        route.router = includer
        app.routes.append(route)
    }

    // MARK: Responses

    /// axum's `Sse::new(stream)` (Content-Type text/event-stream and Cache-Control: no-cache set by axum; a ping only
    /// with `.keep_alive(…)`, every 15 s unless its interval says otherwise) and actix-web-lab's `Sse`.
    mutating func sse(_ i: Int) {
        var r = AppResponse(kind: lab ? "Sse (actix-web-lab)" : "Sse (axum)", range: t.range(i - 2, i))
        r.mediaType = "text/event-stream"
        r.function = function
        r.libraryHeaders = [AppHeader(name: "Content-Type", value: "text/event-stream", range: r.range)]
        if !lab { r.libraryHeaders.append(AppHeader(name: "Cache-Control", value: "no-cache", range: r.range)) }
        var k = t.partner[i + 1] + 1
        r.libraryPing = lab ? nil : 0
        while t.is(k, "."), t.isName(k + 1), t.is(k + 2, "("), t.partner[k + 2] > k + 2 {
            let m = t.text(k + 1)
            if m == "keep_alive" || m == "with_keep_alive" {
                r.libraryPing = seconds(in: (k + 3)..<t.partner[k + 2]) ?? 15
                r.pingRange = t.range(k + 1, t.partner[k + 2])
            }
            k = t.partner[k + 2] + 1
        }
        resp.append(r)
    }

    /// `Duration::from_secs(N)` / `from_millis(N)` inside `r`.
    func seconds(in r: Range<Int>) -> Double? {
        for k in r where t.isName(k) && t.is(k + 1, "(") && t[k + 2].kind == .number {
            guard let v = Double(t.text(k + 2).filter { $0 != "_" }.prefix { $0.isNumber || $0 == "." }) else { continue }
            switch t.text(k) {
            case "from_secs", "from_secs_f64": return v
            case "from_millis": return v / 1000
            default: continue
            }
        }
        return nil
    }

    /// actix `HttpResponse::Ok()…`, `HttpResponse::build(…)…` and http's `Response::builder()…`: the chain's
    /// `content_type`, `insert_header`/`append_header`/`header` calls, and whether it ends in `.streaming(…)` or a
    /// stream body.
    mutating func builder(_ i: Int) {
        guard t.isName(i - 2) else { return }
        let owner = t.text(i - 2)
        guard ["HttpResponse", "HttpResponseBuilder", "Response"].contains(owner) else { return }
        var r = AppResponse(kind: "\(owner)::\(t.text(i))", range: t.range(i - 2, i))
        r.function = function
        r.streams = false
        var k = t.partner[i + 1] + 1, steps = 0
        while t.is(k, "."), t.isName(k + 1), t.is(k + 2, "("), t.partner[k + 2] > k + 2, steps < 64 {
            steps += 1
            let m = t.text(k + 1), a = (t.args(k + 2) ?? []).filter { !$0.isEmpty }
            switch m {
            case "content_type" where a.count == 1:
                r.mediaTypeRange = t.range(a[0].lowerBound, a[0].upperBound - 1)
                if let v = value(a[0]) { r.mediaType = v.lowercased() } else { r.mediaTypeDynamic = true }
            case "insert_header", "append_header":
                // `((name, value))`: a tuple argument.
                if a.count == 1, t.is(a[0].lowerBound, "("), let inner = t.args(a[0].lowerBound), inner.count == 2, !inner[0].isEmpty, !inner[1].isEmpty { addHeader(&r, inner[0], inner[1]) }
            case "header" where a.count == 2:
                addHeader(&r, a[0], a[1])
            case "streaming":
                r.streams = true
            case "body" where a.count == 1:
                if (a[0].lowerBound..<a[0].upperBound).contains(where: { t.isName($0, "from_stream") || t.isName($0, "wrap_stream") }) { r.streams = true }
            default: break
            }
            k = t.partner[k + 2] + 1
        }
        guard r.streams || r.mediaType?.hasPrefix("text/event-stream") == true else { return }
        resp.append(r)
    }

    /// `headers.insert(CONTENT_TYPE, …)` / `res.headers_mut().insert(…)` in a function: one response per function.
    mutating func headerStatement(_ i: Int, _ args: [Range<Int>]) {
        guard args.count == 2, !args[0].isEmpty, !args[1].isEmpty, headerName(args[0]) != nil, t.is(i - 1, "."), t.isName(i - 2) || t.is(i - 2, ")") else { return }
        let body = scopes.last?.end ?? t.count
        var k = headerGroups[body] ?? -1
        if k < 0 {
            var r = AppResponse(kind: "headers.insert", range: t.range(i))
            r.function = function
            r.streams = false
            resp.append(r)
            k = resp.count - 1
            headerGroups[body] = k
        }
        var r = resp[k]
        addHeader(&r, args[0], args[1])
        resp[k] = r
        if resp[k].mediaType?.hasPrefix("text/event-stream") == true { resp[k].streams = true }
    }

    func headerName(_ r: Range<Int>) -> String? {
        if r.count == 1, let s = t.stringValue(r.lowerBound) { return s }
        if let n = pathName(r) { return Self.headerConstants[n] }
        // `HeaderName::from_static("x-accel-buffering")`
        if let lit = (r.lowerBound..<r.upperBound).first(where: { t[$0].kind == .string || t[$0].kind == .rawString }),
           (r.lowerBound..<r.upperBound).contains(where: { t.isName($0, "from_static") }) { return t.stringValue(lit) }
        return nil
    }

    /// A literal value: `"no"`, `"no".parse().unwrap()`, `HeaderValue::from_static("no")`, `mime::TEXT_EVENT_STREAM`,
    /// `ContentType(mime::TEXT_EVENT_STREAM)`.
    func value(_ r: Range<Int>) -> String? {
        if (r.lowerBound..<r.upperBound).contains(where: { t.isName($0, "TEXT_EVENT_STREAM") || t.isName($0, "EventStream") }) { return "text/event-stream" }
        if t[r.lowerBound].kind == .string || t[r.lowerBound].kind == .rawString { return t.stringValue(r.lowerBound) }
        if let k = (r.lowerBound..<r.upperBound).first(where: { t.isName($0, "from_static") }), t.is(k + 1, "(") { return t.stringValue(k + 2) }
        return nil
    }

    func addHeader(_ r: inout AppResponse, _ name: Range<Int>, _ v: Range<Int>) {
        guard !name.isEmpty, !v.isEmpty else { return }
        guard let n = headerName(name) else { r.headersOpaque = true; return }
        let value = value(v)
        r.headers.append(AppHeader(name: n, value: value, range: t.range(name.lowerBound, v.upperBound - 1)))
        if n.lowercased() == "content-type" {
            r.mediaTypeRange = t.range(v.lowerBound, v.upperBound - 1)
            if let value { r.mediaType = value.lowercased() } else { r.mediaTypeDynamic = true }
        }
    }

    mutating func finish() -> AppFile {
        app.settle(resp, groups: [], dropped: [], useNames: [])
        return app
    }
}
