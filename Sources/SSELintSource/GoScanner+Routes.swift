import SSELintCore

/// Route registrations and header calls of the Go pass, and its end.
extension GoScan {
    /// A string literal argument (interpreted or raw).
    func literal(_ r: Range<Int>) -> String? { r.count == 1 ? t.stringValue(r.lowerBound) : nil }

    /// `mux.HandleFunc("GET /x", h)`, `http.Handle("/x", …)`, chi `r.Get("/x", h)` / `r.Method("GET", "/x", h)`,
    /// gin `r.GET`, echo `e.GET`. Needs a literal path starting with `/` (after a Go 1.22 method and host).
    mutating func route(_ m: Int, _ verb: String) {
        guard let args = t.args(m + 1), args.count >= 2, let last = args.last else { return }
        var methods = [verb], pathArg = args[0]
        if verb.isEmpty {
            guard args.count >= 3, let method = literal(args[0]) else { return }
            methods = [method.uppercased()]; pathArg = args[1]
        }
        guard let lit = literal(pathArg) else { return }
        var pattern = Substring(lit)
        pattern = pattern.drop { $0 == " " || $0 == "\t" }
        if let sp = pattern.firstIndex(where: { $0 == " " || $0 == "\t" }) {
            if verb == "*" { methods = [String(pattern[..<sp])] }
            pattern = pattern[sp...].drop { $0 == " " || $0 == "\t" }
        }
        let recv = receiver(endingAt: m - 2)
        let group = recv.flatMap { groupPrefix[$0.text] }
        var path: String
        if let slash = pattern.firstIndex(of: "/") {
            path = String(pattern[slash...])
        } else if group != nil, !pattern.isEmpty, pattern.first.map({ $0.isLetter || $0.isNumber || $0 == ":" }) == true {
            // gin and echo join a group's prefix with a path written without its slash (`g.Any("message", h)`).
            path = "/" + pattern
        } else { return }
        if path.hasSuffix("/{$}") { path.removeLast(3) }
        let prefix = group ?? prefixes.last?.prefix ?? ""
        app.routes.append(AppRoute(path: RoutePath.join(prefix, path), methods: methods, handler: handlerName(last),
                                   range: t.range(recv?.start ?? m, m)))
        routeCalls.append((app.routes.count - 1, t.partner[m + 1]))
    }

    /// chi `r.Route("/api", func(r chi.Router) {…})` and gin/echo `v1 := r.Group("/v1")`.
    mutating func prefix(_ m: Int, _ method: String) {
        guard let args = t.args(m + 1), let first = args.first, let p = literal(first) else { return }
        let recv = receiver(endingAt: m - 2)
        let full = RoutePath.join(recv.flatMap { groupPrefix[$0.text] } ?? prefixes.last?.prefix ?? "", p)
        if method == "Route", args.count >= 2, t.isName(args[1].lowerBound, "func") { prefixes.append((full, t.partner[m + 1])) }
        if method == "Group", let r = recv, t.is(r.start - 1, ":=") || t.is(r.start - 1, "="), t.isName(r.start - 2) {
            groupPrefix[t.text(r.start - 2)] = full
        }
    }

    /// `handler`, `s.handleChat` → `handleChat`, `http.HandlerFunc(h)` → `h`, `newHandler(deps)` → `newHandler`;
    /// nil for a function literal.
    func handlerName(_ r: Range<Int>) -> String? {
        var k = r.lowerBound, name: String?
        while k < r.upperBound, t.isName(k), !t.is(k, "func") {
            name = t.text(k)
            guard t.is(k + 1, ".") else { k += 1; break }
            k += 2
        }
        if k == r.upperBound { return name }
        guard t.is(k, "("), t.partner[k] == r.upperBound - 1 else { return nil }
        if name == "HandlerFunc", let inner = t.args(k), inner.count == 1 { return handlerName(inner[0]) }
        return name
    }

    mutating func addHeader(_ m: Int, writer: String, start: Int) {
        guard let args = t.args(m + 1), args.count == 2 else { return }
        addHeader(m, writer: writer, start: start, name: args[0].count == 1 ? args[0].lowerBound : -1, value: args[1], end: t.partner[m + 1])
    }

    /// One header call on `writer`: the first in a function opens the response (range: the callee, insertion:
    /// new statements at the start of its line), later ones add to it.
    mutating func addHeader(_ m: Int, writer: String, start: Int, name: Int, value: Range<Int>, end: Int) {
        let s = scopes.count - 1
        let g: Int
        if let existing = scopes[s].groups[writer] { g = existing } else {
            // Named as written: `w.Header().Set`, echo's `c.Response().Header().Set`, gin's `c.Header`.
            let written = t.file.text(t.range(start, m)).filter { !$0.isWhitespace }
            var r = AppResponse(kind: writer.hasSuffix(".Writer") && t.isName(m, "Header") ? "c.Header" : written.count <= 60 ? written : "w.Header().Set",
                                range: t.range(start, m))
            r.function = scopes[s].named
            r.route = routeCalls.last?.route
            if let ls = t.lineStartIfFirst(t[start].start) {
                r.headerInsertion = Insertion(offset: ls, style: .statements(receiver: writer), needsSeparator: false,
                                              entryIndent: t.file.indentation(ofLineContaining: t[start].start))
            }
            resp.append(r)
            g = resp.count - 1
            groups.append(g)
            scopes[s].groups[writer] = g
        }
        guard let n = name >= 0 ? t.stringValue(name) : nil else { resp[g].headersOpaque = true; return }
        let v = literal(value)
        resp[g].headers.append(AppHeader(name: n, value: v, range: t.range(start, end)))
        if n.lowercased() == "content-type" {
            resp[g].mediaType = v?.lowercased()
            resp[g].mediaTypeDynamic = v == nil
            resp[g].mediaTypeRange = value.isEmpty ? nil : t.range(value.lowerBound, value.upperBound - 1)
        }
    }

    // MARK: Deadlines

    /// `http.Server{` / `fiber.Config{` at the type name `i`: which framework's server literal it is.
    func serverType(_ i: Int) -> String? {
        guard t.isName(i - 2), t.is(i - 1, ".") else { return nil }
        switch (t.text(i - 2), t.text(i)) {
        case ("http", "Server"): return "net/http"
        case ("fiber", "Config"): return "fiber"
        default: return nil
        }
    }

    /// `WriteTimeout: 30 * time.Second,` inside an `http.Server{…}` or `fiber.Config{…}` literal (a Redis or
    /// database client's WriteTimeout is another thing).
    mutating func writeTimeoutField(_ i: Int) {
        var k = i - 1, steps = 0
        while k >= 0, steps < 256, !t.is(k, "{") {
            k = t.bracket(k) < 0 && t.partner[k] >= 0 && t.partner[k] < k ? t.partner[k] - 1 : k - 1
            steps += 1
        }
        guard k > 0, t.is(k, "{"), t.partner[k] > i, let framework = serverType(k - 1) else { return }
        var e = i + 2
        while e < t.partner[k], !t.is(e, ",") { e = t.bracket(e) > 0 && t.partner[e] > e ? t.partner[e] + 1 : e + 1 }
        guard e > i + 2 else { return }
        deadline(.writeTimeout, field: i, value: i + 2..<e)
        app.goDeadlines[app.goDeadlines.count - 1].framework = framework
    }

    /// chi `r.Use(middleware.Timeout(60 * time.Second))` (any import alias), echo `middleware.TimeoutWithConfig`.
    mutating func routerTimeout(_ a: Range<Int>) {
        let k = a.lowerBound
        guard a.count >= 5, t.isName(k), t.is(k + 1, "."), t.isName(k + 2, "Timeout"), t.is(k + 3, "("),
              t.partner[k + 3] == a.upperBound - 1, let inner = t.args(k + 3), inner.count == 1 else { return }
        deadline(.routerTimeout, field: k, value: inner[0])
        app.goDeadlines[app.goDeadlines.count - 1].prefix = prefixes.last?.prefix ?? ""
    }

    mutating func deadline(_ kind: GoDeadline.Kind, field: Int, value: Range<Int>) {
        guard !value.isEmpty else { return }
        let text = t.file.text(t.range(value.lowerBound, value.upperBound - 1))
        app.goDeadlines.append(GoDeadline(kind: kind, seconds: GoDuration.seconds(t, value),
                                          range: t.range(field, value.upperBound - 1), text: text))
    }

    mutating func finish() -> AppFile {
        while !scopes.isEmpty { popScope() }
        app.settle(resp, groups: groups, dropped: [], useNames: useNames)
        return app
    }
}
