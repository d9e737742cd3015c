/// What the scanned app code says about the routes behind an nginx location (the cross-file model implements
/// `AppKnowledge`). Without app code runs have none and the nginx rules judge from the config alone.
public struct AppRouteFacts: Sendable {
    public var servesSSE: Bool
    /// Every SSE route behind the location sends `X-Accel-Buffering: no`.
    public var sendsXAccelBufferingNo: Bool
    /// Some SSE route behind the location sends `X-Accel-Buffering: yes` (nginx then buffers it, FACTS §1.4 c2).
    public var sendsXAccelBufferingYes = false
    public var sendsNoCache: Bool
    /// Every SSE route sends `Cache-Control: … no-transform` (proxies that honour it do not compress the stream).
    public var sendsNoTransform = false
    /// Seconds between keep-alive comments; nil when the app sends none.
    public var heartbeatSeconds: Double?
    /// Whether the app sends a heartbeat is not known (the generator lives in another module): judge as without app.
    public var heartbeatUnknown = false
    /// The app answers HTTP/1.0 requests with a close-delimited body (uvicorn `--http h11`).
    public var closeDelimited: Bool
    public var evidence: SourceRange?
    /// The routes behind the location ("route defined at app/main.py:41"), for findings' related locations.
    public var related: [RelatedLocation] = []
    /// The server that answers behind the location, when the scanned code says: `uvicorn`, `hypercorn`, `Go net/http`,
    /// `Node`; nil when unknown. Messages about how the upstream frames its body name it.
    public var upstreamServer: String?
    /// Every app route behind the location (SSE or not), "GET /admin/login": when none serves SSE, the location
    /// does not either, whatever its directives hint.
    public var matchedRoutes: [String] = []
    /// Keys of the matched routes, so that verdicts about the location can be recorded per route.
    public var routeKeys: [String] = []
    /// Which computation made these facts: locations that share them (same routes) have the same number, so a
    /// verdict recorded for their routes once need not be recorded again. 0: not numbered.
    public var id = 0
    /// The URL paths of the streaming routes (`/api/chat/stream`), for proxies that route by path prefix.
    public var streamPaths: [String] = []
    /// Routes counted as SSE because they stream text (text/plain, NDJSON) and their path names a stream.
    public var textStreams: [(path: String, mediaType: String)] = []
    public init(servesSSE: Bool, sendsXAccelBufferingNo: Bool = false, sendsNoCache: Bool = false,
                heartbeatSeconds: Double? = nil, closeDelimited: Bool = false, evidence: SourceRange? = nil) {
        self.servesSSE = servesSSE; self.sendsXAccelBufferingNo = sendsXAccelBufferingNo
        self.sendsNoCache = sendsNoCache; self.heartbeatSeconds = heartbeatSeconds
        self.closeDelimited = closeDelimited; self.evidence = evidence
    }
}

/// A location as nginx selects it: its arguments (`["=", "/x"]`, `["~", "^/api"]`, `["/api/"]`).
public typealias LocationArgs = [String]

public protocol AppKnowledge: Sendable {
    /// The app routes a location forwards to: `upstream` is the `*_pass` target, `servers` the `server` entries of
    /// the upstream block it names (if any), `siblings` every location of the same level (nginx picks one of
    /// them per request, so a route reaches this location only if nginx would select it).
    func route(upstream: String, servers: [String], location: LocationArgs, siblings: [LocationArgs]) -> AppRouteFacts?
    /// Whether the scanned app serves text/event-stream anywhere (nil: no app code was scanned).
    var servesSSE: Bool? { get }
}

