import SSELintCore

/// Compression middleware the app's own code (or its framework's settings) puts in front of every response:
/// Express/Nest `app.use(compression())`, Django `GZipMiddleware` in `MIDDLEWARE`, Next.js `compress`.
public struct CompressionUse: Sendable {
    public enum Framework: String, Sendable {
        /// The `compression` npm package (Express, Nest on Express, Next.js's built-in `compress`).
        case expressCompression = "compression"
        /// `django.middleware.gzip.GZipMiddleware`.
        case djangoGzip = "GZipMiddleware"
        /// `compression_middleware.middleware.CompressionMiddleware` (django-compression-middleware).
        case djangoCompression = "CompressionMiddleware"
    }
    public enum Filter: Sendable, Equatable {
        /// The package's default: compressible types, text/event-stream included.
        case none
        /// A custom filter that names text/event-stream (it skips it).
        case skipsEventStream
        /// A custom filter the scanner cannot read: not judged.
        case custom
    }
    public let framework: Framework
    /// The call or the settings string.
    public let range: Range<Int>
    public let filter: Filter
    public init(framework: Framework, range: Range<Int>, filter: Filter) {
        self.framework = framework; self.range = range; self.filter = filter
    }
}

/// A deadline a Go server puts on every response: `http.Server{WriteTimeout: …}` or fiber's
/// `fiber.Config{WriteTimeout: …}` (fasthttp sets it before writing the whole streamed body), or chi's router-wide
/// timeout middleware. hertz's `WithWriteTimeout` bounds each write (netpoll), not the response: not read.
public struct GoDeadline: Sendable {
    public enum Kind: String, Sendable {
        /// net/http: the write deadline set when the request's headers are read; covers the whole response.
        case writeTimeout = "WriteTimeout"
        /// chi `middleware.Timeout(d)`: cancels the request context after d.
        case routerTimeout = "middleware.Timeout"
    }
    public let kind: Kind
    /// The value in seconds when it is a literal (`30 * time.Second`); nil when computed.
    public let seconds: Double?
    /// The field or call, and the value as written.
    public let range: Range<Int>
    public let text: String
    /// Router middleware: the route prefix it is added under (`""` at the router's root).
    public var prefix = ""
    /// Whose server: "net/http" or "fiber" (fasthttp sets the deadline itself; a handler cannot clear it).
    public var framework = "net/http"
    public init(kind: Kind, seconds: Double?, range: Range<Int>, text: String) {
        self.kind = kind; self.seconds = seconds; self.range = range; self.text = text
    }
}

/// Go duration expressions: `30 * time.Second`, `time.Minute*5`, `90 * time.Second`, `2 * 60 * time.Second`,
/// `time.Duration(30) * time.Second`; nil for anything not made of literals.
enum GoDuration {
    static let units: [String: Double] = ["Nanosecond": 1e-9, "Microsecond": 1e-6, "Millisecond": 1e-3, "Second": 1,
                                          "Minute": 60, "Hour": 3600]

    static func seconds(_ t: Tokens, _ r: Range<Int>) -> Double? {
        var k = r.lowerBound, product = 1.0, sawUnit = false, factors = 0
        while k < r.upperBound {
            if t[k].kind == .number, let v = Double(String(t.text(k).filter { $0 != "_" })) {
                product *= v; k += 1
            } else if t.isName(k, "time"), t.is(k + 1, "."), t.isName(k + 2), let u = units[t.text(k + 2)] {
                product *= u; sawUnit = true; k += 3
            } else if t.isName(k, "time"), t.is(k + 1, "."), t.isName(k + 2, "Duration"), t.is(k + 3, "("), t.partner[k + 3] > k + 3 {
                let close = t.partner[k + 3]
                guard let inner = seconds(t, k + 4..<close) else { return nil }
                product *= inner; k = close + 1
            } else { return nil }
            factors += 1
            guard factors < 8 else { return nil }
            if k < r.upperBound { guard t.is(k, "*") else { return nil }; k += 1 }
        }
        // A bare number is nanoseconds (a time.Duration); 0 disables.
        return factors == 0 ? nil : sawUnit ? product : product * 1e-9
    }
}

/// What a `next.config.{js,mjs,ts}` says that matters to streams: `compress` (on unless written `false`), `output`,
/// and the `rewrites()` that proxy paths to another server.
public struct NextConfig: Sendable {
    public enum Compress: Sendable, Equatable { case unset, on, off, dynamic }
    public var compress = Compress.unset
    public var compressRange: Range<Int>?
    /// `output: 'standalone'` (self-hosted with `node server.js`) or `'export'` (static, no server).
    public var output: String?
    public struct Rewrite: Sendable {
        public let source: String
        public let destination: String
        public let range: Range<Int>
    }
    public var rewrites: [Rewrite] = []
    /// Where the config object is (for a finding about the default).
    public var range: Range<Int> = 0..<0
    public init() {}
}

extension JSScan {
    /// Reads a Next.js config file's keys: one pass over its tokens (the file is small).
    func nextConfig() -> NextConfig? {
        let name = Path.basename(t.file.path)
        guard name.hasPrefix("next.config.") else { return nil }
        var c = NextConfig(), source: (String, Int)?
        for i in 0..<t.count where t.isName(i) && t.is(i + 1, ":") {
            switch t.text(i) {
            case "compress":
                c.compressRange = t.range(i, i + 2)
                c.compress = t.isName(i + 2, "false") && !t.is(i + 3, "||") && !t.is(i + 3, "?") ? .off
                    : t.isName(i + 2, "true") && (t.is(i + 3, ",") || t.is(i + 3, "}")) ? .on : .dynamic
            case "output": c.output = t.stringValue(i + 2)
            case "source": source = t.stringValue(i + 2).map { ($0, i) }
            case "destination":
                if let s = source, let d = t.stringValue(i + 2) ?? (t[i + 2].kind == .template ? t.file.text(t.range(i + 2)) : nil) {
                    c.rewrites.append(.init(source: s.0, destination: d, range: t.range(s.1, i + 2)))
                    source = nil
                }
            default: break
            }
        }
        if let first = (0..<t.count).first(where: { t.isName($0, "nextConfig") || t.isName($0, "config") }) { c.range = t.range(first) }
        else if t.count > 0 { c.range = t.range(0) }
        return c
    }
}
