import SSELintCore

/// Routes and streaming responses of one Go file: net/http (`HandleFunc`, Go 1.22 `"GET /path"` patterns),
/// chi, gin and echo registrations, and `w.Header().Set(…)` calls grouped per function and writer. One forward
/// pass over the tokens with explicit stacks; nothing is rescanned per token.
struct GoScan: ScopedScan {
    struct Facts: ScopeFacts {
        /// The function (or a closure in it) flushes: `.(http.Flusher)`, `.Flush()`, gin `c.Stream`/`c.SSEvent`.
        var flushes = false
        /// `r.Context()` / `c.Request.Context()` is read; `context.WithoutCancel` detaches from it.
        var context = false
        var detached = false
        /// Writer → the response grouping its header calls; `h := w.Header()` names → writer.
        var groups: [String: Int] = [:]
        var headerVars: [String: String] = [:]
    }

    var t: Tokens
    var app: AppFile
    var resp: [AppResponse] = []
    var groups: [Int] = []
    var scopes: [FunctionScope<Facts>] = []
    var bodies: [Int: String] = [:]
    var routeCalls: [(route: Int, end: Int)] = []
    /// chi `r.Route("/api", func(r chi.Router) {…})`: the full prefix while its callback is read.
    var prefixes: [(prefix: String, end: Int)] = []
    /// gin/echo `v1 := r.Group("/v1")`: group variable → full prefix.
    var groupPrefix: [String: String] = [:]
    var useNames = Set<String>()

    init(_ t: Tokens) {
        self.t = t
        app = AppFile(source: t.file, language: .go)
        app.problems = t.problems
        app.comments = t.comments
    }

    static let routeMethods: [String: String] = [
        "HandleFunc": "*", "Handle": "*", "Any": "*", "Get": "GET", "Post": "POST", "Put": "PUT", "Patch": "PATCH",
        "Delete": "DELETE", "Head": "HEAD", "Options": "OPTIONS", "GET": "GET", "POST": "POST", "PUT": "PUT",
        "PATCH": "PATCH", "DELETE": "DELETE", "HEAD": "HEAD", "OPTIONS": "OPTIONS", "Method": "", "MethodFunc": "",
    ]

    mutating func step(_ i: Int) {
        while let l = prefixes.last, i > l.end { prefixes.removeLast() }
        if t.isName(i) {
            if t.is(i, "func") { function(i) }
            else if t.is(i, "Flusher") { scopes[scopes.count - 1].flushes = true }
            else if t.is(i - 1, "."), t.is(i + 1, "(") { memberCall(i) }
            else if t.is(i, "WriteTimeout"), t.is(i + 1, ":") { writeTimeoutField(i) }
            else if t.is(i, "Server") || t.is(i, "Config"), t.is(i + 1, "{"), t.is(i - 1, "."), serverType(i) != nil {
                app.goServers.append(t.range(i - 2, i))
            }
        } else if t.is(i, "{"), let n = bodies[i] {
            enterBody(at: i, of: n)
        }
    }

    /// `func name(`, `func (s *Server) name(`, `func name[T any](`, and literals `func(…) … {` (named by
    /// `h := func…`).
    mutating func function(_ i: Int) {
        var j = i + 1, name: String?
        if t.is(j, "("), t.partner[j] > j, t.isName(t.partner[j] + 1), t.is(t.partner[j] + 2, "(") || t.is(t.partner[j] + 2, "[") {
            name = t.text(t.partner[j] + 1); j = t.partner[j] + 2
        } else if t.isName(j) { name = t.text(j); j += 1 }
        else if (t.is(i - 1, ":=") || t.is(i - 1, "=")), t.isName(i - 2) { name = t.text(i - 2) }
        if t.is(j, "["), t.partner[j] > j { j = t.partner[j] + 1 }
        guard t.is(j, "("), t.partner[j] > j, let body = bodyAfter(t.partner[j]) else { return }
        bodies[body] = name ?? ""
    }

    /// The body `{` after a parameter list closing at `p`; nil for a function type (the line or list ends).
    func bodyAfter(_ p: Int) -> Int? {
        var k = p + 1, steps = 0
        while k < t.count, steps < 64, !t[k].newlineBefore {
            if t.is(k, "{") {
                guard t.isName(k - 1, "interface") || t.isName(k - 1, "struct") else { return k }
            } else if t.is(k, ",") || t.is(k, ")") || t.is(k, ";") || t.is(k, "=") || t.is(k, "}") || t.is(k, "]") { return nil }
            k = t.bracket(k) > 0 && t.partner[k] > k ? t.partner[k] + 1 : k + 1
            steps += 1
        }
        return nil
    }

    mutating func popScope() {
        let s = scopes.removeLast()
        if !scopes.isEmpty {
            if s.flushes { scopes[scopes.count - 1].flushes = true }
            if s.context { scopes[scopes.count - 1].context = true }
            if s.detached { scopes[scopes.count - 1].detached = true }
        }
        for g in s.groups.values {
            resp[g].streams = s.flushes
            resp[g].followsRequestContext = s.context
            resp[g].detachesRequestContext = s.detached
        }
    }

    /// `w`, `c.Writer`, `c.Response()`: names, dots and empty calls ending at token `end`.
    func receiver(endingAt end: Int) -> (text: String, start: Int)? {
        var k = end, start = -1, hops = 0
        while k >= 0, hops < 8 {
            hops += 1
            if t.is(k, ")"), t.partner[k] == k - 1, t.isName(k - 2) { k -= 2 }
            guard t.isName(k) else { break }
            start = k
            guard t.is(k - 1, ".") else { break }
            k -= 2
        }
        guard start >= 0 else { return nil }
        return (t.file.text(t.range(start, end)), start)
    }

    mutating func memberCall(_ m: Int) {
        let method = t.text(m)
        if let verb = Self.routeMethods[method] { route(m, verb); return }
        switch method {
        case "Route", "Group": prefix(m, method)
        case "Use":
            for a in t.args(m + 1) ?? [] {
                if a.count == 1 && t.isName(a.lowerBound) { useNames.insert(t.text(a.lowerBound)) }
                routerTimeout(a)
            }
        case "SetWriteDeadline": app.writeDeadlineResets.append(t.range(m))

        // gin's Stream/SSEvent, fiber's SetBodyStreamWriter: the body streams.
        case "Flush", "Stream", "SSEvent", "SetBodyStreamWriter": scopes[scopes.count - 1].flushes = true
        case "Context" where t.is(m + 2, ")"): scopes[scopes.count - 1].context = true
        case "WithoutCancel": scopes[scopes.count - 1].detached = true
        case "Set", "Add": headerCall(m)
        case "Header": header(m)
        default: break
        }
    }

    /// `X.Header().Set(n, v)` / `.Add`, or `h.Set(n, v)` where `h := X.Header()`.
    mutating func headerCall(_ m: Int) {
        if t.is(m - 2, ")"), t.is(m - 3, "("), t.isName(m - 4, "Header"), t.is(m - 5, "."), let w = receiver(endingAt: m - 6) {
            addHeader(m, writer: w.text, start: w.start)
        } else if t.isName(m - 2), !t.is(m - 3, "."), let w = headerVar(t.text(m - 2)) {
            addHeader(m, writer: w, start: m - 2)
        } else if let args = t.args(m + 1), args.count == 2, literal(args[0])?.lowercased() == "content-type",
                  literal(args[1])?.lowercased().hasPrefix("text/event-stream") == true, let w = receiver(endingAt: m - 2) {
            // fiber's `c.Set("Content-Type", "text/event-stream")`: only the SSE media type is taken from such
            // receivers (a map's `Set` is no header).
            addHeader(m, writer: w.text, start: w.start)
        }
    }

    func headerVar(_ name: String) -> String? {
        for s in scopes.reversed().prefix(8) { if let w = s.headerVars[name] { return w } }
        return nil
    }

    /// `h := w.Header()`, `w.Header()["Content-Type"] = []string{"…"}`, gin `c.Header(n, v)`.
    mutating func header(_ m: Int) {
        guard let recv = receiver(endingAt: m - 2), t.is(m + 1, "("), let args = t.args(m + 1) else { return }
        if args.count == 2 { addHeader(m, writer: recv.text + ".Writer", start: recv.start); return }
        guard args.isEmpty else { return }
        let after = t.partner[m + 1] + 1
        if !t.is(after, "."), !t.is(after, "["), t.is(recv.start - 1, ":=") || t.is(recv.start - 1, "="), t.isName(recv.start - 2) {
            scopes[scopes.count - 1].headerVars[t.text(recv.start - 2)] = recv.text
        }
        if t.is(after, "["), t.partner[after] == after + 2, t.is(after + 3, "=") {
            // `[]string{"v"}` gives the value; anything else is not a literal.
            let v = t.is(after + 4, "[") && t.is(after + 5, "]") && t.is(after + 7, "{") && t.partner[after + 7] == after + 9 ? after + 8 : -1
            addHeader(m, writer: recv.text, start: recv.start, name: after + 1, value: v >= 0 ? v..<v + 1 : after + 4..<after + 4,
                      end: v >= 0 ? after + 9 : after + 3)
        }
    }
}
