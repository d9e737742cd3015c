import SSELintCore
import SSELintNginx

/// Everything the NGX rules share about one resolved config, computed in one walk: the scope tree, every
/// location, and which locations serve SSE and why.
public final class NginxAnalysis {
    public let config: ResolvedConfig
    public let root: NginxScope
    public let scopes: [NginxScope]
    public let locations: [NginxScope]
    public let sseLocations: [SSELocation]
    public let settings: Settings
    /// App code was scanned in this run (so "no app facts" means no route matched, not "not scanned").
    public let appScanned: Bool

    /// `concurrently`: a large config, its locations classified on every core (not with app facts: the app's route
    /// lookup keeps a memo and is asked from one thread).
    public init(config: ResolvedConfig, settings: Settings, app: AppKnowledge? = nil, concurrently: Bool = false) {
        self.config = config
        self.settings = settings
        appScanned = app != nil
        root = NginxScope.build(config)
        scopes = [root] + root.descendants
        locations = scopes.filter { $0.kind == "location" }
        // `upstream NAME { server host:port; }` blocks, for the cross-file model's port matching.
        var upstreams: [String: [String]] = [:]
        if app != nil {
            var stack = config.directives
            while let d = stack.popLast() {
                guard let block = d.block else { continue }
                if d.name == "upstream", let name = d.arg(0) { upstreams[name] = block.filter { $0.name == "server" }.compactMap { $0.arg(0) } }
                else { stack += block }
            }
        }
        let split = concurrently && app == nil
        // In a few pieces taken by whichever core is free (two fixed halves waited for the slower core), each with its
        // own detector: a detector keeps its answers and is used from one thread.
        let pieces = split ? 4 : 1
        let detector = SSEDetector(settings: settings, app: app, upstreams: upstreams)
        let locations = self.locations
        let found = Parallel.map(Array(0..<pieces), minimum: 2) { k -> [SSELocation] in
            let d = k == 0 ? detector : SSEDetector(settings: settings, app: app, upstreams: upstreams)
            return locations[locations.count * k / pieces..<locations.count * (k + 1) / pieces].compactMap { d.classify($0) }
        }
        sseLocations = Array(found.joined())
        // Decided here, before any rule runs: the rules may run concurrently, and they only read.
        let sse = sseLocations
        _ = Parallel.map(Array(0..<pieces), minimum: 2) { k in
            for loc in sse[sse.count * k / pieces..<sse.count * (k + 1) / pieces] { loc.bufferingFires = self.bufferingVerdict(loc) != nil }
        }
    }

    /// nginx talks HTTP/1.1 to upstreams by default from 1.29.7 on; older or unknown versions use 1.0.
    public var http11ByDefault: Bool {
        guard let v = settings.nginxVersion else { return false }
        return v >= NginxVersion.http11Default
    }

    /// The image that runs the config does not pin the nginx version: HTTP/1.0 or 1.1 to upstreams is unknown.
    public var versionUnpinned: String? { settings.nginxVersion == nil ? settings.nginxVersionUnpinned : nil }

    /// Which nginx the verdicts assume, for messages: "nginx 1.26.3 (image nginx:1.26.3-alpine at compose.yaml:4)".
    public var versionText: String {
        if let v = settings.nginxVersion { return "nginx \(v)" + (settings.nginxVersionSource.map { " (\($0))" } ?? "") }
        if let u = versionUnpinned { return "an unpinned nginx version (\(u))" }
        return "nginx before 1.29.7 (assumed: no --nginx-version and no versioned nginx image in the tree)"
    }

}

/// A location that proxies to an upstream and serves SSE, with the reason it counts as SSE.
/// A class: every NGX rule walks the SSE locations, and copying the fields of each (its app facts among them) was
/// a tenth of the rules' retains.
public final class SSELocation {
    init(scope: NginxScope, pass: NginxDirective, module: String, reason: String, app: AppRouteFacts?) {
        self.scope = scope; self.pass = pass; self.module = module; self.reason = reason; self.app = app
    }
    public let scope: NginxScope
    /// The `*_pass` directive (in the location or its `if`/`limit_except` blocks).
    public let pass: NginxDirective
    /// "proxy", "uwsgi", "fastcgi" or "scgi": the prefix of the module's directives.
    public let module: String
    public let reason: String
    public let app: AppRouteFacts?
    /// Whether NGX001 reports this location (`NginxAnalysis.ngx001Fires`); set once by the analysis.
    public internal(set) var bufferingFires = false

    public var location: NginxDirective { scope.directive! }
    /// The media types its streams are sent as: text/event-stream, and those of text streams counted as SSE.
    public var mediaTypes: [String] {
        ["text/event-stream"] + (app?.textStreams.map { $0.mediaType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? "" } ?? [])
    }
    /// The location's path argument (`/api/chat`, a regex, or `@name`).
    public var path: String { location.args.last?.value ?? "" }
    /// The message suffix naming why this location is judged as SSE.
    public var because: String { "(SSE endpoint: \(reason))" }

    public func effective(_ suffix: String, default value: [String]) -> EffectiveValue {
        scope.effective(name(suffix), default: value)
    }
    /// The module's directive `<module>_<suffix>` ("proxy_buffering"): a literal for proxy's common ones (several
    /// rules ask for every location, and building the name was a String made each time).
    public func name(_ suffix: String) -> String { Self.name(module, suffix) }
    public static func name(_ module: String, _ suffix: String) -> String {
        guard module == "proxy" else { return "\(module)_\(suffix)" }
        switch suffix {
        case "buffering": return "proxy_buffering"
        case "ignore_headers": return "proxy_ignore_headers"
        case "read_timeout": return "proxy_read_timeout"
        case "cache": return "proxy_cache"
        case "http_version": return "proxy_http_version"
        case "request_buffering": return "proxy_request_buffering"
        default: return "proxy_\(suffix)"
        }
    }
    /// The effective `*_buffering` of this location.
    public var buffering: EffectiveValue { effective("buffering", default: ["on"]) }
}

public final class SSEDetector {
    let settings: Settings
    let app: AppKnowledge?
    let upstreams: [String: [String]]

    /// The configured patterns, split into words once.
    private let patterns: [(text: String, words: [[UInt8]])]

    init(settings: Settings, app: AppKnowledge?, upstreams: [String: [String]] = [:]) {
        self.settings = settings; self.app = app; self.upstreams = upstreams
        patterns = settings.ssePaths.compactMap { p in
            let w = SSEDetector.words(p)
            return w.ranges.isEmpty ? nil : (p, w.ranges.map { Array(w.lower[$0]) })
        }
    }
    static let bufferingDirectives: Set<String> = ["proxy_buffering", "uwsgi_buffering", "fastcgi_buffering", "scgi_buffering"]
    // Names compared by key where every location is looked at (a String comparison per directive otherwise).
    private static let key = NginxNames.knownKey
    static let bufferingKeys = Set(bufferingDirectives.map(key))
    static let proxySetHeader = key("proxy_set_header"), proxyForceRanges = key("proxy_force_ranges"),
               proxyReadTimeout = key("proxy_read_timeout")
    static let rangeBlocks: Set<Int32> = [key("slice"), key("mp4"), key("flv")]
    /// The names `servesDownloads` reads.
    static let downloadKeys = [proxySetHeader, proxyForceRanges] + rangeBlocks.sorted()
    public static let passes: [(String, String)] = [("proxy_pass", "proxy"), ("uwsgi_pass", "uwsgi"),
                                             ("fastcgi_pass", "fastcgi"), ("scgi_pass", "scgi")]

    /// The location's `*_pass` (in it or its `if`/`limit_except` blocks) and the module whose directives apply.
    public static func pass(of scope: NginxScope) -> (directive: NginxDirective, module: String)? {
        for (key, module) in passKeys {
            if let d = scope.firstIncludingConditionals(key: key) { return (d, module) }
        }
        return nil
    }
    private static let passKeys = passes.map { (NginxNames.knownKey($0.0), $0.1) }

    func classify(_ scope: NginxScope) -> SSELocation? {
        guard let loc = scope.directive, let (passDirective, module) = SSEDetector.pass(of: scope) else { return nil }
        let path = loc.args.last?.value ?? ""
        // 1. the scanned app says so
        var facts: AppRouteFacts?
        if let app, let target = passDirective.arg(0) {
            let host = target.split(separator: "/").dropFirst(target.contains("://") ? 1 : 0).first.map(String.init) ?? target
            let siblings = (scope.parent?.children ?? [scope]).filter { $0.kind == "location" }.compactMap { $0.directive?.args.map(\.value) }
            facts = app.route(upstream: target, servers: upstreams[host] ?? [], location: loc.args.map(\.value), siblings: siblings)
            if let f = facts, f.servesSSE {
                let at = f.evidence.map { " at \($0.shortLocation)" } ?? ""
                // Only text streams whose path names a stream (no text/event-stream route) say so by that path.
                let text = f.textStreams.first.map { "streams \($0.mediaType) on \($0.path), a path that names a stream" }
                let reason: String
                if f.evidence == nil, let text { reason = "the app \(text) (\(f.related.first?.range.shortLocation ?? "?"))" }
                else { reason = "the app serves text/event-stream\(at)\(text.map { " and \($0)" } ?? "")" }
                return SSELocation(scope: scope, pass: passDirective, module: module, reason: reason, app: f)
            }
        }
        // Media and object downloads: byte ranges or an object store behind the location. A path word "stream"
        // (`/cloud-stream/` for video) or unbuffered proxying (large downloads) says nothing about events there.
        if servesDownloads(scope, pass: passDirective) { return nil }
        // 2. a configured path pattern (a route whose stream is built where the scanner cannot see still counts)
        if let p = matchPattern(path) {
            return SSELocation(scope: scope, pass: passDirective, module: module, reason: p, app: facts)
        }
        // The scanned app answers this location's routes and none of them streams: a long timeout or unbuffered
        // proxying written here serves something else (an admin, an OAuth flow, uploads).
        if let f = facts, !f.servesSSE, !f.matchedRoutes.isEmpty { return nil }
        // 3. the config itself says so. A long read timeout alone is weak evidence (uploads, OAuth flows and slow JSON
        // queries have one too; on real repositories it never marked a stream): it counts only when no app code was
        // scanned to say which routes stream.
        if let h = hint(scope, module: module), !(h.hasPrefix("proxy_read_timeout") && app?.servesSSE != nil) {
            return SSELocation(scope: scope, pass: passDirective, module: module, reason: h, app: facts)
        }
        return nil
    }

    static let objectStores = ["minio", "s3", "seaweedfs", "rustfs", "garage", "ceph", "azurite", "storage.googleapis.com"]
    /// The same, split once: host-name words, and domains matched as a suffix.
    static let objectStoreWords = Set(objectStores.filter { !$0.utf8.contains(0x2E) })
    static let objectStoreDomains = objectStores.filter { $0.utf8.contains(0x2E) }
    static let objectStoreWordBytes = objectStoreWords.map { Array($0.utf8) }
    static let objectStoreDomainBytes = objectStoreDomains.map { Array($0.utf8) }

    /// The location forwards byte ranges (`proxy_set_header Range`, `slice`, `mp4`, `proxy_force_ranges`) or proxies an
    /// object store (MinIO, S3 and the like): it serves files and media, not event streams.
    func servesDownloads(_ scope: NginxScope, pass: NginxDirective) -> Bool {
        // One pass over the level's directives (a lookup per name was a third of classifying a location).
        var forceRangesSeen = false, ranges = false
        scope.forEachSimple(keyedIn: Self.downloadKeys) { d in
            let k = d.nameKey
            guard !ranges else { return }
            if k == Self.proxySetHeader {
                if d.arg(0)?.equalsASCIICaseInsensitive("range") == true { ranges = true }
            } else if Self.rangeBlocks.contains(k) {
                ranges = true
            } else if k == Self.proxyForceRanges, !forceRangesSeen {
                // The first one counts, as before.
                forceRangesSeen = true
                if d.arg(0) == "on" { ranges = true }
            }
        }
        if ranges { return true }
        guard let target = pass.arg(0) else { return false }
        return objectStoreTargets.value(target, SSEDetector.isObjectStore)
    }

    /// Pass targets answered once each (every server of a generated config names the same few).
    private let objectStoreTargets = Memo<Bool>()

    /// Whether a pass target's host is an object store.
    private static func isObjectStore(_ target: String) -> Bool {
        // The host, by bytes (Foundation's range(of:) cost a tenth of a large config's run here).
        let b = Array(target.utf8)
        var from = 0
        if b.count >= 3 { for i in 0..<(b.count - 2) where b[i] == 0x3A && b[i + 1] == 0x2F && b[i + 2] == 0x2F { from = i + 3; break } }
        var to = from
        while to < b.count, b[to] != 0x2F, b[to] != 0x3A { to += 1 }
        let host = b[from..<to].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        // Host words compared as bytes (a String per word was most of this check's time).
        var start = 0
        for i in 0...host.count where i == host.count || host[i] == 0x2E || host[i] == 0x2D || host[i] == 0x5F {
            if i > start, objectStoreWordBytes.contains(where: { $0.elementsEqual(host[start..<i]) }) { return true }
            start = i + 1
        }
        return objectStoreDomainBytes.contains { d in host.count >= d.count && host[(host.count - d.count)...].elementsEqual(d) }
    }

    /// Words of a location path, regex syntax dropped: `~ ^/api/(chat|stream)$` → api, chat, stream; as ranges of the
    /// path's bytes, ASCII-lowercased (a String per word was a fifth of classifying a large config's locations).
    static func words(_ path: String) -> (lower: [UInt8], ranges: [Range<Int>]) {
        let lower = path.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        var ranges: [Range<Int>] = []
        var start = -1
        for (i, c) in lower.enumerated() {
            let keep = (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x5F || c == 0x2E || c >= 0x80
            if keep { if start < 0 { start = i } } else if start >= 0 { ranges.append(start..<i); start = -1 }
        }
        if start >= 0 { ranges.append(start..<lower.count) }
        return (lower, ranges)
    }

    /// A matcher for route paths that name a stream, by the configured patterns (for the app model).
    public static func streamPathMatcher(_ settings: Settings) -> (String) -> Bool {
        let d = SSEDetector(settings: settings, app: nil)
        // Without the detector's memo: this matcher may be called from rules running on several cores.
        return { d.matchPatternOnce($0) != nil }
    }

    /// Location paths answered once each (a generated config repeats its locations in every server).
    private let patternAnswers = Memo<String?>()

    func matchPattern(_ path: String) -> String? { patternAnswers.value(path, matchPatternOnce) }

    func matchPatternOnce(_ path: String) -> String? {
        let (lower, segs) = SSEDetector.words(path)
        guard !segs.isEmpty else { return nil }
        for (pattern, p) in patterns where p.count <= segs.count {
            for i in 0...(segs.count - p.count) where zip(segs[i..<i + p.count], p).allSatisfy({ lower[$0].elementsEqual($1) }) {
                return "path matches the SSE pattern \(pattern)"
            }
        }
        // Any path word containing "stream", or "sse" as a word or at a word's edge (`/sse-events`,
        // `/chatsse`) but not inside one (`/assets`, `/passes`).
        for seg in segs {
            var w = seg.lowerBound
            for i in seg.lowerBound...seg.upperBound where i == seg.upperBound || lower[i] == 0x2D || lower[i] == 0x5F || lower[i] == 0x2E {
                let word = lower[w..<i]
                if word.containsBytes(Self.stream) || word.starts(with: Self.sse) || word.reversed().starts(with: Self.sse.reversed()) {
                    return "path segment \"\(String(decoding: lower[seg], as: UTF8.self))\" names a stream"
                }
                w = i + 1
            }
        }
        return nil
    }

    private static let stream = Array("stream".utf8), sse = Array("sse".utf8)

    /// `*_buffering off`, an `X-Accel-Buffering` or `text/event-stream` mention, or a read timeout above 60 s written
    /// in the location itself (its `if`/`limit_except` blocks and the snippets it includes count as the location).
    /// A hint inherited from the server or http level does not count: a server-wide `proxy_buffering off` says
    /// nothing about `/health` or `/static/` (on real repositories, inherited hints made most wrong nginx findings).
    /// A WebSocket location is not SSE by hint alone: its long timeout and unbuffered proxying serve the socket.
    func hint(_ scope: NginxScope, module: String) -> String? {
        // A level without `if`/`limit_except` blocks is read in one pass where it lies, while its directives' start
        // offsets do not decrease (compared across files, as `inSourceOrder` does; a list of them made for every
        // location was half of this check).
        if !scope.hasConditionals {
            var inOrder = true, webSocket = false, prev = Int.min
            var strong: String?, weak: String?
            scope.forEachSimple { d in
                guard inOrder, !webSocket else { return }
                if d.start < prev { inOrder = false; return }
                prev = d.start
                if SSEDetector.upgradesToWebSocket(d) { webSocket = true; return }
                guard strong == nil, let h = SSEDetector.hint(in: d) else { return }
                if h.strong { strong = h.text } else { weak = weak ?? h.text }
            }
            if inOrder { return webSocket ? nil : strong ?? weak }
        }
        let own = allIn(scope)
        if own.contains(where: SSEDetector.upgradesToWebSocket) { return nil }
        return hintIn(own)
    }

    /// `proxy_set_header Upgrade $http_upgrade` (or a literal `websocket`): the location proxies WebSockets.
    static func upgradesToWebSocket(_ d: NginxDirective) -> Bool {
        guard d.nameKey == proxySetHeader, d.arg(0)?.equalsASCIICaseInsensitive("upgrade") == true, let v = d.arg(1) else { return false }
        return v.containsASCIICaseInsensitive("http_upgrade") || v.containsASCIICaseInsensitive("websocket")
    }

    /// The strongest hint: buffering off or an SSE header first, a long read timeout (weak) only when nothing else.
    private func hintIn(_ directives: [NginxDirective]) -> String? {
        var weak: String?
        for d in directives {
            guard let h = SSEDetector.hint(in: d) else { continue }
            if h.strong { return h.text }
            weak = weak ?? h.text
        }
        return weak
    }

    /// What one directive says: buffering off or an SSE header (strong), a read timeout above 60 s (weak), or nothing.
    private static func hint(in d: NginxDirective) -> (text: String, strong: Bool)? {
        if bufferingKeys.contains(d.nameKey), d.arg(0)?.equalsASCIICaseInsensitive("off") == true {
            return ("\(d.name) off at \(d.where_)", true)
        }
        // RULES.md names proxy_read_timeout only: long uwsgi/fastcgi timeouts are common for slow pages.
        if d.nameKey == proxyReadTimeout, let t = d.arg(0).flatMap(nginxSeconds), t > 60 {
            return ("\(d.name) \(d.arg(0)!) at \(d.where_)", false)
        }
        // Argument values only, and only those long enough to hold either text (17 bytes): most are shorter, and
        // making each argument whole for every directive of every location was a third of this check.
        for i in 0..<d.args.count {
            guard let v = d.arg(i), v.utf8.count >= 17 else { continue }
            if v.containsASCIICaseInsensitive("x-accel-buffering") { return ("\(d.name) \(v) at \(d.where_)", true) }
            if v.containsASCIICaseInsensitive("text/event-stream") { return ("\(d.name) text/event-stream at \(d.where_)", true) }
        }
        return nil
    }

    private func allIn(_ scope: NginxScope) -> [NginxDirective] {
        var out = Array(scope.ordered)
        if scope.hasConditionals {
            for s in scope.children where s.kind == "if" || s.kind == "limit_except" { out += s.ordered }
        }
        return out.inSourceOrder
    }
}
