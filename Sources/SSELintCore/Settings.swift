/// The knobs the rules read. `ConfigResolver.settings(_:)` fills one for each file from the `.sselint.yml` in force
/// and the command line (which wins); the linter then adds the nginx version it finds in the deployment's images.
public struct Settings: Sendable {
    /// Path patterns that mark an endpoint as SSE (RULES.md "Which endpoints are SSE", 2).
    public var ssePaths: [String]
    /// nginx version the configs run on; nil = unknown, treated as < 1.29.7.
    public var nginxVersion: NginxVersion?
    /// Where a version taken from the deployment came from: "image nginx:1.30.0 at Dockerfile:1".
    public var nginxVersionSource: String?
    /// The image that runs the config does not pin a version ("image nginx:latest at compose.yaml:5"): whether
    /// nginx talks HTTP/1.0 or 1.1 to upstreams is unknown, and findings say so instead of asserting either.
    public var nginxVersionUnpinned: String?
    /// The nginx prefix include paths are relative to; nil = the main config's directory.
    public var nginxPrefix: String?
    /// Largest file read, in bytes.
    public var maxFileSize: Int
    /// Deepest block nesting accepted before a file is rejected (keeps every walk far from stack limits).
    public var maxNesting: Int
    /// Deepest include chain followed.
    public var maxIncludeDepth: Int
    /// Most directives one config may expand to through its includes.
    public var maxExpandedDirectives = 5_000_000
    /// Bounds for cancellation timeouts, in seconds (CAN002/CAN003).
    public var cancellationTimeout: (min: Double, max: Double) = (0.2, 1.0)
    /// Per-rule options from `.sselint.yml` (`rules: {ID: {option: value}}`), validated against each rule's YAML.
    public var ruleOptions: [String: [String: String]] = [:]
    /// Globs of development-only launch files.
    public var development: [String] = []
    /// The quick-reference preset is on: rules that grade completeness (HDR006's five headers, HDR002 behind any
    /// server) report what the default set leaves out because it changes no stream.
    public var quickReference = false

    public static let defaultSSEPaths = [
        "/sse", "/stream", "/events", "/chat/completions", "/completions", "/api/chat", "/v1/responses",
    ]

    public init(ssePaths: [String] = Settings.defaultSSEPaths, nginxVersion: NginxVersion? = nil,
                nginxPrefix: String? = nil, maxFileSize: Int = 32 << 20, maxNesting: Int = 200,
                maxIncludeDepth: Int = 64) {
        self.ssePaths = ssePaths; self.nginxVersion = nginxVersion; self.nginxPrefix = nginxPrefix
        self.maxFileSize = maxFileSize; self.maxNesting = maxNesting; self.maxIncludeDepth = maxIncludeDepth
    }
}

public struct NginxVersion: Sendable, Comparable, CustomStringConvertible {
    public let parts: [Int]
    public init?(_ text: String) {
        let p = text.split(separator: ".").map { Int($0) }
        guard !p.isEmpty, p.count <= 4, p.allSatisfy({ $0 != nil }) else { return nil }
        parts = p.map { $0! }
    }
    public static func < (a: Self, b: Self) -> Bool {
        for i in 0..<max(a.parts.count, b.parts.count) {
            let x = i < a.parts.count ? a.parts[i] : 0, y = i < b.parts.count ? b.parts[i] : 0
            if x != y { return x < y }
        }
        return false
    }
    public var description: String { parts.map(String.init).joined(separator: ".") }
    /// 1.29.7 made HTTP/1.1 the default for proxying (FACTS §1.1).
    public static let http11Default = NginxVersion("1.29.7")!
}
