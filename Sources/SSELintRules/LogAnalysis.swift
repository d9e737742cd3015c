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
}

