import Foundation
import SSELintCore
import SSELintLogs

/// PRB003 — see rules/probe/PRB003.yml
struct LiveEventsBreakProtocol: Rule {
    static let id: RuleID = "PRB003"

    func check(_ probe: ProbeAnalysis, _ context: inout RuleContext) {
        // The events `onmessage` receives, as EventSource parses them (multi-line data joined, named events apart).
        let data = probe.transcript.stream.events.filter { $0.type == "message" }
        guard !data.isEmpty else { return }
        var parsed: [(line: EventStream.Event, json: [String: Any]?)] = []
        for l in data {
            if l.data == "[DONE]" { parsed.append((l, nil)); continue }
            guard let o = (try? JSONSerialization.jsonObject(with: Data(l.data.utf8))) as? [String: Any] else {
                context.report("event data is not a JSON object: \(l.data.prefix(80))", at: probe.range(l.range))
                return
            }
            parsed.append((l, o))
        }
        let custom = parsed.contains { $0.json?["type"] != nil }
        let openAI = parsed.contains { $0.json?["choices"] != nil } || parsed.contains { $0.json == nil }
        if custom && openAI {
            context.report("the stream mixes {\"type\": …} events with OpenAI chunks: keep each schema on its own endpoint",
                           at: probe.range(data[0].range))
            return
        }
        if openAI {
            for (l, o) in parsed where o != nil && (o?["choices"] as? [Any]) == nil {
                context.report("an OpenAI-compatible stream carries an event without choices[]: \(l.data.prefix(80))", at: probe.range(l.range))
                return
            }
            if !probe.disconnectedOnPurpose, parsed.last?.json != nil {
                context.report("the OpenAI-compatible stream did not end with data: [DONE]", at: probe.range(data[data.count - 1].range))
            }
            return
        }
        guard custom else {
            context.report("events carry neither a \"type\" (status, delta, done) nor OpenAI choices[]: clients cannot tell them apart",
                           at: probe.range(data[0].range))
            return
        }
        if (parsed.first?.json?["type"] as? String) != "status" {
            context.report("the first event is \(parsed.first?.json?["type"] as? String ?? "untyped"), not status", at: probe.range(data[0].range))
        }
        for (l, o) in parsed where (o?["type"] as? String) == "delta" && !(o?["content"] is String) {
            context.report("a delta event without a string content: \(l.data.prefix(80))", at: probe.range(l.range))
            break
        }
        if !probe.disconnectedOnPurpose, (parsed.last?.json?["type"] as? String) != "done" {
            context.report("the stream did not end with a done event", at: probe.range(data[data.count - 1].range))
        }
    }
}
