import SSELintCore
import SSELintLaunch

/// What the RUN rules share about one launch file: its server launches and whether it ships, with what the rest
/// of the deployment says about them (built once, from finished inputs; never changed after).
public final class LaunchAnalysis {
    /// What the deployment around a launch file tells its rules.
    public struct Context: Sendable {
        /// Blocking calls in async code anywhere in the scanned app (PY002's evidence, for RUN007).
        public var appBlockingCalls: [SourceRange] = []
        /// The servers of the gunicorn config files in the run, by absolute path, so that a command's `-c FILE`
        /// brings in that file's settings.
        public var gunicornConfigs: [String: ServerLaunch] = [:]
        /// Python files that a scanned launch command runs (`python main.py`, `python -m pkg.main`), by file name;
        /// nil when no launch command was scanned (then every `__main__` block may be the entry point).
        public var pythonEntryScripts: Set<String>?
        /// Whether the scanned app serves SSE anywhere; nil when no app code was scanned (then SSE is assumed).
        public var appServesSSE: Bool?
        /// Worker classes of the scanned code that subclass UvicornWorker and pass `timeout_graceful_shutdown` to
        /// uvicorn (`CONFIG_KWARGS`), by class name.
        public var gracefulWorkers: Set<String> = []
        /// SSE responses of WSGI frameworks in the scanned app (Django, Flask).
        public var appWSGIStreams: [SourceRange] = []
        /// Every SSE response of the app comes from sse-starlette, which ends streams on SIGTERM.
        public var appStreamsEndOnShutdown = false
        /// Shell scripts a Dockerfile runs as the container's main process (`CMD ["/start.sh"]`): the shell is PID 1.
        public var containerScripts: [ContainerScript] = []
        /// Shell scripts that no launch file runs while another, shipped launch file starts the same app (local
        /// helpers such as `scripts/start.sh` next to the Dockerfile that deploys), with that launch file, by path.
        public var localHelpers: [String: String] = [:]
        /// gunicorn configs that a command loads with `-c`, by path: their settings are judged at that command.
        public var loadedConfigs: Set<String> = []
        public init() {}
    }

    public let file: LaunchFile
    /// The server launches of this file; none for a gunicorn config that a command loads (judged there).
    public let servers: [ServerLaunch]
    /// nil when the file ships; the matching glob when it is for development only.
    public let developmentGlob: String?
    public let settings: Settings
    public let context: Context

    public var appBlockingCalls: [SourceRange] { context.appBlockingCalls }
    public var pythonEntryScripts: Set<String>? { context.pythonEntryScripts }
    public var appServesSSE: Bool? { context.appServesSSE }
    public var gracefulWorkers: Set<String> { context.gracefulWorkers }
    public var appWSGIStreams: [SourceRange] { context.appWSGIStreams }
    public var appStreamsEndOnShutdown: Bool { context.appStreamsEndOnShutdown }
    public var containerScripts: [ContainerScript] { context.containerScripts }
    /// A gunicorn config that a command loads with `-c`: its settings are judged at that command, not here.
    public var isLoadedConfig: Bool { context.loadedConfigs.contains(file.source.path) }
    /// The shipped launch file that starts the same app when this one is a local helper script.
    public var localHelperFor: String? { context.localHelpers[file.source.path] }

    /// This shell script is one a Dockerfile runs as the container's process (same name, inside its build context).
    public var isContainerScript: Bool {
        let path = Path.absolute(file.source.path), name = Path.basename(path)
        return containerScripts.contains { $0.name == name && path.hasPrefix($0.context + "/") }
    }

    /// A `uvicorn.run` under `if __name__ == "__main__":` ships only if the image runs this file.
    public func isShippedEntryPoint(inMainGuard: Bool) -> Bool {
        guard inMainGuard, let scripts = pythonEntryScripts else { return true }
        return scripts.contains(Path.basename(file.source.path))
    }

    public init(file: LaunchFile, settings: Settings, context: Context = Context()) {
        self.file = file
        self.settings = settings
        self.context = context
        let gunicornConfigs = context.gunicornConfigs
        servers = context.loadedConfigs.contains(file.source.path) ? [] : file.commands.compactMap(ServerLaunch.find).map { s in
            guard s.kind == .gunicorn, let c = s.options["config"] else { return s }
            let value = c.value.hasPrefix("python:") ? String(c.value.dropFirst(7)) : c.value
            let candidates = [Path.absolute(Path.join(Path.dirname(file.source.path), value)), Path.absolute(value)]
            let named = gunicornConfigs.filter { Path.basename($0.key) == Path.basename(value) }
            let byName = named.count == 1 ? named.first?.value : nil
            guard let config = candidates.lazy.compactMap({ gunicornConfigs[$0] }).first ?? byName else { return s }
            return s.merging(config: config)
        }
        developmentGlob = Production.developmentGlob(file.source.path, extra: settings.development)
    }

    public var isProduction: Bool { developmentGlob == nil && localHelperFor == nil }
    public var productionReason: String { Production.reason(file.source) }
}


/// A shell script a Dockerfile runs as the container's main process: the Dockerfile's directory and the script name.
public struct ContainerScript: Sendable {
    public let context: String
    public let name: String
    public init(context: String, name: String) { self.context = context; self.name = name }
}
