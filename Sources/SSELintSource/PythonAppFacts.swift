import SSELintCore

/// Cancellation and hygiene facts from one Python file (CAN and PY rules).
public struct PythonAppFacts: Sendable {
    /// A wait on a task: `await task`, `asyncio.wait_for(task, timeout=…)`, `async with asyncio.timeout(…)`,
    /// `asyncio.wait({task}, timeout=…)`.
    public struct Wait: Sendable {
        public enum Kind: String, Sendable { case await_ = "await", waitFor = "asyncio.wait_for", timeout = "asyncio.timeout", wait = "asyncio.wait" }
        public enum Timeout: Sendable { case absent, none, number(Double, boundAt: Range<Int>?), unknown }
        public let kind: Kind
        /// The awaited expression or the call's name.
        public let range: Range<Int>
        /// The whole call (`asyncio.wait_for(...)`), or the `await X` expression.
        public let callRange: Range<Int>
        public let target: String?
        public let timeout: Timeout
        public let timeoutRange: Range<Int>?
        /// Why this wait follows a cancellation: "after agent_task.cancel() at line 40", "in a finally block".
        public let cancelContext: String?
        public let function: String?
        /// Where a `timeout=` keyword would go (before the call's `)`), and whether a separator is needed.
        public let timeoutInsertion: (offset: Int, needsSeparator: Bool)?
        /// The task's coroutine function in this file (`asyncio.create_task(run_agent(...))` → run_agent).
        public let taskFunction: String?
        /// The task itself runs in a thread (`asyncio.to_thread(...)`, `run_in_executor(...)`): where that is.
        public let taskThread: (call: String, range: Range<Int>)?
    }
    public var waits: [Wait] = []

    /// `except CancelledError` / `except BaseException` / bare `except:` that does not re-raise, in a stream
    /// generator or task.
    public struct Swallow: Sendable {
        public let range: Range<Int>
        public let types: String
        public let function: String
    }
    public var swallows: [Swallow] = []

    /// Blocking or thread work: `asyncio.to_thread`, `run_in_executor`, blocking calls, per function.
    public struct Call: Sendable {
        public let call: String
        public let range: Range<Int>
        public let function: String?
        public let inAsync: Bool
    }
    public var threadCalls: [Call] = []
    public var blockingCalls: [Call] = []

    public struct FaultHandler: Sendable { public let range: Range<Int>; public let signal: String; public let chain: Bool }
    public var faultHandlers: [FaultHandler] = []
    /// Compression middleware (`GZipMiddleware`, flask-compress) added to the app.
    public var compression: Range<Int>?
    /// Django compression middleware named in settings (copied to `AppFile.compression`).
    public var djangoCompression: [CompressionUse] = []

    /// The generator that feeds a response: its body function, by the key that tells same-named definitions apart.
    public func generator(of r: AppResponse) -> Generator? {
        r.bodyKey.flatMap { generators[$0] } ?? r.bodyFunction.flatMap { generators[$0] }
    }

    /// What a generator function emits (read from the string literals in its body).
    public struct Generator: Sendable {
        public let name: String
        public let isAsync: Bool
        public let nameRange: Range<Int>
        public var emitsComment = false
        public var emitsSSEData = false
        public var openAIChunks = false
        /// A `yield` of an OpenAI SDK chunk object serialised whole (`json.dumps(chunk.dict())`,
        /// `chunk.model_dump_json()`), where `chunk` comes from a loop over a stream in a file that imports openai.
        public var sdkChunkYield: Range<Int>?
        public var emitsDone = false
        /// Dict literals with a truthy `"error"` key.
        public var errorEvents: [Range<Int>] = []
        /// A JSON `{"type": "done"}` event.
        public var jsonDone: Range<Int>?
        /// An event is sent whenever a wait times out (`except asyncio.TimeoutError: yield …` around a
        /// `wait_for(…, timeout=N)`): a heartbeat every N seconds, even if it is data rather than a comment.
        public var sendsOnTimeout = false
        /// The function yields itself; false for a body function that returns a generator made elsewhere
        /// (`return gen`), whose events this file does not show.
        public var isGenerator = true
        /// The events come from a generator of another module of the app (`async for e in other_module_stream(…)`)
        /// or from an iterable the caller hands in (`for e in self.generator:`, a parameter): whether that one sends
        /// heartbeats is not known here.
        public var delegatesToApp = false
        /// The events are an upstream HTTP stream read chunk by chunk (`resp.aiter_bytes()`, `iter_content`,
        /// `content.iter_any()`): the upstream sets the cadence, and its silences and heartbeats pass through.
        public var relaysUpstream = false
        /// Every yield sends a `:` comment literal: a keep-alive stream with no events (an MCP GET stream).
        public var commentsOnly = false
        /// Every yield sends a literal and nothing waits between them: the stream has no silences.
        public var yieldsAtOnce = false
        /// The longest sleep/timeout between events when it emits comments (the heartbeat interval, assumed 15 s
        /// when none is written).
        public var heartbeatSeconds: Double?
    }
    public var generators: [String: Generator] = [:]
    public var importsAsyncio = false

    public init() {}
}
