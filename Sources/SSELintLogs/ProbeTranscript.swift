import SSELintCore

/// What `sselint probe` saw, as text: the request, the response head, and every line of the body with its arrival
/// time. The probe writes it (`--save FILE`), the PRB rules judge it, and samples are transcripts, so a live check
/// and a recorded one are judged alike.
///
///     # sselint probe transcript
///     > POST http://127.0.0.1:8080/api/chat
///     < HTTP/1.1 200
///     < content-type: text/event-stream
///     < cache-control: no-cache
///     +0.012 data: {"type":"status"}
///     +0.012
///     +0.245 data: {"type":"delta","content":"Hi"}
///     +0.245
///     +3.010 data: {"type":"done"}
///     +3.010
///     ! closed after 3 events (--disconnect-after)
public struct ProbeTranscript: Sendable {
    public struct Line: Sendable {
        public let time: Double
        public let text: String
        /// The line's byte range in the transcript.
        public let range: Range<Int>
        public var isData: Bool { text.hasPrefix("data:") }
        public var isComment: Bool { text.hasPrefix(":") }
        public var data: String { String(text.dropFirst(5).drop { $0 == " " }) }
    }
    public let source: SourceFile
    public var request: (method: String, url: String)?
    public var requestRange: Range<Int> = 0..<0
    public var status: String?
    public var statusRange: Range<Int> = 0..<0
    /// Response headers, lowercased names, with the line each is on.
    public var headers: [(name: String, value: String, range: Range<Int>)] = []
    public var lines: [Line] = []
    /// Notes the probe recorded (`! …`): errors, disconnects.
    public var notes: [(text: String, range: Range<Int>)] = []
    /// The body read as EventSource reads it: events (dispatched by a blank line), comments, `retry:`.
    public var stream = EventStream.Parsed()

    public var dataLines: [Line] { lines.filter(\.isData) }
    public func header(_ name: String) -> (name: String, value: String, range: Range<Int>)? { headers.first { $0.name == name } }

    public static func parse(_ f: SourceFile) -> ProbeTranscript {
        var t = ProbeTranscript(source: f)
        for (_, range) in f.nonEmptyLines {
            let text = String(decoding: f.bytes[range], as: UTF8.self)
            if text.hasPrefix("> ") {
                let parts = text.dropFirst(2).split(separator: " ", maxSplits: 1)
                if parts.count == 2 { t.request = (String(parts[0]), String(parts[1])); t.requestRange = range }
            } else if text.hasPrefix("< ") {
                let rest = text.dropFirst(2)
                if rest.hasPrefix("HTTP/") { t.status = String(rest); t.statusRange = range }
                else if let colon = rest.firstIndex(of: ":") {
                    t.headers.append((rest[..<colon].lowercased(), String(rest[rest.index(after: colon)...]).trimmingSpaces, range))
                }
            } else if text.hasPrefix("+") {
                // `+0.245 data: …`, or `+0.245` alone for the blank line that ends an event.
                let space = text.firstIndex(of: " ") ?? text.endIndex
                guard let time = Double(text[text.index(after: text.startIndex)..<space]) else { continue }
                t.lines.append(Line(time: time, text: space == text.endIndex ? "" : String(text[text.index(after: space)...]), range: range))
            } else if text.hasPrefix("! ") {
                t.notes.append((String(text.dropFirst(2)), range))
            }
        }
        var body = t.lines.map { EventStream.Line(time: $0.time, text: $0.text, range: $0.range) }
        // Transcripts saved before blank lines were recorded have none: each field line was its own event then.
        if !body.contains(where: { $0.text.isEmpty }) {
            body = body.flatMap { l in l.text.hasPrefix(":") ? [l] : [l, EventStream.Line(time: l.time, text: "", range: l.range)] }
        }
        t.stream = EventStream.interpret(body)
        return t
    }
}
