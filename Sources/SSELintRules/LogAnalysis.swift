import SSELintCore
import SSELintLogs

/// What the LOG rules share about one server log: its stream events in order, grouped by trace.
public final class LogAnalysis {
    public let source: SourceFile
    public let events: [LogEvent]
    public let patterns: LogPatterns
    public let settings: Settings
    public let byTrace: [String: [LogEvent]]

    public init(source: SourceFile, patterns: LogPatterns, settings: Settings) {
        self.source = source; self.patterns = patterns; self.settings = settings
        events = LogParser.parse(source, patterns: patterns)
        var t: [String: [LogEvent]] = [:]
        for e in events { if let id = e.trace { t[id, default: []].append(e) } }
        byTrace = t
    }

    public func range(_ e: LogEvent) -> SourceRange { SourceRange(file: source, start: e.range.lowerBound, end: e.range.upperBound) }

    /// A rule option from `.sselint.yml` (`rules: {LOG004: {min-events-per-second: 10}}`), else the default.
    public func option(_ rule: String, _ name: String, default value: Double) -> Double {
        settings.ruleOptions[rule]?[name].flatMap(Double.init) ?? value
    }
}

/// A rule over one server log (`sselint logs FILE`).
public protocol LogRule: Sendable {
    static var id: String { get }
    init()
    func check(_ log: LogAnalysis, _ context: inout RuleContext)
}
