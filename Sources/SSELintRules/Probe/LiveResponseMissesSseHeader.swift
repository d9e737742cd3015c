import SSELintCore
import SSELintLogs

/// PRB001 — see rules/probe/PRB001.yml
struct LiveResponseMissesSseHeader: Rule {
    static let id: RuleID = "PRB001"
    /// The quick reference's headers as HDR006 grades them (Connection is left to HDR002; FACTS §1.6, §7).
    static let set: [(name: String, severity: Severity)] = [("x-accel-buffering", .warning), ("cache-control", .warning),
                                                             ("pragma", .info), ("expires", .info)]

    func check(_ probe: ProbeAnalysis, _ context: inout RuleContext) {
        let t = probe.transcript
        guard t.status != nil else { return }
        let received = t.headers.map { "\($0.name): \($0.value)" }.joined(separator: "; ")
        let type = t.header("content-type")
        if type?.value.lowercased().hasPrefix("text/event-stream") != true {
            context.report("the response's Content-Type is \(type?.value ?? "missing"), not text/event-stream: EventSource fails the connection (received: \(received.isEmpty ? "no headers" : received))",
                           at: type.map { probe.range($0.range) } ?? probe.responseRange, severity: .error)
        }
        // nginx removes X-Accel-* headers from what it passes on: behind nginx their absence proves nothing (PRB002
        // measures the buffering itself).
        let viaNginx = t.header("server")?.value.lowercased().hasPrefix("nginx") == true
        let missing = Self.set.filter { h in
            if viaNginx && h.name == "x-accel-buffering" { return false }
            guard let v = t.header(h.name)?.value.lowercased() else { return true }
            return h.name == "x-accel-buffering" && v != "no"
        }
        guard !missing.isEmpty else { return }
        let names = missing.map { $0.name == "x-accel-buffering" ? "X-Accel-Buffering: no" : $0.name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: "-") }
        context.report("the response lacks \(names.joined(separator: ", ")) that an SSE response should send (received: \(received.isEmpty ? "no headers" : received))",
                       at: probe.responseRange, severity: missing.map(\.severity).max())
    }
}
