import SSELintCore
import SSELintShell

/// Launches written in Python: `gunicorn.conf.py` settings and `uvicorn.run(...)` / `uvicorn.Config(...)` calls,
/// turned into the same server model as command lines (words located at the settings that set them; their
/// ranges are not command words, so fixes come from the rules that know Python, not from word removal).
public enum PythonLaunch {
    /// A setting or argument: its option name as on the command line, its value, and where it is written.
    public struct Setting: Sendable {
        public let flag: String
        public let value: String?
        public let range: Range<Int>
        public init(flag: String, value: String?, range: Range<Int>) { self.flag = flag; self.value = value; self.range = range }
    }

    public static func command(_ f: SourceFile, carrier: Carrier, place: String, server: String, nameRange: Range<Int>,
                               app: Range<Int>?, settings: [Setting]) -> LaunchCommand {
        var words = [ShellWord(literal: server, start: nameRange.lowerBound, end: nameRange.upperBound)]
        if let app { words.append(ShellWord(literal: f.text(app), start: app.lowerBound, end: app.upperBound)) }
        for s in settings {
            words.append(ShellWord(literal: s.flag, start: s.range.lowerBound, end: s.range.upperBound))
            if let v = s.value { words.append(ShellWord(literal: v, start: s.range.lowerBound, end: s.range.upperBound)) }
        }
        var lc = LaunchCommand(file: f, carrier: carrier, place: place, command: ShellCommand(words: words), env: [:])
        lc.exactOffsets = false
        return lc
    }
}

/// Facts from one Python file that the RUN rules read.
public struct PythonFacts: Sendable {
    /// `uvicorn.run(...)` / `uvicorn.Config(...)`.
    public struct UvicornRun: Sendable {
        /// `uvicorn.run` / `run` (the CLI-like entry) or `uvicorn.Config`.
        public let callee: String
        public let call: Range<Int>
        /// The app argument is an import string ("pkg.mod:app"), as reload and workers require.
        public let appIsString: Bool
        public let appRange: Range<Int>?
        /// `reload=True`: the keyword's range, and the range to delete to remove it with its comma.
        public let reload: (range: Range<Int>, removal: Range<Int>)?
        public let workers: (value: Int, range: Range<Int>)?
        public let inMainGuard: Bool
    }
    public var uvicornRuns: [UvicornRun] = []
    /// `reload=settings.reload` keyword offset → where the settings class defaults it to True.
    public var reloadDefaults: [Int: SourceRange] = [:]
    /// `FastAPI(debug=True)` / `Starlette(debug=True)`: the range of `True`.
    public var debugApps: [(app: String, value: Range<Int>)] = []
}

import SSELintSource

extension PythonLaunch {
    public static func isGunicornConfig(_ path: String) -> Bool {
        let n = Path.basename(path).lowercased()
        return n.hasSuffix(".py") && n.contains("gunicorn")
    }

    /// A Python file: a gunicorn config, and/or uvicorn.run calls, debug apps and blocking calls.
    public static func parse(_ f: SourceFile, tokens given: [PyToken]? = nil) -> Result<LaunchFile, InputError> {
        let tokens = given ?? PythonTokenizer.tokenize(f)
        var commands: [LaunchCommand] = []
        var facts = PythonFacts()
        func literal(_ ts: [PyToken]) -> String? { ts.count == 1 ? ts[0].text : nil }
        /// `name: bool = True` / `name = True` in a class body of this file: where it is written.
        func trueDefault(_ name: String) -> SourceRange? {
            for (k, t) in tokens.enumerated() where t.kind == .name && t.text == name && t.depth == 0 && t.indent > 0
                && (k == 0 || tokens[k - 1].kind == .newline) {
                var j = k + 1
                while j < tokens.count, tokens[j].kind != .newline, tokens[j].text != "=" { j += 1 }
                // A class attribute written with its type (`reload: bool = True`) and nothing after the value.
                if j + 2 < tokens.count, tokens[j].text == "=", tokens[j + 1].text == "True", tokens[j + 2].kind == .newline || tokens[j + 2].kind == .comment,
                   k + 1 < tokens.count, tokens[k + 1].text == ":" {
                    return SourceRange(file: f, start: t.start, end: tokens[j + 1].end)
                }
            }
            return nil
        }
        func range(_ ts: [PyToken]) -> Range<Int> { ts.first!.start..<ts.last!.end }

        if isGunicornConfig(f.path) {
            var settings: [Setting] = []
            let map = ["workers": "--workers", "worker_class": "--worker-class", "timeout": "--timeout",
                       "graceful_timeout": "--graceful-timeout", "loglevel": "--log-level", "bind": "--bind"]
            var first: Range<Int>?
            for (name, value) in PythonCalls.assignments(tokens) where !value.isEmpty {
                let r = name.start..<value.last!.end
                if name.text == "reload", literal(value) == "True" { settings.append(Setting(flag: "--reload", value: nil, range: r)); first = first ?? r }
                if let flag = map[name.text], var v = literal(value) {
                    if v.hasPrefix("\"") || v.hasPrefix("'") { v = String(v.dropFirst().dropLast()) }
                    settings.append(Setting(flag: flag, value: v, range: r)); first = first ?? r
                }
            }
            if let first {
                commands.append(command(f, carrier: .gunicornConfig, place: "settings", server: "gunicorn", nameRange: first, app: nil, settings: settings))
            }
        }
        let importsRun = tokens.indices.contains { i in
            tokens[i].text == "from" && i + 3 < tokens.count && tokens[i + 1].text == "uvicorn" && tokens[i + 2].text == "import" && tokens[i + 3].text == "run"
        }
        let calls = PythonCalls.find(tokens) { c in
            c == "uvicorn.run" || c == "uvicorn.Config" || (importsRun && c == "run") || c == "FastAPI" || c == "Starlette"
                || c == "fastapi.FastAPI"
        }
        for call in calls {
            if call.callee.hasSuffix("FastAPI") || call.callee == "Starlette" {
                if let d = call.keywords.first(where: { $0.name == "debug" }), literal(d.value) == "True" {
                    facts.debugApps.append((call.callee, range(d.value)))
                }
                continue
            }
            var settings: [Setting] = []
            var reload: (Range<Int>, Range<Int>)?
            var workers: (Int, Range<Int>)?
            let flags = ["workers": "--workers", "timeout_graceful_shutdown": "--timeout-graceful-shutdown",
                         "limit_concurrency": "--limit-concurrency", "log_level": "--log-level", "http": "--http"]
            for kw in call.keywords where !kw.value.isEmpty {
                let r = kw.nameToken.start..<kw.value.last!.end
                // `reload=settings.reload` where the settings class in this file defaults it to True: a reload
                // unless the environment says otherwise. Reported, but not removed (the setting stays the user's).
                if kw.name == "reload", kw.value.count == 3, kw.value[1].text == ".", let at = trueDefault(kw.value[2].text) {
                    settings.append(Setting(flag: "--reload", value: nil, range: r))
                    reload = (r, r.lowerBound..<r.lowerBound)
                    facts.reloadDefaults[r.lowerBound] = at
                }
                if kw.name == "reload", literal(kw.value) == "True" {
                    settings.append(Setting(flag: "--reload", value: nil, range: r))
                    // Remove ", reload=True" (or "reload=True, " when it comes first).
                    // The argument just before it in the source (positional arguments may follow keywords in
                    // code being typed, so order is by position, not by kind).
                    let before = (call.positional.compactMap { $0.last?.end } + call.keywords.compactMap { $0.value.last?.end })
                        .filter { $0 <= r.lowerBound }.max()
                    var removal = (before ?? r.lowerBound)..<r.upperBound
                    if before == nil {
                        var e = r.upperBound
                        while e < f.bytes.count, f.bytes[e] == UInt8(ascii: ",") || f.bytes[e] == 0x20 { e += 1 }
                        removal = r.lowerBound..<e
                    }
                    reload = (r, removal)
                }
                if let flag = flags[kw.name], var v = literal(kw.value) {
                    if v.hasPrefix("\"") || v.hasPrefix("'") { v = String(v.dropFirst().dropLast()) }
                    settings.append(Setting(flag: flag, value: v, range: r))
                    if kw.name == "workers", let n = Int(v) { workers = (n, r) }
                }
            }
            let app = call.positional.first ?? call.keywords.first(where: { $0.name == "app" })?.value
            let appIsString = app.map { $0.count == 1 && $0[0].kind == .string } ?? false
            facts.uvicornRuns.append(PythonFacts.UvicornRun(callee: call.callee, call: call.nameRange, appIsString: appIsString, appRange: app.map(range),
                                                           reload: reload.map { (range: $0.0, removal: $0.1) },
                                                           workers: workers.map { (value: $0.0, range: $0.1) }, inMainGuard: call.inMainGuard))
            commands.append(command(f, carrier: .python, place: call.callee + "()", server: "uvicorn", nameRange: call.nameRange,
                                    app: app.map(range), settings: settings))
        }
        var file = LaunchFile(source: f, carrier: isGunicornConfig(f.path) ? .gunicornConfig : .python, commands: commands,
                              comments: tokens.filter { $0.kind == .comment }.map { Comment(text: $0.text, start: $0.start, end: $0.end) })
        file.python = facts
        return .success(file)
    }
}
