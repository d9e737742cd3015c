import Foundation
import SSELintCore

/// The event names the quick reference's server logs (configurable in `.sselint.yml` under `logs:` for servers that
/// name them differently).
public struct LogPatterns: Sendable {
    public var start = ["stream_start"]
    public var cancelled = ["stream_cancelled"]
    public var agentTimeout = ["agent_task_timeout_on_cancel"]
    public var events = ["stream_status", "stream_delta"]
    public var end = ["stream_end", "stream_closed", "stream_complete", "stream_done", "stream_cleanup"]
    /// The `reason=` of a cancellation that a new stream of the same session caused.
    public var newStreamReason = "registry_new_stream"
    public init() {}

    func kind(of name: String) -> LogEvent.Kind? {
        if start.contains(name) { return .start }
        if cancelled.contains(name) { return .cancelled }
        if agentTimeout.contains(name) { return .agentTimeout }
        if events.contains(name) { return .event }
        if end.contains(name) { return .end }
        return nil
    }
}

/// One log line that names a stream event, with its `key=value` (or JSON) fields.
public struct LogEvent: Sendable {
    public enum Kind: String, Sendable { case start, cancelled, agentTimeout, event, end }
    public let kind: Kind
    public let name: String
    public let line: Int
    /// The line's byte range in the file.
    public let range: Range<Int>
    /// Seconds (from the line's timestamp; only differences are used), nil when the line has none.
    public let time: Double?
    public let fields: [String: String]
    public var trace: String? { fields["trace"] ?? fields["trace_id"] ?? fields["traceId"] }
    public var session: String? { fields["session"] ?? fields["session_id"] ?? fields["sessionId"] }
    public var reason: String? { fields["reason"] }
}

/// Reads log lines as the quick reference writes them (`stream_start trace=abc session=s1`), with an optional
/// timestamp in front (`2026-11-27 16:00:00,123`, ISO 8601, `[…]`), and JSON lines (`{"event": "stream_start",
/// "trace": "abc", "ts": "…"}`). Lines that name no known event are skipped. Linear in the file.
public enum LogParser {
    public static func parse(_ f: SourceFile, patterns: LogPatterns = LogPatterns()) -> [LogEvent] {
        var out: [LogEvent] = []
        for (line, range) in f.nonEmptyLines {
            let text = String(decoding: f.bytes[range], as: UTF8.self)
            if let e = event(text, line: line, range: range, patterns) { out.append(e) }
        }
        return out
    }

    static func event(_ text: String, line: Int, range: Range<Int>, _ patterns: LogPatterns) -> LogEvent? {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        if trimmed.first == "{", let data = trimmed.data(using: .utf8),
           let o = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            var fields: [String: String] = [:]
            for (k, v) in o {
                if let s = v as? String { fields[k] = s } else if let n = v as? NSNumber { fields[k] = n.stringValue }
            }
            // The event name is the value of event/msg/message, or its first word.
            for key in ["event", "msg", "message", "name"] {
                guard let value = fields[key], let name = value.split(separator: " ").first.map(String.init),
                      let kind = patterns.kind(of: name) else { continue }
                // key=value pairs inside the message count too ("stream_cancelled trace=a reason=x").
                for (k, v) in keyValues(value) where fields[k] == nil { fields[k] = v }
                let time = ["ts", "time", "timestamp", "@timestamp", "asctime"].lazy.compactMap { fields[$0].flatMap(timestamp) }.first
                return LogEvent(kind: kind, name: name, line: line, range: range, time: time, fields: fields)
            }
            return nil
        }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        var found: (String, LogEvent.Kind)?
        for w in words {
            var word = Substring(w)
            if word.hasPrefix("event=") || word.hasPrefix("msg=") { word = word[word.index(after: word.firstIndex(of: "=")!)...] }
            let strip: Set<Character> = [":", ",", ";", "\"", "'", "[", "]"]
            while let c = word.first, strip.contains(c) { word = word.dropFirst() }
            while let c = word.last, strip.contains(c) { word = word.dropLast() }
            if let kind = patterns.kind(of: String(word)) { found = (String(word), kind); break }
        }
        guard let (name, kind) = found else { return nil }
        return LogEvent(kind: kind, name: name, line: line, range: range, time: timestamp(text), fields: keyValues(text))
    }

    /// `key=value` and `key="quoted value"` pairs.
    static func keyValues(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        let c = Array(text.utf8)
        var i = 0
        while i < c.count {
            // A key: name characters right before `=`.
            guard c[i] == UInt8(ascii: "=") else { i += 1; continue }
            var k = i
            while k > 0, isKey(c[k - 1]) { k -= 1 }
            let key = String(decoding: c[k..<i], as: UTF8.self)
            var v = i + 1, value = ""
            if v < c.count, c[v] == UInt8(ascii: "\"") {
                v += 1
                let s = v
                while v < c.count, c[v] != UInt8(ascii: "\"") { v += 1 }
                value = String(decoding: c[s..<v], as: UTF8.self)
                v += 1
            } else {
                let s = v
                while v < c.count, c[v] != 0x20, c[v] != 0x09, c[v] != UInt8(ascii: ",") { v += 1 }
                value = String(decoding: c[s..<v], as: UTF8.self)
            }
            if !key.isEmpty, out[key] == nil { out[key] = value }
            i = max(v, i + 1)
        }
        return out
    }

    static func isKey(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")
    }

    /// Seconds from a timestamp at the start of the text: `YYYY-MM-DD[T ]HH:MM:SS[.,fraction]`, optionally in
    /// brackets; or a bare epoch number. Time zones are ignored (only differences within one log matter).
    static func timestamp(_ text: String) -> Double? {
        let c = Array(text.utf8.prefix(40).drop { $0 == UInt8(ascii: "[") || $0 == 0x20 })
        func num(_ from: Int, _ n: Int) -> Int? {
            guard from + n <= c.count else { return nil }
            var v = 0
            for k in from..<(from + n) { guard c[k] >= 0x30, c[k] <= 0x39 else { return nil }; v = v * 10 + Int(c[k] - 0x30) }
            return v
        }
        if let y = num(0, 4), c.count >= 19, c[4] == UInt8(ascii: "-"), let mo = num(5, 2), let d = num(8, 2),
           c[10] == UInt8(ascii: "T") || c[10] == 0x20, let h = num(11, 2), let mi = num(14, 2), let s = num(17, 2) {
            var seconds = Double(s)
            if c.count > 20, c[19] == UInt8(ascii: ".") || c[19] == UInt8(ascii: ",") {
                var k = 20, scale = 0.1
                while k < c.count, c[k] >= 0x30, c[k] <= 0x39 { seconds += Double(c[k] - 0x30) * scale; scale /= 10; k += 1 }
            }
            // Days since an epoch good enough for differences (months as 31 days: monotonic, not exact).
            let days = Double((y * 12 + mo) * 31 + d)
            return days * 86_400 + Double(h * 3600 + mi * 60) + seconds
        }
        if let first = text.split(separator: " ").first, let epoch = Double(first), epoch > 1_000_000_000 { return epoch }
        return nil
    }
}
