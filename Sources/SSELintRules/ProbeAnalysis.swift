import SSELintCore
import SSELintLogs

/// What the PRB rules share about one probe transcript (live, or recorded with `sselint probe --save`).
public final class ProbeAnalysis {
    public let transcript: ProbeTranscript
    public let settings: Settings
    public init(transcript: ProbeTranscript, settings: Settings) { self.transcript = transcript; self.settings = settings }

    public var source: SourceFile { transcript.source }
    public func range(_ r: Range<Int>) -> SourceRange { SourceRange(file: source, start: r.lowerBound, end: r.upperBound) }
    /// Where findings about the response as a whole point: the status line, else the request line.
    public var responseRange: SourceRange { range(transcript.status != nil ? transcript.statusRange : transcript.requestRange) }
    /// The probe closed the stream itself (`--disconnect-after`), so a missing last event proves nothing.
    public var disconnectedOnPurpose: Bool { transcript.notes.contains { $0.text.contains("--disconnect-after") } }
}

