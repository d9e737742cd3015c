import SSELintCore

/// Responses: `res.writeHead(…, {…})`, grouped `res.setHeader(…)` calls, `new Response(body, { headers })`.
extension JSScan {
    /// One property of an object literal: its key (nil when computed) and its value tokens.
    struct Entry { var key: String?; var keyTok: Int; var value: Range<Int> }

    /// The properties of the object literal opened at `open`; `opaque` when a spread or computed key hides some.
    func entries(_ open: Int) -> (list: [Entry], opaque: Bool) {
        guard let parts = t.args(open) else { return ([], true) }
        var out: [Entry] = [], opaque = false
        for p in parts where !p.isEmpty {
            let k = p.lowerBound
            if t.is(k, "...") || t.is(k, "[") { opaque = true; continue }
            let key = t.stringValue(k) ?? (t.isName(k) || t[k].kind == .number ? t.text(k) : nil)
            if t.is(k + 1, ":") { out.append(Entry(key: key, keyTok: k, value: k + 2..<p.upperBound)) }
            else if p.count == 1 { out.append(Entry(key: key, keyTok: k, value: k..<k + 1)) }   // `{ headers }`
        }
        return (out, opaque)
    }

    func isObject(_ r: Range<Int>) -> Bool { r.count >= 2 && t.is(r.lowerBound, "{") && t.partner[r.lowerBound] == r.upperBound - 1 }

    func value(_ r: Range<Int>) -> String? { r.count == 1 ? t.stringValue(r.lowerBound) : nil }

    /// Records a header; Content-Type also gives the media type (the last one set wins, as at run time).
    func add(_ r: inout AppResponse, name: String, value: Range<Int>, range: Range<Int>) {
        let v = self.value(value)
        r.headers.append(AppHeader(name: name, value: v, range: range))
        guard name.lowercased() == "content-type", !value.isEmpty else { return }
        r.mediaType = v?.lowercased()
        r.mediaTypeDynamic = v == nil
        r.mediaTypeRange = t.range(value.lowerBound, value.upperBound - 1)
    }

    /// Headers of an object literal into `r`, with the insertion point before its closing brace.
    func addObject(_ r: inout AppResponse, _ open: Int) {
        let (list, opaque) = entries(open)
        for e in list {
            if let key = e.key { add(&r, name: key, value: e.value, range: t.range(e.keyTok)) } else { r.headersOpaque = true }
        }
        r.headersOpaque = r.headersOpaque || opaque
        r.headerInsertion = Insertion.literal(t, open: open, close: t.partner[open], style: .jsObjectEntries)
    }

    /// The enclosing named function and the route whose call holds it.
    func placed(_ r: AppResponse) -> AppResponse {
        var r = r
        r.function = scopes[scopes.count - 1].named
        r.route = routeCalls.last?.route
        return r
    }

    /// `res.writeHead(200[, 'OK'][, { … }])`: one response per call.
    mutating func writeHead(_ m: Int) {
        guard let recv = receiver(m - 1), let args = t.args(m + 1), !args.isEmpty else { return }
        // An error answer typed as an event stream (`writeHead(502, {SSE headers})`, one event, `end()`) is not a
        // stream: no rule about streams applies to it.
        if oneShot(recv.text, status: args[0], after: t.partner[m + 1]) { return }
        var r = placed(AppResponse(kind: "res.writeHead", range: t.range(recv.start, m)))
        if args.count >= 2, let last = args.last {
            if isObject(last) { addObject(&r, last.lowerBound) } else if value(last) == nil { r.headersOpaque = true }
        }
        r.streams = false
        resp.append(r)
        let s = scopes.count - 1, w = resp.count - 1
        if args.count < 2 { scopes[s].bare.insert(w) }
        // Headers from `setHeader` calls join the first writeHead that has its own headers, else the last bare one
        // (early error returns come first).
        if let old = scopes[s].writeHeads[recv.text], !scopes[s].bare.contains(old) { return }
        scopes[s].writeHeads[recv.text] = w
    }

    /// A response that is written once and ended: a literal 4xx/5xx status, or `recv.end()` within the next few
    /// statements before anything that streams (a loop, `pipe`, an event handler, `await`, a timer).
    func oneShot(_ recv: String, status: Range<Int>, after close: Int) -> Bool {
        if status.count == 1, t[status.lowerBound].kind == .number, let code = Int(t.text(status.lowerBound)), code >= 400 { return true }
        guard close > 0 else { return false }
        let name = String(recv.split(separator: ".").last ?? "")
        var k = close + 1
        let limit = min(t.count, close + 300)
        // Depth relative to the writeHead: an `end()` or `return` inside a block opened after it is conditional
        // (`if (!topic) { res.end(); return }`) and does not make the response one-shot.
        var depth = 0
        while k < limit {
            if t.is(k, "{") { depth += 1 } else if t.is(k, "}") { depth -= 1 }
            if t.isName(k) {
                switch t.text(k) {
                case "for", "while", "do", "pipe", "pipeTo", "on", "once", "await", "yield", "setInterval", "setTimeout",
                     "forEach", "then", "function": return false
                case "return" where depth <= 0: return false
                case "end" where depth <= 0 && t.is(k - 1, ".") && t.is(k + 1, "(") && t.isName(k - 2) && t.text(k - 2) == name: return true
                default: break
                }
            } else if t.is(k, "=>") { return false }
            k += 1
        }
        return false
    }

    /// `res.setHeader(n, v)`, `res.set(n, v)`/`res.set({…})`, `res.header(…)`, `reply.headers({…})`,
    /// `res.append(n, v)`: every call on one receiver in one function is one response.
    mutating func setHeader(_ m: Int, _ method: String) {
        guard let recv = receiver(m - 1), let args = t.args(m + 1), let first = args.first else { return }
        let last = String(recv.text.split(separator: ".").last ?? "")
        let allowed: Set<String> = switch method {
        case "setHeader": [last]
        case "set": ["res", "response", "resp", "ctx"]
        case "header": ["res", "response", "resp", "reply", "c", "ctx"]
        case "headers": ["reply"]
        default: ["res", "response", "resp"]
        }
        guard allowed.contains(last), args.count <= 2 else { return }
        var r = AppResponse(kind: "res.setHeader", range: t.range(recv.start, m))
        let close = t.partner[m + 1]
        if args.count == 2 {
            var end = close
            if t.is(close + 1, ";") { end += 1 }
            if let name = value(first) { add(&r, name: name, value: args[1], range: t.range(recv.start, end)) } else { r.headersOpaque = true }
        } else if isObject(first) {
            addObject(&r, first.lowerBound)
            r.headerInsertion = nil
        } else { r.headersOpaque = true }   // `res.set(headers)`
        if let mw = middlewareCalls.last, mw < routeCalls.last?.end ?? Int.max {
            app.middlewareHeaders.append(contentsOf: r.headers)
            return
        }
        let s = scopes.count - 1
        if let g = scopes[s].groups[recv.text] {
            for h in r.headers { Self.copy(h, into: &resp[g], mediaTypeFrom: r) }
            resp[g].headersOpaque = resp[g].headersOpaque || r.headersOpaque
            return
        }
        r = placed(r)
        let start = t[recv.start].start
        if let ls = t.lineStartIfFirst(start) {
            r.headerInsertion = Insertion(offset: ls, style: .statements(receiver: recv.text), needsSeparator: false,
                                          entryIndent: t.file.indentation(ofLineContaining: start))
        }
        resp.append(r)
        groupResponses.append(resp.count - 1)
        scopes[s].groups[recv.text] = resp.count - 1
    }

    /// Copies a header already read into `r` (media type included when it is the Content-Type).
    static func copy(_ h: AppHeader, into g: inout AppResponse, mediaTypeFrom r: AppResponse) {
        g.headers.append(h)
        if h.lowercasedName == "content-type" {
            g.mediaType = r.mediaType; g.mediaTypeDynamic = r.mediaTypeDynamic; g.mediaTypeRange = r.mediaTypeRange
        }
    }

    /// `new Response(body, init)` / `new NextResponse(…)`: kept when it declares a Content-Type or streams.
    mutating func newResponse(_ i: Int) {
        guard t.isName(i + 1, "Response") || t.isName(i + 1, "NextResponse"), t.is(i + 2, "("), let args = t.args(i + 2) else { return }
        var r = placed(AppResponse(kind: "new " + t.text(i + 1), range: t.range(i, i + 1)))
        r.streams = args.first.map(isStream) ?? false
        if args.count >= 2 {
            let initArg = args[1]
            if isObject(initArg) {
                let (list, opaque) = entries(initArg.lowerBound)
                if let h = list.first(where: { $0.key == "headers" }) {
                    let v = h.value
                    if isObject(v) { addObject(&r, v.lowerBound) }
                    else if v.count >= 4, t.isName(v.lowerBound, "new"), t.isName(v.lowerBound + 1, "Headers"),
                            let inner = t.args(v.lowerBound + 2), inner.count == 1, isObject(inner[0]) { addObject(&r, inner[0].lowerBound) }
                    else { r.headersOpaque = true }
                } else if opaque { r.headersOpaque = true }
                else { r.headerInsertion = Insertion.literal(t, open: initArg.lowerBound, close: initArg.upperBound - 1, style: .jsHeadersProperty) }
            } else { r.headersOpaque = true }
        }
        guard r.mediaType != nil || r.mediaTypeDynamic || r.streams else { return }
        resp.append(r)
    }

    /// A body that is a stream: `stream`, a name assigned from `new ReadableStream(…)`/`.toReadableStream()`,
    /// a fetched `upstream.body`, or an expression that builds one (read only from its first tokens).
    func isStream(_ r: Range<Int>) -> Bool {
        if r.count >= 3, t.isName(r.upperBound - 1, "body"), t.is(r.upperBound - 2, ".") || t.is(r.upperBound - 2, "?.") { return true }
        if r.count == 1, t.isName(r.lowerBound) {
            let n = t.text(r.lowerBound)
            return streamNames.contains(n) || n.lowercased().contains("stream") || n.lowercased().contains("readable")
        }
        for k in r.prefix(12) where t.isName(k) && t.text(k).lowercased().contains("stream") { return true }
        return false
    }

    /// `export [default] [async] function NAME`, `export const NAME =`, `export { a as GET }`, `export default NAME`.
    mutating func export(_ i: Int) {
        var j = i + 1
        let isDefault = t.isName(j, "default")
        if isDefault { j += 1 }
        if t.isName(j, "async") { j += 1 }
        if t.isName(j, "function") {
            let n = t.isName(j + 1) ? t.text(j + 1) : nil
            exports.append(Export(exported: isDefault ? "default" : n ?? "", local: n, tok: n == nil ? j : j + 1))
        } else if t.isName(j, "const") || t.isName(j, "let") || t.isName(j, "var"), t.isName(j + 1) {
            exports.append(Export(exported: t.text(j + 1), local: t.text(j + 1), tok: j + 1))
            // Next.js route segment config: `export const maxDuration = 60` (Vercel's deadline for this route).
            if t.isName(j + 1, "maxDuration"), t.is(j + 2, "="), t[j + 3].kind == .number, let v = Double(t.text(j + 3)) {
                app.maxDuration = (v, t.range(j + 1, j + 3))
            }
        } else if isDefault, t.isName(j) {
            exports.append(Export(exported: "default", local: t.text(j), tok: j))
        } else if isDefault {
            exports.append(Export(exported: "default", local: nil, tok: i))
        } else if t.is(j, "{"), let parts = t.args(j) {
            for p in parts where p.count == 1 || (p.count == 3 && t.isName(p.lowerBound + 1, "as")) {
                exports.append(Export(exported: t.text(p.upperBound - 1), local: t.text(p.lowerBound), tok: p.upperBound - 1))
            }
        }
    }
}
