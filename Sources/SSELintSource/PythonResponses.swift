import SSELintCore

/// Streaming responses in Python app code, with their media type and headers read from literals, names bound to
/// literals, and the statements that set headers on the response afterwards.
extension PythonScanner {
    /// Response classes, with the position of their `headers` and media-type arguments and the media-type keyword.
    struct Kind { let headers: Int?; let mediaType: Int?; let mediaKeywords: [String]; let streams: Bool }
    static let kinds: [String: Kind] = [
        "StreamingResponse": Kind(headers: 2, mediaType: 3, mediaKeywords: ["media_type"], streams: true),
        "EventSourceResponse": Kind(headers: 2, mediaType: 3, mediaKeywords: ["media_type"], streams: true),
        "StreamingHttpResponse": Kind(headers: nil, mediaType: 1, mediaKeywords: ["content_type"], streams: true),
        "StreamResponse": Kind(headers: nil, mediaType: nil, mediaKeywords: ["content_type"], streams: true),
        // Flask's Response(gen(), mimetype=...) / Starlette's Response(..., media_type=...): only when they say SSE.
        "Response": Kind(headers: 2, mediaType: nil, mediaKeywords: ["mimetype", "media_type", "content_type"], streams: false),
    ]

    /// The known response class a method's class derives from (`class X(StreamingHttpResponse):`), by the `class`
    /// line above the method with a smaller indent.
    static func baseClass(_ s: PythonScan, of fn: Int) -> String? {
        let f = s.structure.functions[fn]
        guard f.inClass, f.name == "__init__" else { return nil }
        var k = f.defToken - 1
        while k >= 0 {
            if s.tokens[k].text == "class", s.structure.startsLine(k), s.tokens[k].indent < f.indent {
                guard k + 2 < s.tokens.count, s.tokens[k + 2].text == "(" else { return nil }
                var j = k + 3
                while j < s.tokens.count, s.tokens[j].text != ")", s.tokens[j].text != ":" {
                    if s.tokens[j].kind == .name, kinds[s.tokens[j].text] != nil { return s.tokens[j].text }
                    j += 1
                }
                return nil
            }
            k -= 1
        }
        return nil
    }

    /// Response classes of this file derived from a known one (`class ChatStream(EventSourceResponse):`), with the
    /// `media_type = "…"` class attribute when it sets one.
    static func subclasses(_ s: PythonScan) -> [String: (base: String, mediaType: String?)] {
        var out: [String: (base: String, mediaType: String?)] = [:]
        for (k, t) in s.tokens.enumerated() where t.kind == .name && t.text == "class" && s.structure.startsLine(k) {
            guard k + 2 < s.tokens.count, s.tokens[k + 1].kind == .name, s.tokens[k + 2].text == "(" else { continue }
            var j = k + 3, base: String?
            while j < s.tokens.count, s.tokens[j].text != ")", s.tokens[j].text != ":" {
                if s.tokens[j].kind == .name, kinds[s.tokens[j].text] != nil { base = s.tokens[j].text }
                j += 1
            }
            guard let base else { continue }
            // `media_type = "text/event-stream"` in the class body (the next lines, deeper than `class`).
            var media: String?, hasInit = false
            var m = j
            while m + 2 < s.tokens.count, m < j + 200 {
                if s.tokens[m].text == "class" || s.tokens[m].text == "def", s.tokens[m].indent <= t.indent, m > j + 1, s.structure.startsLine(m) { break }
                if s.tokens[m].text == "media_type", s.tokens[m + 1].text == "=", s.tokens[m].indent > t.indent { media = PythonScan.stringValue(s.tokens[m + 2]) }
                if s.tokens[m].text == "__init__", m > 0, s.tokens[m - 1].text == "def", s.tokens[m].indent > t.indent { hasInit = true }
                m += 1
            }
            // A subclass with its own __init__ builds its response there (`super().__init__(…)`, judged at that call);
            // its call sites take other arguments, so they are not judged again.
            if !hasInit { out[s.tokens[k + 1].text] = (base, media) }
        }
        return out
    }

    static func responses(_ s: PythonScan) -> [AppResponse] {
        var out: [AppResponse] = []
        let derived = subclasses(s)
        for c in s.calls {
            var last = String(c.lastComponent)
            let fn = s.functionIndex(c.first)
            var classMedia: String?
            // A response subclass: `class EventStream(StreamingHttpResponse)` whose __init__ calls
            // `super().__init__(gen, content_type="text/event-stream")` builds the base class's response.
            if c.callee == "super.__init__", fn >= 0, let base = baseClass(s, of: fn), kinds[base] != nil { last = base }
            // `ChatStream(gen())` for such a subclass of this file; `StreamingResponse.from_chain(…)` and other
            // factories of a known class; Flask's `current_app.response_class(…)`.
            else if let d = derived[last] { last = d.base; classMedia = d.mediaType?.lowercased() }
            else if ["from_chain", "from_runnable", "from_generator", "from_iterator"].contains(last),
                    let k = c.callee.split(separator: ".").dropLast().last.map(String.init), kinds[k] != nil { last = k }
            else if last == "response_class", c.callee.hasSuffix("app.response_class") { last = "Response" }
            guard let kind = kinds[last] else { continue }
            // An error answer typed as an event stream (`status_code=401`, or one literal body) is not a stream.
            if let code = c.keyword("status_code").flatMap({ s.number($0, function: fn)?.value }), code >= 400 { continue }
            if let body = c.argument("content", position: 0) ?? c.keyword("response"), !body.isEmpty,
               s.tokens[body.lowerBound].kind == .string || (s.tokens[body.lowerBound].text == "json" && body.count > 2 && s.tokens[body.lowerBound + 2].text == "dumps") {
                continue
            }
            var r = AppResponse(kind: last, range: s.tokens[c.first].start..<s.tokens[c.lparen - 1].end)
            r.function = fn >= 0 ? s.structure.functions[fn].name : nil
            r.streams = kind.streams
            let flask = c.callee.hasSuffix("response_class") || (s.structure.importedFrom[last]?.hasPrefix("flask") ?? false)
            r.mediaTypeKeyword = last == "StreamResponse" ? nil : last == "StreamingHttpResponse" ? "content_type"
                : last == "Response" && flask ? "mimetype" : "media_type"
            // Media type.
            let mediaArg = kind.mediaKeywords.lazy.compactMap { c.keyword($0) }.first ?? kind.mediaType.flatMap(c.positional)
            if let m = mediaArg {
                r.mediaTypeRange = s.byteRange(m)
                if let v = s.string(m) ?? s.binding(m, function: fn).flatMap(s.string) { r.mediaType = v.lowercased() } else { r.mediaTypeDynamic = true }
            } else if let m = classMedia {
                r.mediaType = m
            } else {
                r.mediaTypeInsertion = keywordInsertion(s, c)
            }
            if last == "EventSourceResponse" {
                let fastAPI = s.structure.importedFrom["EventSourceResponse"]?.hasPrefix("fastapi") ?? false
                r.kind = fastAPI ? "EventSourceResponse (FastAPI)" : "EventSourceResponse (sse-starlette)"
                r.baseKind = r.kind
                if mediaArg == nil { r.mediaType = "text/event-stream"; r.mediaTypeInsertion = nil }
                r.libraryHeaders = libraryHeaders(fastAPI: fastAPI, at: r.range)
                r.endsStreamsOnShutdown = !fastAPI
                if let p = c.keyword("ping") {
                    r.pingRange = s.byteRange(p)
                    r.libraryPing = s.number(p, function: fn)?.value ?? 15
                } else { r.libraryPing = 15 }
            }
            // The body: a generator function of this file, possibly wrapped (stream_with_context(gen())).
            if var body = c.argument("content", position: 0) ?? c.keyword("streaming_content") ?? c.keyword("response") {
                if s.tokens[body.lowerBound].kind == .name, body.count > 1, let inner = s.callAtFirst[body.lowerBound],
                   inner.lastComponent == "stream_with_context" || inner.lastComponent == "iterate_in_threadpool", let arg = inner.positional(0) {
                    body = arg
                }
                if s.tokens[body.lowerBound].kind == .name, body.count == 1 || s.tokens[body.lowerBound + 1].text == "(" {
                    r.bodyFunction = s.tokens[body.lowerBound].text
                } else if body.count > 3, ["self", "cls"].contains(s.tokens[body.lowerBound].text), s.tokens[body.lowerBound + 1].text == ".",
                          s.tokens[body.lowerBound + 2].kind == .name, s.tokens[body.lowerBound + 3].text == "(" {
                    // `self._stream(…)`: a generator method of this class.
                    r.bodyFunction = s.tokens[body.lowerBound + 2].text
                }
                // Functions called inside the body besides the body function (`wrap(chunks(…))`: chunks).
                r.wrappedCalls = (body.lowerBound..<body.upperBound).compactMap { k in
                    k > body.lowerBound && s.tokens[k].kind == .name && k + 1 < body.upperBound && s.tokens[k + 1].text == "(" ? s.tokens[k].text : nil
                }
                // A wrapper of this file that is not a generator itself (`self.align(gen(), …)` returning its
                // argument): the stream is the generator it is given.
                if let name = r.bodyFunction, let wi = s.structure.functionsByName[name], !s.structure.functions[wi].isGenerator,
                   let open = (body.lowerBound..<body.upperBound).first(where: { s.tokens[$0].text == "(" }), let wrap = s.callAtParen[open],
                   let inner = wrap.positional(0), s.tokens[inner.lowerBound].kind == .name, inner.count > 1, s.tokens[inner.lowerBound + 1].text == "(",
                   let gi = s.structure.functionsByName[s.tokens[inner.lowerBound].text], s.structure.functions[gi].isGenerator {
                    r.bodyFunction = s.tokens[inner.lowerBound].text
                }
            }
            if let name = r.bodyFunction, s.structure.functionsByName[name] == nil, let m = s.structure.importedFrom[name] { r.bodyModule = m }
            // A name defined more than once in the file (two nested `generate_stream`s): the definition in scope,
            // the last one before the call inside the enclosing function.
            if let name = r.bodyFunction, fn >= 0 {
                let f = s.structure.functions[fn]
                let defs = s.structure.functions.indices.filter { s.structure.functions[$0].name == name }
                if defs.count > 1, let fi = defs.last(where: { let d = s.structure.functions[$0]; return d.nameToken > f.bodyStart && d.nameToken < c.first }) {
                    r.bodyKey = "\(name)#\(fi)"
                }
            }
            // Headers given to the constructor.
            if let h = c.argument("headers", position: kind.headers) {
                readHeaders(s, h, function: fn, into: &r, depth: 0)
                // headers = {...}; headers["K"] = v; StreamingResponse(..., headers=headers)
                if h.count == 1, s.tokens[h.lowerBound].kind == .name, fn >= 0 {
                    laterHeaders(s, variable: s.tokens[h.lowerBound].text, function: fn, after: -1, into: &r)
                }
            } else {
                r.headerInsertion = keywordInsertion(s, c)
            }
            // `*args`/`**kwargs` may carry headers or a media type: neither is judged, nothing is inserted.
            if c.args.contains(where: { a in a.keyword == nil && ["*", "**"].contains(s.tokens[a.tokens.lowerBound].text) }) {
                r.headersOpaque = true
                r.headerInsertion = nil
                if mediaArg == nil { r.mediaTypeDynamic = true; r.mediaTypeInsertion = nil }
            }
            // resp = X(...); resp.headers["K"] = v; resp.headers.update({...}); resp.content_type = "…"
            if let v = s.assignedTo[c.first], fn >= 0 { laterHeaders(s, variable: v, function: fn, after: c.rparen, into: &r) }
            // In a response subclass, `self["K"] = v` after `super().__init__(…)`.
            if c.callee == "super.__init__", fn >= 0 { laterHeaders(s, variable: "self", function: fn, after: c.rparen, into: &r) }
            // A plain Response counts when it declares an SSE media type or streams a generator of this file.
            if last == "Response" {
                let generator = r.bodyFunction.flatMap { s.structure.functionsByName[$0] }.map { s.structure.functions[$0].isGenerator } ?? false
                if !r.isSSE && !generator { continue }
                r.streams = generator
            }
            // Named as written on the line: `TokenStream (a StreamingResponse)`, `StreamingResponse.from_chain`.
            let written = String(c.lastComponent)
            if written != last, c.callee != "super.__init__" {
                r.kind = derived[written] != nil ? "\(written) (\("AEIOU".contains(r.kind.first ?? "x") ? "an" : "a") \(r.kind))" : c.callee
            }
            out.append(r)
        }
        return out
    }

    /// A new keyword argument before the call's `)`; nil when the only argument is a bare generator expression
    /// (`f(x for x in y)` cannot take another argument without parentheses).
    static func keywordInsertion(_ s: PythonScan, _ c: PyCallSite) -> Insertion? {
        if c.args.count == 1, let a = c.args.first, a.keyword == nil,
           a.tokens.contains(where: { s.tokens[$0].text == "for" && s.tokens[$0].depth == s.tokens[c.lparen].depth + 1 }) { return nil }
        var k = c.rparen - 1
        while k > c.lparen, s.tokens[k].kind == .comment { k -= 1 }
        let empty = k == c.lparen
        let trailingComma = s.tokens[k].text == ","
        let multiLine = s.file.position(of: s.tokens[c.lparen].start).line != s.file.position(of: s.tokens[c.rparen].start).line
        let indent = multiLine && !empty ? s.lineIndent(s.tokens[k].start) : nil
        return Insertion(offset: s.tokens[k].end, style: .pythonKeyword, needsSeparator: !empty && !trailingComma, entryIndent: indent)
    }

    /// Entries of a dict literal `{...}` (following `**NAME` spreads and names bound to literals).
    static func readHeaders(_ s: PythonScan, _ r: Range<Int>, function fn: Int, into resp: inout AppResponse, depth: Int, direct: Bool = true) {
        let open = r.lowerBound
        if s.tokens[open].text == "{", Int(s.structure.match[open]) == r.upperBound - 1 {
            let close = r.upperBound - 1
            var k = open + 1
            let base = s.tokens[open].depth + 1
            var entries = 0
            while k < close {
                if s.tokens[k].kind == .comment || s.tokens[k].text == "," { k += 1; continue }
                entries += 1
                // One entry: up to the next comma at this depth.
                var e = k
                while e < close, !(s.tokens[e].text == "," && s.tokens[e].depth == base) { e += 1 }
                if s.tokens[k].text == "**" || (s.tokens[k].text == "*" && k + 1 < e && s.tokens[k + 1].text == "*") {
                    let target = (s.tokens[k].text == "**" ? k + 1 : k + 2)..<e
                    if depth < 4, let bound = s.binding(target, function: fn) { readHeaders(s, bound, function: fn, into: &resp, depth: depth + 1, direct: false) }
                    else { resp.headersOpaque = true }
                } else if let colon = (k..<e).first(where: { s.tokens[$0].text == ":" && s.tokens[$0].depth == base }),
                          let name = s.string(k..<colon) {
                    let value = (colon + 1)..<e
                    let text = value.isEmpty ? nil : s.string(value) ?? s.binding(value, function: fn).flatMap(s.string)
                    resp.headers.append(AppHeader(name: name, value: text, range: s.byteRange(k..<e)))
                    // Starlette keeps a Content-Type given in `headers` over `media_type` (init_headers), so it is
                    // the response's media type.
                    if name.lowercased() == "content-type", let text {
                        resp.mediaType = text.lowercased(); resp.mediaTypeInsertion = nil; resp.mediaTypeRange = s.byteRange(value)
                    }
                } else {
                    resp.headersOpaque = true
                }
                k = e
            }
            // Only a literal written in the call (or bound once in this function) is edited by fixes.
            if direct || depth == 1 {
                var last = close - 1
                while last > open, s.tokens[last].kind == .comment { last -= 1 }
                let multiLine = s.file.position(of: s.tokens[open].start).line != s.file.position(of: s.tokens[close].start).line
                resp.headerInsertion = Insertion(offset: s.tokens[last].end, style: .pythonDictEntries,
                                                 needsSeparator: entries > 0 && s.tokens[last].text != ",",
                                                 entryIndent: multiLine && entries > 0 ? s.lineIndent(s.tokens[last].start) : nil)
                if entries == 0 { resp.headerInsertion = Insertion(offset: s.tokens[open].end, style: .pythonDictEntries, needsSeparator: false) }
            }
            return
        }
        if depth < 4, let bound = s.binding(r, function: fn) {
            // A name bound in this very function is edited; a shared module constant is not.
            let local = fn >= 0 && s.assignments[fn]?[s.text(r)] != nil
            readHeaders(s, bound, function: fn, into: &resp, depth: depth + 1, direct: local)
            if !local { resp.headerInsertion = nil }
            return
        }
        if s.text(r) != "None" { resp.headersOpaque = true }
    }

    /// Statements after the constructor, in the same function, that set headers or the content type:
    /// `v.headers["K"] = …`, `v.headers.update({…})`, `v.headers.setdefault(…)`, `v.content_type = …`, and Django's
    /// `v["K"] = …`. Reads the sites PythonScan indexed, never the whole function again.
    static func laterHeaders(_ s: PythonScan, variable v: String, function fn: Int, after: Int, into r: inout AppResponse) {
        let width = 2 * v.split(separator: ".").count - 1
        for k in s.attributeSites[fn]?[v] ?? [] where k > after {
            let n = k + width
            guard n < s.tokens.count else { continue }
            func lineEnd(_ from: Int) -> Int {
                var e = from
                while e < s.tokens.count, s.tokens[e].kind != .newline { e += 1 }
                return e
            }
            // Django: response["K"] = value
            if s.tokens[n].text == "[" {
                let close = Int(s.structure.match[n])
                guard close > n, let name = s.string((n + 1)..<close), close + 2 <= s.tokens.count else { continue }
                let end = lineEnd(close + 2)
                record(name, close + 2 < end ? s.string((close + 2)..<end) : nil, s.byteRange(k..<end), &r)
                continue
            }
            guard n + 1 < s.tokens.count, s.tokens[n].text == "." else { continue }
            let attr = s.tokens[n + 1].text
            if attr == "content_type" || attr == "media_type", n + 3 < s.tokens.count, s.tokens[n + 2].text == "=" {
                let end = lineEnd(n + 3)
                if let m = s.string((n + 3)..<end) { r.mediaType = m.lowercased(); r.mediaTypeInsertion = nil; r.mediaTypeRange = s.byteRange((n + 3)..<end) }
                continue
            }
            guard attr == "headers", n + 3 < s.tokens.count else { continue }
            if s.tokens[n + 2].text == "[" {
                let close = Int(s.structure.match[n + 2])
                guard close > n + 2, let name = s.string((n + 3)..<close), close + 2 < s.tokens.count, s.tokens[close + 1].text == "=" else { continue }
                let end = lineEnd(close + 2)
                record(name, s.string((close + 2)..<end), s.byteRange(k..<end), &r)
            } else if s.tokens[n + 2].text == ".", n + 4 < s.tokens.count, let call = s.callAtParen[n + 4] {
                if s.tokens[n + 3].text == "update", let arg = call.positional(0) {
                    let before = r.headerInsertion
                    readHeaders(s, arg, function: fn, into: &r, depth: 1, direct: false)
                    r.headerInsertion = before
                } else if s.tokens[n + 3].text == "setdefault", let name = call.positional(0).flatMap(s.string) {
                    record(name, call.positional(1).flatMap(s.string), s.byteRange(k..<(call.rparen + 1)), &r)
                }
            }
        }
    }

    private static func record(_ name: String, _ value: String?, _ range: Range<Int>, _ r: inout AppResponse) {
        r.headers.append(AppHeader(name: name, value: value, range: range))
        if name.lowercased() == "content-type", let value { r.mediaType = value.lowercased(); r.mediaTypeInsertion = nil }
    }

    /// Headers set on every response: `@app.middleware("http")` functions and `dispatch` methods of middleware
    /// classes (`response.headers["X"] = …`).
    static func middleware(_ s: PythonScan, _ app: inout AppFile) {
        for (fi, f) in s.structure.functions.enumerated() {
            let isMiddleware = f.name == "dispatch" && f.inClass
                || f.decorators.contains { s.text($0).contains(".middleware(") }
            guard isMiddleware else { continue }
            // Each variable whose headers the middleware touches, read from the indexed sites.
            for v in (s.attributeSites[fi] ?? [:]).keys.sorted() {
                var r = AppResponse(kind: "middleware", range: 0..<0)
                laterHeaders(s, variable: v, function: fi, after: f.bodyStart - 1, into: &r)
                app.middlewareHeaders += r.headers
            }
        }
    }
}
