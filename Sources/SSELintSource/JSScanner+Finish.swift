import SSELintCore

/// After the pass: Next.js file-system routes, router mounts, route ↔ response links, and which responses stay.
extension JSScan {
    mutating func finish() -> AppFile {
        while !scopes.isEmpty { popScope() }
        var pagesRoute: Int?
        if let (path, pages) = Self.nextPath(t.file.path) {
            if pages, let d = exports.first(where: { $0.exported == "default" }) {
                app.routes.append(AppRoute(path: path, methods: ["*"], handler: d.local, range: t.range(d.tok)))
                routeReceivers.append(nil)
                pagesRoute = app.routes.count - 1
            } else if !pages {
                for e in exports where ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].contains(e.exported) {
                    app.routes.append(AppRoute(path: path, methods: [e.exported], handler: e.local ?? e.exported, range: t.range(e.tok)))
                    routeReceivers.append(nil)
                }
            }
        }
        for (k, recv) in routeReceivers.enumerated() {
            guard let recv, let prefix = mounts[recv] else { continue }
            let r = app.routes[k]
            app.routes[k] = AppRoute(path: Self.join(prefix, r.path), methods: r.methods, handler: r.handler, range: r.range)
        }
        var byHandler: [String: Int] = [:]
        for (k, r) in app.routes.enumerated() { if let h = r.handler, byHandler[h] == nil { byHandler[h] = k } }
        for k in resp.indices where resp[k].route == nil {
            resp[k].route = resp[k].function.flatMap { byHandler[$0] } ?? pagesRoute
        }
        // A named function given to `app.use(…)` sets its headers on every response.
        for g in groupResponses where resp[g].route == nil && useNames.contains(resp[g].function ?? "") {
            app.middlewareHeaders.append(contentsOf: resp[g].headers)
            dropped.insert(g)
        }
        for (k, var r) in resp.enumerated() where !dropped.contains(k) {
            // A plain response (no media type, no streaming) is not one these rules judge.
            guard r.mediaType != nil || r.mediaTypeDynamic || r.streams else { continue }
            if r.mediaType == nil, !r.mediaTypeDynamic { r.mediaTypeInsertion = r.headerInsertion }
            app.responses.append(r)
        }
        app.responses.sort { $0.range.lowerBound < $1.range.lowerBound }
        return app
    }

    static func join(_ prefix: String, _ path: String) -> String {
        var p = prefix
        while p.hasSuffix("/") { p.removeLast() }
        return path == "/" ? (p.isEmpty ? "/" : p) : p + path
    }

    /// The route a Next.js file serves by its place: `app/<segments>/route.ts` → `/<segments>` (route groups
    /// `(x)` and slots `@x` dropped, `[id]` → `{id}`, `[...slug]` → `{slug...}`), `pages/api/<x>.ts` → `/api/<x>`.
    static func nextPath(_ path: String) -> (path: String, pagesAPI: Bool)? {
        let parts = path.split(separator: "/").map(String.init)
        guard let file = parts.last else { return nil }
        let dot = file.split(separator: ".", omittingEmptySubsequences: false)
        guard dot.count == 2, ["js", "ts", "mjs", "cjs", "jsx", "tsx"].contains(dot[1]) else { return nil }
        let stem = String(dot[0]), dirs = parts.dropLast()
        var segs: [String], pages = false
        if stem == "route", let a = dirs.lastIndex(of: "app") {
            segs = Array(dirs[(a + 1)...])
        } else if let p = dirs.lastIndex(of: "pages"), p + 1 < dirs.endIndex, dirs[p + 1] == "api" {
            segs = Array(dirs[(p + 1)...]) + (stem == "index" ? [] : [stem])
            pages = true
        } else { return nil }
        let mapped = segs.compactMap { s -> String? in
            if (s.hasPrefix("(") && s.hasSuffix(")")) || s.hasPrefix("@") { return nil }
            guard s.hasPrefix("[") && s.hasSuffix("]") else { return s }
            var n = Substring(s)
            while n.hasPrefix("[") { n.removeFirst() }
            while n.hasSuffix("]") { n.removeLast() }
            return n.hasPrefix("...") ? "{\(n.dropFirst(3))...}" : "{\(n)}"
        }
        return ("/" + mapped.joined(separator: "/"), pages)
    }
}
