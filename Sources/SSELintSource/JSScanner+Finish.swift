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
            app.routes[k] = AppRoute(path: RoutePath.join(prefix, r.path), methods: r.methods, handler: r.handler, range: r.range)
        }
        app.settle(resp, groups: groupResponses, dropped: dropped, useNames: useNames, fallbackRoute: pagesRoute)
        app.nextConfig = nextConfig()
        return app
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
