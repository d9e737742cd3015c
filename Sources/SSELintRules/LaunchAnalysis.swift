import SSELintCore
import SSELintLaunch

/// What the RUN rules share about one launch file: its server launches and whether it ships.
public final class LaunchAnalysis {
    public let file: LaunchFile
    public let servers: [ServerLaunch]
    /// nil when the file ships; the matching glob when it is for development only.
    public let developmentGlob: String?
    public let settings: Settings
    /// Blocking calls in async code anywhere in the scanned app (PY002's evidence, for RUN007).
    public let appBlockingCalls: [SourceRange]

    public init(file: LaunchFile, settings: Settings, appBlockingCalls: [SourceRange] = []) {
        self.file = file
        self.settings = settings
        self.appBlockingCalls = appBlockingCalls
        servers = file.commands.compactMap(ServerLaunch.find)
        developmentGlob = Production.developmentGlob(file.source.path, extra: settings.development)
    }

    public var isProduction: Bool { developmentGlob == nil }
    public var productionReason: String { Production.reason(file.source) }
}

/// A rule over one launch file.
public protocol LaunchRule: Sendable {
    static var id: String { get }
    init()
    func check(_ launch: LaunchAnalysis, _ context: inout RuleContext)
}
