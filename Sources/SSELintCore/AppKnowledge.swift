/// What the scanned app code says about the route behind an nginx location. The cross-file model (app-code
/// issue) implements `AppKnowledge`; until then runs have none and the nginx rules judge from the config alone.
public struct AppRouteFacts: Sendable {
    public var servesSSE: Bool
    public var sendsXAccelBufferingNo: Bool
    public var sendsNoCache: Bool
    /// Seconds between keep-alive comments; nil when the app sends none.
    public var heartbeatSeconds: Double?
    /// The app answers HTTP/1.0 requests with a close-delimited body (uvicorn `--http h11`).
    public var closeDelimited: Bool
    public var evidence: SourceRange?
    public init(servesSSE: Bool, sendsXAccelBufferingNo: Bool = false, sendsNoCache: Bool = false,
                heartbeatSeconds: Double? = nil, closeDelimited: Bool = false, evidence: SourceRange? = nil) {
        self.servesSSE = servesSSE; self.sendsXAccelBufferingNo = sendsXAccelBufferingNo
        self.sendsNoCache = sendsNoCache; self.heartbeatSeconds = heartbeatSeconds
        self.closeDelimited = closeDelimited; self.evidence = evidence
    }
}

public protocol AppKnowledge: Sendable {
    /// The app route an nginx location forwards to, given its `*_pass` target and the location's path.
    func route(upstream: String, locationPath: String) -> AppRouteFacts?
}
