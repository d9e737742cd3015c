import SSELintCore

/// What one scanned app source file declares, in a form shared by every language: its routes, the streaming
/// responses it builds (with their media type and headers), and headers its middleware sets on every response.
/// The Python scanner also fills `python` with cancellation and hygiene facts the CAN/PY rules read.
public enum AppLanguage: String, Sendable { case python, javascript, go, rust }

/// A response header the app sets: the name as written, the value when it is a literal.
public struct AppHeader: Sendable {
    public let name: String
    /// nil when the value is not a literal (a variable, a call).
    public let value: String?
    /// Where it is written (the key, or the whole `headers[...] = …` statement).
    public let range: Range<Int>
    public init(name: String, value: String?, range: Range<Int>) { self.name = name; self.value = value; self.range = range }
    public var lowercasedName: String { name.lowercased() }
}

/// Where a fix can add headers or a media type: before `offset`, in the given syntax.
public struct Insertion: Sendable {
    public enum Style: Sendable {
        /// Inside a Python dict literal: `"Name": "value"` entries.
        case pythonDictEntries
        /// A new keyword argument of a Python call: `headers={...}` / `media_type="…"`.
        case pythonKeyword
        /// Inside a JS/TS object literal: `"Name": "value"` properties.
        case jsObjectEntries
        /// A new `headers: {...}` property of a JS/TS object literal (the init of `new Response`).
        case jsHeadersProperty
        /// New statements before `offset` (Go `w.Header().Set(...)`, Express `res.setHeader(...)`); `receiver`
        /// is the expression they are called on.
        case statements(receiver: String)
    }
    public let offset: Int
    public let style: Style
    /// The literal already has entries (or the call has arguments), so a separator goes first.
    public let needsSeparator: Bool
    /// The indentation of one entry when the literal spans lines (each new entry then gets its own line).
    public let entryIndent: String?
    public init(offset: Int, style: Style, needsSeparator: Bool, entryIndent: String? = nil) {
        self.offset = offset; self.style = style; self.needsSeparator = needsSeparator; self.entryIndent = entryIndent
    }
}

/// A route the app serves: its full path (router and mount prefixes applied) and the handler it runs.
public struct AppRoute: Sendable {
    public let path: String
    public let methods: [String]
    /// The handler function's name, when it is a named function in this file.
    public let handler: String?
    /// The decorator or registration call.
    public let range: Range<Int>
    /// The router variable it is registered on (`router` in `@router.get`), for prefixes applied elsewhere, and
    /// the path as the decorator writes it (before the router's own prefix).
    public var router: String?
    public var localPath: String?
    public init(path: String, methods: [String], handler: String?, range: Range<Int>) {
        self.path = path; self.methods = methods; self.handler = handler; self.range = range
    }
}

/// A streaming response (or a response that declares an SSE media type) built in app code.
public struct AppResponse: Sendable {
    /// What builds it, as users call it: `StreamingResponse`, `EventSourceResponse (sse-starlette)`,
    /// `res.writeHead`, `new Response`, `w.Header().Set`.
    public var kind: String
    /// The framework class it is, whatever the line calls it (`StreamingResponse` for `TokenStream(...)`, a
    /// subclass): what rules compare.
    public var baseKind: String
    /// The call's name: where findings about this response point.
    public var range: Range<Int>
    /// The media type as a literal, lowercased (`text/event-stream`); nil when absent or not a literal.
    public var mediaType: String?
    /// The media type is given but not as a literal (a variable): rules do not guess it.
    public var mediaTypeDynamic = false
    /// The media type's value, when given (to replace it).
    public var mediaTypeRange: Range<Int>?
    /// The keyword that sets the media type in this call (`media_type`, Flask's `mimetype`, Django's
    /// `content_type`); nil when it cannot be passed to the constructor.
    public var mediaTypeKeyword: String?
    /// Headers the code sets on this response.
    public var headers: [AppHeader] = []
    /// Headers are given by an expression the scanner could not read: missing headers are not reported.
    public var headersOpaque = false
    /// Headers the library sets by itself (sse-starlette: Cache-Control, Connection, X-Accel-Buffering).
    public var libraryHeaders: [AppHeader] = []
    /// Where to add missing headers (a literal dict/object, or a new keyword) and a missing media type.
    public var headerInsertion: Insertion?
    public var mediaTypeInsertion: Insertion?
    /// The function that builds the response, and the route that runs it.
    public var function: String?
    public var route: Int?
    /// The generator given as the body: a function name in this file, and whether it is a plain `def`.
    public var bodyFunction: String?
    /// The body function's key in `PythonAppFacts.generators` when its name is defined more than once in the file.
    public var bodyKey: String?
    /// The module the body function is imported from (`from app.chat import stream` → `app.chat`), when it is not
    /// defined in this file.
    public var bodyModule: String?
    /// Functions called inside the body argument besides the body function (`wrap(chunks(…))` → chunks).
    public var wrappedCalls: [String] = []
    /// Heartbeat the library sends (sse-starlette / FastAPI native: every 15 s); 0 when disabled (`ping=0`).
    public var libraryPing: Double?
    public var pingRange: Range<Int>?
    /// The response streams (StreamingResponse, generators, res.write loops), as opposed to a plain body.
    public var streams = true
    /// JS: the code calls `res.flush()` on it (what the `compression` package needs to send each event).
    public var flushesCompression = false
    /// Go: the function reads the request's context (`r.Context()`), or detaches from its cancellation
    /// (`context.WithoutCancel`): whether router timeout middleware ends the stream.
    public var followsRequestContext = false
    public var detachesRequestContext = false
    /// sse-starlette or FastAPI native SSE, whose shutdown handling ends streams on SIGTERM (FACTS §4).
    public var endsStreamsOnShutdown = false

    public init(kind: String, range: Range<Int>) { self.kind = kind; self.baseKind = kind; self.range = range }

    public var isSSE: Bool { mediaType?.hasPrefix("text/event-stream") == true }
    /// Every header that reaches the client, code first (the library's defaults lose to explicit values).
    public var allHeaders: [AppHeader] { headers + libraryHeaders }
    public func header(_ lowercased: String) -> AppHeader? { allHeaders.first { $0.lowercasedName == lowercased } }
}

/// One scanned app source file.
public struct AppFile: Sendable {
    public let source: SourceFile
    public let language: AppLanguage
    public var routes: [AppRoute] = []
    public var responses: [AppResponse] = []
    /// Headers that middleware sets on every response of the app.
    public var middlewareHeaders: [AppHeader] = []
    /// Parts the scanner could not read (unterminated string, unbalanced brackets): reported as input errors
    /// with path:line; everything else in the file is still judged.
    public var problems: [InputError] = []
    /// Routers mounted under a prefix (`app.include_router(chat.router, prefix="/api")`), possibly defined in
    /// another file: applied by the deployment model, which sees every file.
    public var includes: [RouterInclude] = []
    /// Comments, for inline suppressions (`# sselint: disable=…`, `// sselint: disable=…`).
    public var comments: [Comment] = []
    /// Python only: cancellation and hygiene facts.
    public var python: PythonAppFacts?
    /// Compression middleware this file adds (JS `app.use(compression())`, Django settings' MIDDLEWARE).
    public var compression: [CompressionUse] = []
    /// Go: deadlines on every response (server WriteTimeout, router timeout middleware), and where a handler clears
    /// its write deadline (`SetWriteDeadline`).
    public var goDeadlines: [GoDeadline] = []
    public var writeDeadlineResets: [Range<Int>] = []
    /// Go: `http.Server{…}` literals, with or without a WriteTimeout (which server serves a handler is read from
    /// how many there are).
    public var goServers: [Range<Int>] = []
    /// A Next.js config file's settings.
    public var nextConfig: NextConfig?
    /// Next.js route segment config `export const maxDuration = N` (seconds), and where.
    public var maxDuration: (seconds: Double, range: Range<Int>)?
    /// A Vercel AI SDK call that answers with an event stream (`toUIMessageStreamResponse()`…), and where.
    public var aiSDKStream: Range<Int>?
    public init(source: SourceFile, language: AppLanguage) { self.source = source; self.language = language }
}

/// `include_router(module.router, prefix=…)`: the module it names (when known) and the router variable.
public struct RouterInclude: Sendable {
    public let module: String?
    public let router: String
    public let prefix: String
    /// Flask's `register_blueprint(bp, url_prefix=…)` replaces the blueprint's own prefix instead of adding to it.
    public let replacesPrefix: Bool
    /// The router of this file that includes it (`api_router.include_router(chat.router, …)`), when that is a
    /// router and not the app: its own prefixes apply on top.
    public var includer: String?
    public init(module: String?, router: String, prefix: String, replacesPrefix: Bool = false, includer: String? = nil) {
        self.module = module; self.router = router; self.prefix = prefix; self.replacesPrefix = replacesPrefix
        self.includer = includer
    }
}
