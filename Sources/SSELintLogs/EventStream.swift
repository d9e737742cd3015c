/// The event-stream format as a browser's EventSource reads it (WHATWG HTML, "Parsing an event stream" and
/// "Interpreting an event stream", https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream):
/// lines end with CRLF, LF or CR; a leading BOM is dropped; `:` starts a comment; one space after the colon is
/// dropped; `data` lines join with LF; a blank line dispatches the event, and an unfinished event at the end of the
/// stream is discarded. mattt/EventSource implements the same algorithm, but as an actor fed one byte per `await`,
/// with no line positions or arrival times and a URLSession client (FoundationNetworking) attached; the PRB rules
/// run synchronously over a transcript and must point at lines, so sselint keeps this small parser instead.
public enum EventStream {
    /// One body line with its arrival time and where it sits in the transcript.
    public struct Line: Sendable {
        public let time: Double
        public let text: String
        public let range: Range<Int>
        public init(time: Double, text: String, range: Range<Int>) { self.time = time; self.text = text; self.range = range }
    }

    public struct Event: Sendable {
        /// `event:` field, "message" when absent (what `onmessage` receives).
        public var type: String
        public var data: String
        /// The last event ID after this event (`id:` persists across events, as the spec says).
        public var lastEventID: String
        /// When the blank line that dispatched it arrived: when a client sees the event.
        public var time: Double
        /// From the event's first field line to its last.
        public var range: Range<Int>
    }

    public struct Parsed: Sendable {
        public var events: [Event] = []
        /// Comment lines (`: ping`): heartbeats a client never sees, but which keep proxies' idle timers at bay.
        public var comments: [Line] = []
        /// The last valid `retry:` value in milliseconds.
        public var retry: Int?
        /// Field lines of an event the stream never finished (no blank line before the end).
        public var unfinished: [Line] = []
    }

    public static func interpret(_ lines: [Line]) -> Parsed {
        var out = Parsed()
        var type = "", data = "", dataSeen = false, lastID = ""
        var pending: [Line] = []
        for (i, line) in lines.enumerated() {
            var text = Substring(line.text)
            if i == 0, text.first == "\u{FEFF}" { text = text.dropFirst() }
            if text.isEmpty {
                defer { type = ""; data = ""; dataSeen = false; pending = [] }
                guard dataSeen, let first = pending.first, let last = pending.last else { continue }
                if data.last == "\n" { data.removeLast() }
                out.events.append(Event(type: type.isEmpty ? "message" : type, data: data, lastEventID: lastID,
                                        time: line.time, range: first.range.lowerBound..<last.range.upperBound))
                continue
            }
            if text.first == ":" { out.comments.append(line); continue }
            pending.append(line)
            let name: Substring, value: Substring
            if let colon = text.firstIndex(of: ":") {
                name = text[..<colon]
                let v = text[text.index(after: colon)...]
                value = v.first == " " ? v.dropFirst() : v
            } else {
                (name, value) = (text, "")
            }
            switch name {
            case "event": type = String(value)
            case "data": data += value + "\n"; dataSeen = true
            case "id" where !value.contains("\u{0}"): lastID = String(value)
            case "retry" where !value.isEmpty && value.allSatisfy({ $0.isASCII && $0.isNumber }):
                if let ms = Int(value) { out.retry = ms }  // digits beyond Int's range: ignored, not a reset
            default: break
            }
        }
        out.unfinished = pending
        return out
    }

    /// Splits `bytes` at CRLF, LF or CR. Returns the complete lines and how many bytes they used. A line ends at its
    /// CR at once (its arrival time is the CR's); `afterCR` carries across chunks so that the LF of a CRLF split
    /// between two chunks does not end an empty line. With `final`, the rest is a last line.
    public static func splitLines(_ bytes: [UInt8], final: Bool, afterCR: inout Bool) -> (lines: [[UInt8]], consumed: Int) {
        var lines: [[UInt8]] = [], start = 0, i = 0
        while i < bytes.count {
            let b = bytes[i]
            if afterCR {
                afterCR = false
                if b == 0x0A { i += 1; start = i; continue }
            }
            if b == 0x0A || b == 0x0D {
                lines.append(Array(bytes[start..<i]))
                afterCR = b == 0x0D
                i += 1
                start = i
            } else {
                i += 1
            }
        }
        if final && start < bytes.count { lines.append(Array(bytes[start...])); start = bytes.count }
        return (lines, start)
    }

    /// Splits a whole body (no chunk boundaries).
    public static func splitLines(_ bytes: [UInt8]) -> [[UInt8]] {
        var afterCR = false
        return splitLines(bytes, final: true, afterCR: &afterCR).lines
    }
}
