import SSELintCore

/// Cancellation waits, swallowed cancellations, thread and blocking work, faulthandler, compression and what each
/// generator emits: one walk over the file's calls and functions.
public enum PythonCancellation {
    public static let blocking: Set<String> = [
        "time.sleep", "requests.get", "requests.post", "requests.put", "requests.patch", "requests.delete",
        "requests.request", "requests.head", "urllib.request.urlopen", "urlopen", "httpx.get", "httpx.post",
        "httpx.put", "httpx.patch", "httpx.delete", "httpx.request", "httpx.stream", "subprocess.run", "subprocess.call",
        "subprocess.check_call", "subprocess.check_output", "os.system", "socket.create_connection",
        // The openai module's own (synchronous) client and litellm's sync entry points, called without await.
        "openai.chat.completions.create", "openai.completions.create", "openai.responses.create", "openai.embeddings.create",
        "openai.ChatCompletion.create", "openai.Completion.create", "litellm.completion", "litellm.text_completion",
        "litellm.embedding",
    ]
    /// Constructors of synchronous SDK clients: calls on what they return block the event loop.
    static let djangoCompression: [String: CompressionUse.Framework] = [
        "django.middleware.gzip.GZipMiddleware": .djangoGzip,
        "compression_middleware.middleware.CompressionMiddleware": .djangoCompression,
    ]
    static let syncClients: Set<String> = ["OpenAI", "openai.OpenAI", "AzureOpenAI", "openai.AzureOpenAI", "Anthropic",
                                           "anthropic.Anthropic", "httpx.Client", "requests.Session", "Groq", "Mistral"]
    /// Synchronous clients of datastores and services, by the module that must provide them (the asyncio variants,
    /// `redis.asyncio.Redis`, `motor`, `asyncpg`, come from other modules and are not listed).
    static let syncStoreClients: [String: String] = [
        "Redis": "redis", "StrictRedis": "redis", "from_url": "redis", "MongoClient": "pymongo", "connect": "psycopg2|pymysql|sqlite3|mysql.connector|psycopg",
        "Elasticsearch": "elasticsearch", "QdrantClient": "qdrant_client", "client": "boto3", "resource": "boto3",
    ]
    /// Model loading and other long synchronous work: any call whose last name is one of these.
    static let blockingLast: Set<String> = ["from_pretrained", "SentenceTransformer", "load_model", "torch.load"]

    /// `redis.Redis(…)`, `Redis(…)` imported from redis, `psycopg2.connect(…)`: a synchronous client (not the
    /// asyncio one of the same library).
    static func syncStoreClient(_ s: PythonScan, _ callee: String) -> Bool {
        // By the last name first: most calls are no client's (splitting each callee was a tenth of a Python scan).
        guard syncStoreClients[String(PyCallSite.lastComponent(of: callee))] != nil else { return false }
        let parts = callee.split(separator: ".").map(String.init)
        guard let last = parts.last, let modules = syncStoreClients[last]?.split(separator: "|").map(String.init) else { return false }
        let module = parts.count > 1 ? (s.structure.boundModules[parts.dropLast().joined(separator: ".")] ?? parts.dropLast().joined(separator: "."))
            : (s.structure.importedFrom[last] ?? "")
        return modules.contains(module)
    }

    static let taskMakers: Set<String> = ["create_task", "ensure_future"]

    public static func facts(_ s: PythonScan, app: AppFile) -> PythonAppFacts {
        var out = PythonAppFacts()
        // The fix writes `asyncio.wait_for`: only where `asyncio` is bound to the module itself.
        out.importsAsyncio = s.structure.boundModules["asyncio"] == "asyncio"
        let fns = s.structure.functions
        let byName = s.structure.functionsByName
        func fnName(_ i: Int) -> String? { let f = s.functionIndex(i); return f >= 0 ? fns[f].name : nil }

        // Tasks: name → (creating call, coroutine function, thread call); cancels: (function, name) → token.
        var tasks: [String: (call: PyCallSite, coroutine: String?, thread: (String, Range<Int>)?)] = [:]
        var cancels: [Int: [String: Int]] = [:]
        var syncClientVars: Set<String> = []
        for c in s.calls {
            let last = String(c.lastComponent)
            if taskMakers.contains(last) || last == "to_thread" || last == "run_in_executor", let v = s.assignedTo[c.first] {
                var coroutine: String?, thread: (String, Range<Int>)?
                if last == "to_thread" || last == "run_in_executor" { thread = (c.callee, s.byteRange(c.first..<(c.rparen + 1))) }
                if let arg = c.positional(0), s.tokens[arg.lowerBound].kind == .name {
                    if arg.count > 1, let inner = s.callAtFirst[arg.lowerBound] {
                        if inner.lastComponent == "to_thread" || inner.lastComponent == "run_in_executor" {
                            thread = (inner.callee, s.byteRange(inner.first..<(inner.rparen + 1)))
                        } else { coroutine = String(inner.lastComponent) }
                    }
                }
                tasks[v] = (c, coroutine, thread)
            }
            if c.callee.hasSuffix(".cancel"), c.args.isEmpty {
                let target = String(c.callee.dropLast(".cancel".count))
                cancels[s.functionIndex(c.first), default: [:]][target] = cancels[s.functionIndex(c.first)]?[target] ?? c.first
            }
            if syncClients.contains(c.callee) || syncStoreClient(s, c.callee), let v = s.assignedTo[c.first] { syncClientVars.insert(v) }
            if last == "register", c.callee.hasSuffix("faulthandler.register"), let sig = c.positional(0) {
                out.faultHandlers.append(.init(range: s.byteRange(c.first..<(c.rparen + 1)), signal: s.text(sig),
                                               chain: c.keyword("chain").flatMap(s.bool) ?? false))
            }
            if (last == "add_middleware" && c.positional(0).map({ s.text($0).hasSuffix("GZipMiddleware") }) == true)
                || (last == "Middleware" && c.positional(0).map({ s.text($0).hasSuffix("GZipMiddleware") }) == true)
                || last == "Compress" {
                out.compression = out.compression ?? s.byteRange(c.first..<(c.rparen + 1))
            }
        }
        for (k, t) in s.tokens.enumerated() {
            // `with httpx.Client() as client:` binds a sync client too.
            if t.text == "as", k + 1 < s.tokens.count, k >= 1, s.tokens[k - 1].text == ")" {
                let open = Int(s.structure.match[k - 1])
                if open > 0, let c = s.callAtParen[open], syncClients.contains(c.callee) { syncClientVars.insert(s.tokens[k + 1].text) }
            } else if t.kind == .string, t.text.hasSuffix("Middleware\"") || t.text.hasSuffix("Middleware'"),
                      let v = PythonScan.stringValue(t), let m = djangoCompression[v] {
                // Django settings: `MIDDLEWARE = [..., "django.middleware.gzip.GZipMiddleware"]` or `.insert(0, …)`.
                out.djangoCompression.append(CompressionUse(framework: m, range: t.start..<t.end, filter: .none))
            }
        }

        // Waits.
        func cancelContext(_ target: String?, at i: Int) -> String? {
            let f = s.functionIndex(i)
            if let target, let at = cancels[f]?[target], at < i {
                return "after \(target).cancel() at line \(s.file.position(of: s.tokens[at].start).line)"
            }
            for h in s.structure.handlers(holding: i) where h.function.map({ $0 == f }) ?? (f < 0) {
                if h.kind == .finally { return "in a finally block" }
                if h.catchesCancellation { return "in an except \(h.types.isEmpty ? "(bare)" : h.types) block" }
            }
            return nil
        }
        func timeout(_ r: Range<Int>?, _ f: Int) -> PythonAppFacts.Wait.Timeout {
            guard let r else { return .absent }
            if s.text(r) == "None" { return .none }
            if let n = s.number(r, function: f) { return .number(n.value, boundAt: n.boundAt.map(s.byteRange)) }
            return .unknown
        }
        func insertion(_ c: PyCallSite) -> (Int, Bool)? {
            // `asyncio.wait(t for t in ts)` cannot take another argument without parentheses.
            if c.args.count == 1, c.args[0].tokens.contains(where: { s.tokens[$0].text == "for" }) { return nil }
            var k = c.rparen - 1
            while k > c.lparen, s.tokens[k].kind == .comment { k -= 1 }
            return (s.tokens[k].end, k != c.lparen && s.tokens[k].text != ",")
        }
        func wait(_ kind: PythonAppFacts.Wait.Kind, _ c: PyCallSite?, at i: Int, target: String?, timeoutArg: Range<Int>?, range: Range<Int>, call: Range<Int>) {
            let f = s.functionIndex(i)
            guard let context = cancelContext(target, at: i) else { return }
            // Only a wait on one of this file's tasks, or on something this function cancelled, is a cancellation wait.
            guard let target, tasks[target] != nil || cancels[f]?[target] != nil || target.hasPrefix("self.") && context.hasPrefix("after") else { return }
            let task = tasks[target]
            // A task whose coroutine (in this file) only sleeps and moves items through asyncio queues, with no
            // try/finally of its own, ends at its next await once cancelled: waiting for it cannot hang.
            if let co = task?.coroutine, let fi = byName[co], promptlyCancellable(fi) { return }
            out.waits.append(.init(kind: kind, range: range, callRange: call, target: target, timeout: timeout(timeoutArg, f),
                                   timeoutRange: timeoutArg.map(s.byteRange), cancelContext: context, function: fnName(i),
                                   timeoutInsertion: c.flatMap(insertion), taskFunction: task?.coroutine,
                                   taskThread: task?.thread.map { ($0.0, $0.1) }))
        }
        func promptlyCancellable(_ fi: Int) -> Bool {
            let f = fns[fi]
            var k = f.bodyStart
            while k < min(f.bodyEnd, s.tokens.count) {
                let t = s.tokens[k]
                if t.kind == .name, ["try", "except", "finally", "with", "yield"].contains(t.text) { return false }
                if t.kind == .name, t.text == "await" {
                    guard k + 1 < s.tokens.count else { return false }
                    var e = k + 1
                    while e + 2 < s.tokens.count, s.tokens[e].kind == .name, s.tokens[e + 1].text == "." { e += 2 }
                    guard s.tokens[e].kind == .name, e + 1 < s.tokens.count, s.tokens[e + 1].text == "(" else { return false }
                    let first = s.tokens[k + 1].text, method = s.tokens[e].text
                    let asyncioCall = first == "asyncio" || s.structure.importedFrom[method] == "asyncio"
                    // A thread (`to_thread`, `run_in_executor`) outlives the cancel: CAN005 needs that wait.
                    if ["to_thread", "run_in_executor"].contains(method) { return false }
                    guard asyncioCall || ["put", "get", "wait", "sleep", "join"].contains(method) else { return false }
                }
                k += 1
            }
            return true
        }
        /// The task awaited in the body of `async with asyncio.timeout(…):` (the block after the call's line).
        var boundedAwaits: Set<Int> = []
        func awaitedTask(in c: PyCallSite) -> String? {
            var k = c.rparen + 1
            while k < s.tokens.count, s.tokens[k].kind != .newline { k += 1 }
            let indent = s.tokens[c.first].indent
            k += 1
            while k + 1 < s.tokens.count, !(s.structure.startsLine(k) && s.tokens[k].indent <= indent) {
                if s.tokens[k].text == "await", s.tokens[k + 1].kind == .name {
                    let name = s.tokens[k + 1].text
                    if tasks[name] != nil || cancels[s.functionIndex(k)]?[name] != nil {
                        // That `await task` is bounded by this timeout (unless it is None): not a wait of its own.
                        if let d = c.positional(0), s.text(d) != "None" { boundedAwaits.insert(k) }
                        return name
                    }
                }
                k += 1
            }
            return nil
        }
        for c in s.calls {
            let last = String(c.lastComponent)
            let fromAsyncio = c.callee.hasPrefix("asyncio.") || s.structure.importedFrom[last] == "asyncio"
            let whole = s.byteRange(c.first..<(c.rparen + 1))
            let name = s.tokens[c.first].start..<s.tokens[c.lparen - 1].end
            if last == "wait_for", fromAsyncio, let t = c.argument("fut", position: 0) {
                wait(.waitFor, c, at: c.first, target: s.text(t), timeoutArg: c.argument("timeout", position: 1), range: name, call: whole)
            } else if last == "timeout" || last == "timeout_at", fromAsyncio, let awaited = awaitedTask(in: c) {
                // Only `async with asyncio.timeout(X): await task` bounds a cancellation wait.
                wait(.timeout, nil, at: c.first, target: awaited, timeoutArg: c.positional(0) ?? c.keyword("delay"), range: name, call: whole)
            } else if last == "wait", fromAsyncio, let t = c.positional(0) {
                let names = t.filter { s.tokens[$0].kind == .name }.map { s.tokens[$0].text }
                wait(.wait, c, at: c.first, target: names.first { tasks[$0] != nil } ?? (names.count == 1 ? names[0] : nil),
                     timeoutArg: c.keyword("timeout"), range: name, call: whole)
            }
        }
        // `await task` (a bare name, or self.attr, ending the expression).
        for (k, t) in s.tokens.enumerated() where t.text == "await" && k + 1 < s.tokens.count && s.tokens[k + 1].kind == .name {
            var e = k + 2
            while e + 1 < s.tokens.count, s.tokens[e].text == ".", s.tokens[e + 1].kind == .name { e += 2 }
            guard e >= s.tokens.count || [")", ",", "\n", "]", "}"].contains(s.tokens[e].text) || s.tokens[e].kind == .comment || s.tokens[e].kind == .newline,
                  !boundedAwaits.contains(k) else { continue }
            let target = s.text((k + 1)..<e)
            wait(.await_, nil, at: k, target: target, timeoutArg: nil, range: s.byteRange(k..<e), call: s.byteRange(k..<e))
        }

        // Swallowed cancellation in stream generators and tasks.
        let waitStarts = Set(out.waits.map(\.callRange.lowerBound))
        var taskFunctions = Set(tasks.values.compactMap(\.coroutine))
        for r in app.responses { if let b = r.bodyFunction { taskFunctions.insert(b) } }
        for h in s.structure.handlers where h.catchesCancellation {
            guard let fi = h.function, fns[fi].isAsync, fns[fi].isGenerator || taskFunctions.contains(fns[fi].name) else { continue }
            let body = h.bodyStart..<h.bodyEnd
            if body.contains(where: { s.tokens[$0].text == "raise" && s.tokens[$0].kind == .name }) { continue }
            // `t.cancel(); try: await t / except CancelledError: pass` collects the task it cancelled: not a swallow.
            if h.tryToken >= 0, (h.tryToken..<h.keyword).contains(where: { k in
                guard s.tokens[k].text == "await" else { return false }
                if (k..<min(k + 4, s.tokens.count)).contains(where: { waitStarts.contains(s.tokens[$0].start) }) { return true }
                guard k + 1 < s.tokens.count, s.tokens[k + 1].kind == .name else { return false }
                let name = s.tokens[k + 1].text
                return cancels[fi]?[name].map { $0 < k } ?? false
            }) { continue }
            // A try body without an await point (`async for`/`async with` included) cannot receive a cancellation:
            // `except:` / `except Exception:` around `json.loads(...)` swallows nothing of the kind.
            if h.tryToken >= 0, !(h.tryToken..<h.keyword).contains(where: { k in
                s.tokens[k].kind == .name && (s.tokens[k].text == "await" || s.tokens[k].text == "async" || s.tokens[k].text == "yield")
            }) { continue }
            // The lifespan of an app (`@asynccontextmanager`), not a stream: at shutdown there is no client to leave.
            if fns[fi].decorators.contains(where: { s.text($0).contains("contextmanager") }) || fns[fi].name == "lifespan" { continue }
            // The handler is a stream generator's last statement, outside any loop, and only cleans up (no yield, no
            // await): swallowing ends the generator at once, so nothing keeps running after the client left. (A task
            // that swallows returns normally instead, which misleads wait_for: still reported.)
            if fns[fi].isGenerator, endsFunction(h, fi),
               !body.contains(where: { s.tokens[$0].kind == .name && (s.tokens[$0].text == "yield" || s.tokens[$0].text == "await") }) { continue }
            var colon = h.bodyStart - 1
            if colon < h.keyword { colon = h.keyword }
            out.swallows.append(.init(range: s.tokens[h.keyword].start..<s.tokens[colon].end, types: h.types, function: fns[fi].name))
        }

        func endsFunction(_ h: PyHandler, _ fi: Int) -> Bool {
            let f = fns[fi]
            guard h.tryToken >= 0 else { return false }
            var first = f.bodyStart
            while first < f.bodyEnd, s.tokens[first].kind == .newline || s.tokens[first].kind == .comment { first += 1 }
            guard first < s.tokens.count, s.tokens[h.tryToken].indent == s.tokens[first].indent else { return false }
            var k = h.bodyEnd
            while k < min(f.bodyEnd, s.tokens.count), s.tokens[k].kind == .newline || s.tokens[k].kind == .comment { k += 1 }
            return k >= min(f.bodyEnd, s.tokens.count)
        }

        /// A call inside a `lambda` (handed to a thread: `run_in_executor(None, lambda: requests.get(u))`) does not
        /// run on the event loop. Looks back within the statement, at most 64 tokens.
        func inLambda(_ i: Int) -> Bool {
            var k = i - 1
            while k >= 0, k >= i - 64, s.tokens[k].kind != .newline {
                if s.tokens[k].text == "lambda" { return true }
                k -= 1
            }
            return false
        }
        // Thread and blocking work.
        for c in s.calls {
            let f = s.functionIndex(c.first)
            let inAsync = f >= 0 && fns[f].isAsync
            let awaited = c.first > 0 && s.tokens[c.first - 1].text == "await"
            let call = PythonAppFacts.Call(call: c.callee, range: s.tokens[c.first].start..<s.tokens[c.lparen - 1].end, function: f >= 0 ? fns[f].name : nil, inAsync: inAsync)
            if c.lastComponent == "to_thread" || c.lastComponent == "run_in_executor" { out.threadCalls.append(call); continue }
            guard inAsync, !awaited, !inLambda(c.first) else { continue }
            let root = String(c.firstComponent)
            // Loading a model or opening a connection in the app's lifespan or startup hook happens before any stream.
            if f >= 0, fns[f].name == "lifespan" || fns[f].name.hasPrefix("startup") || fns[f].name.hasPrefix("on_startup")
                || fns[f].decorators.contains(where: { s.text($0).contains("contextmanager") || s.text($0).contains("on_event") }) { continue }
            if blocking.contains(c.callee) || blockingLast.contains(String(c.lastComponent)) || blockingLast.contains(c.callee)
                || (syncStoreClient(s, c.callee) && c.lastComponent == "connect")
                || (c.callee.contains(".") && syncClientVars.contains(root) && !syncClients.contains(c.callee))
                || (c.callee.hasPrefix("self.") && syncClientVars.contains(c.callee.split(separator: ".").prefix(2).joined(separator: "."))) {
                out.blockingCalls.append(call)
            }
        }

        // What each generator (and each response body function) emits.
        let wanted = Set(fns.filter(\.isGenerator).map(\.name)).union(taskFunctions)
        for name in wanted {
            guard let fi = byName[name] else { continue }
            out.generators[name] = generator(s, fi)
        }
        // Names defined more than once: each definition under its own key too (see AppResponse.bodyKey).
        var seen: [String: Int] = [:]
        for f in fns where wanted.contains(f.name) { seen[f.name, default: 0] += 1 }
        for (fi, f) in fns.enumerated() where (seen[f.name] ?? 0) > 1 { out.generators["\(f.name)#\(fi)"] = generator(s, fi) }
        return out
    }

    /// The text after `'key':` (or `"key":`) in an f-string's expression, spaces skipped.
    static func valueAfterKey(_ key: String, in text: String) -> Substring? {
        for quoted in ["'\(key)'", "\"\(key)\""] {
            guard let r = text.firstRange(of: quoted) else { continue }
            var rest = text[r.upperBound...].drop { $0 == " " }
            guard rest.first == ":" else { continue }
            rest = rest.dropFirst().drop { $0 == " " }
            return rest
        }
        return nil
    }

    /// Chunk iterators of HTTP client responses (httpx, aiohttp, requests).
    static let relayIterators: Set<String> = ["iter_any", "iter_chunked", "iter_chunks", "iter_content", "iter_bytes", "iter_raw",
                                              "iter_text", "iter_lines", "aiter_bytes", "aiter_raw", "aiter_text", "aiter_lines"]

    static let serialisers: Set<String> = ["dict", "model_dump", "model_dump_json", "to_dict", "to_json", "json"]

    /// `yield json.dumps(chunk.dict(), …)` / `yield chunk.model_dump_json()` on the yield's line, where `chunk` is a
    /// loop variable of `f`: the SDK's chat.completion.chunk object, serialised whole. The range of the yield line.
    static func sdkChunkSerialised(_ s: PythonScan, _ f: PyFunction, after k: Int) -> Range<Int>? {
        var j = k + 1
        while j + 3 < s.tokens.count, s.tokens[j].kind != .newline, j < k + 24 {
            if s.tokens[j].kind == .name, s.tokens[j + 1].text == ".", serialisers.contains(s.tokens[j + 2].text), s.tokens[j + 3].text == "(",
               j == 0 || s.tokens[j - 1].text != "." {
                let v = s.tokens[j].text
                let isLoopVar = (f.bodyStart..<min(f.bodyEnd, s.tokens.count)).contains { i in
                    s.tokens[i].text == "for" && i + 2 < s.tokens.count && s.tokens[i + 1].text == v && s.tokens[i + 2].text == "in"
                }
                if isLoopVar {
                    var e = j
                    while e + 1 < s.tokens.count, s.tokens[e + 1].kind != .newline { e += 1 }
                    return s.tokens[k].start..<s.tokens[e].end
                }
            }
            j += 1
        }
        return nil
    }

    /// The iterable at token `k` (ending at the loop's `:`) is an attribute of self or a parameter of `f`.
    static func iteratesGiven(_ s: PythonScan, _ f: PyFunction, _ k: Int) -> Bool {
        guard k + 1 < s.tokens.count, s.tokens[k].kind == .name else { return false }
        if s.tokens[k].text == "self", k + 3 < s.tokens.count, s.tokens[k + 1].text == ".", s.tokens[k + 2].kind == .name, s.tokens[k + 3].text == ":" { return true }
        guard s.tokens[k + 1].text == ":" else { return false }
        let name = s.tokens[k].text
        return (f.nameToken + 1..<f.bodyStart).contains { s.tokens[$0].kind == .name && s.tokens[$0].text == name }
    }

    static func generator(_ s: PythonScan, _ fi: Int) -> PythonAppFacts.Generator {
        let f = s.structure.functions[fi]
        var g = PythonAppFacts.Generator(name: f.name, isAsync: f.isAsync, nameRange: s.byteRange(f.nameToken..<(f.nameToken + 1)))
        var keys: Set<String> = []
        var longest: Double?
        var waits = false, literalYields = 0, commentYields = 0, yields = 0, timeoutHandler = false
        var waitForTimeout: Double?
        g.isGenerator = f.isGenerator
        let openAI = s.structure.importedFrom.values.contains { $0 == "openai" || $0.hasPrefix("openai.") }
        for k in f.bodyStart..<min(f.bodyEnd, s.tokens.count) where Int(s.structure.functionOf[k]) == fi {
            let t = s.tokens[k]
            if t.kind == .name {
                switch t.text {
                case "await", "for", "while", "async", "sleep", "with": waits = true
                case _ where k + 1 < s.tokens.count && s.tokens[k + 1].text == "(" && Self.mayBlock(s, k):
                    // A network or model call between the yields is a silence the stream must wait through.
                    waits = true
                case _ where Self.relayIterators.contains(t.text) && k > 0 && s.tokens[k - 1].text == "."
                        && k + 1 < s.tokens.count && s.tokens[k + 1].text == "(":
                    g.relaysUpstream = true
                    waits = true
                case "wait_for":
                    if let c = s.callAtParen[k + 1], let t = c.argument("timeout", position: 1), let n = s.number(t, function: fi) {
                        waitForTimeout = max(waitForTimeout ?? 0, n.value)
                    }
                case "yield":
                    yields += 1
                    if g.sdkChunkYield == nil, openAI, let r = Self.sdkChunkSerialised(s, f, after: k) { g.sdkChunkYield = r }
                    // `yield "data: …"` (a literal, maybe joined with formatting of values at hand).
                    if k + 1 < s.tokens.count, s.tokens[k + 1].kind == .string {
                        literalYields += 1
                        if PythonScan.stringValue(s.tokens[k + 1])?.hasPrefix(":") == true { commentYields += 1 }
                    }
                case "TimeoutError":
                    // `except asyncio.TimeoutError:` whose body yields (an event each time the wait times out).
                    if let h = s.structure.handlers.first(where: { $0.keyword < k && k < $0.bodyStart && $0.function == fi }),
                       (h.bodyStart..<min(h.bodyEnd, s.tokens.count)).contains(where: { s.tokens[$0].kind == .name && s.tokens[$0].text == "yield" }) {
                        timeoutHandler = true
                    }
                case "in" where k >= 2 && s.tokens[k - 2].text == "for" && Self.iteratesGiven(s, f, k + 1):
                    // `for e in self.generator:` / `for e in events:` (a parameter): the events come from the caller.
                    g.delegatesToApp = true
                case "in" where k >= 2 && s.tokens[k - 2].text == "for" && k >= 3 && s.tokens[k - 3].text == "async":
                    // `async for e in helper(…)` with helper imported from the app's own modules.
                    if k + 2 < s.tokens.count, s.tokens[k + 1].kind == .name, s.tokens[k + 2].text == "(",
                       let module = s.structure.importedFrom[s.tokens[k + 1].text], Self.isAppModule(module) {
                        g.delegatesToApp = true
                    }
                default: break
                }
            }
            if t.kind == .string, let v = PythonScan.stringValue(t) {
                if v.hasPrefix(":") { g.emitsComment = true }
                if v.hasPrefix("data:") || v.contains("\\ndata:") || v.hasPrefix("event:") { g.emitsSSEData = true }
                if v.contains("chat.completion.chunk") { g.openAIChunks = true }
                if v.contains("[DONE]") { g.emitsDone = true }
                keys.insert(v)
                // Keys written inside an f-string's expressions: f"data: {json.dumps({'error': x})}".
                if t.text.first.map({ $0 == "f" || $0 == "F" }) == true || t.text.prefix(2).lowercased().contains("f") {
                    for key in ["choices", "delta"] where v.contains("'\(key)'") || v.contains("\"\(key)\"") { keys.insert(key) }
                    if let value = valueAfterKey("error", in: v), !["None", "False", "0", "\"\"", "''"].contains(where: { value.hasPrefix($0) }) {
                        g.errorEvents.append(t.start..<t.end)
                    }
                    if let value = valueAfterKey("type", in: v), value.hasPrefix("'done'") || value.hasPrefix("\"done\"") { g.jsonDone = g.jsonDone ?? t.start..<t.end }
                }
                // {"error": value}: truthy unless None/False/""/0.
                if v == "error", k + 2 < s.tokens.count, s.tokens[k + 1].text == ":", s.tokens[k].depth > 0 {
                    let value = s.tokens[k + 2]
                    if !["None", "False", "0", "\"\"", "''"].contains(value.text) { g.errorEvents.append(t.start..<value.end) }
                }
                if v == "type", k + 2 < s.tokens.count, s.tokens[k + 1].text == ":", PythonScan.stringValue(s.tokens[k + 2]) == "done" {
                    g.jsonDone = g.jsonDone ?? t.start..<s.tokens[k + 2].end
                }
            }
            if t.kind == .name, t.text == "comment", k + 1 < s.tokens.count, s.tokens[k + 1].text == "=" { g.emitsComment = true }
            if t.text == "sleep" || t.text == "timeout", let c = s.callAtParen[k + 1],
               let arg = c.argument("delay", position: 0), let n = s.number(arg, function: fi) {
                longest = max(longest ?? 0, n.value)
            }
            if t.text == "timeout", k + 2 < s.tokens.count, s.tokens[k + 1].text == "=", let n = s.number((k + 2)..<(k + 3), function: fi) {
                longest = max(longest ?? 0, n.value)
            }
        }
        // An error event sent from a handler of a real failure (`except Exception`, `except httpx.HTTPError`) is what
        // PY005's fix asks for; one from a cancellation handler is not a failure the client should see.
        g.errorEvents.removeAll { e in
            guard let h = s.structure.handlers.last(where: { h in
                h.kind == .except && h.function == fi && h.bodyStart < s.tokens.count && s.tokens[h.bodyStart].start <= e.lowerBound
                    && (h.bodyEnd >= s.tokens.count || e.lowerBound < s.tokens[h.bodyEnd].start)
            }) else { return false }
            // A bare `except:` or `except BaseException` catches the cancellation too.
            return !(h.types.isEmpty || h.types.contains("BaseException") || h.types.contains("Cancel") || h.types.contains("GeneratorExit")
                     || h.types.contains("KeyboardInterrupt"))
        }
        if keys.contains("choices") && keys.contains("delta") { g.openAIChunks = true }
        if g.sdkChunkYield != nil { g.openAIChunks = true }
        // A loop that keeps sending comments; a single `yield ": ping"` stands for a stream in examples.
        g.commentsOnly = yields > 0 && commentYields == yields && waits
        g.sendsOnTimeout = timeoutHandler && waitForTimeout != nil
        if g.sendsOnTimeout { g.heartbeatSeconds = waitForTimeout }
        else if g.emitsComment { g.heartbeatSeconds = longest ?? 15 }
        // A heartbeat comment means the generator stands for a stream, even when it has nothing to wait on here.
        g.yieldsAtOnce = !waits && yields > 0 && literalYields == yields && !g.emitsComment
        return g
    }

    /// A call that may take long: the known blocking calls, HTTP clients, and SDK clients (`client.…`, `openai.…`).
    static func mayBlock(_ s: PythonScan, _ k: Int) -> Bool {
        guard let c = s.callAtParen[k + 1] else { return false }
        let callee = c.callee.lowercased()
        return blocking.contains(c.callee) || ["requests.", "httpx.", "urllib", "openai.", "anthropic.", "litellm.", "client.", "session.",
                                               "llm.", "model.", "agent.", "chain.", "graph."].contains { callee.hasPrefix($0) || callee.contains("." + $0) }
    }

    /// A module of the app itself rather than a library: relative imports, and packages that are not the usual
    /// LLM SDKs and HTTP clients (whose streams carry no heartbeat of their own).
    static func isAppModule(_ module: String) -> Bool {
        if module.hasPrefix(".") { return true }
        let top = module.split(separator: ".").first.map(String.init) ?? module
        let libraries: Set<String> = ["openai", "anthropic", "litellm", "langchain", "langchain_core", "langchain_openai",
            "langchain_community", "langgraph", "llama_index", "httpx", "aiohttp", "requests", "google", "vertexai", "groq",
            "mistralai", "cohere", "ollama", "boto3", "aiobotocore", "transformers", "vllm", "huggingface_hub", "together",
            "asyncio", "itertools", "starlette", "fastapi", "sse_starlette", "redis", "aioredis", "websockets"]
        return !libraries.contains(top) && !top.hasPrefix("langchain") && !top.hasPrefix("llama_index")
    }
}
