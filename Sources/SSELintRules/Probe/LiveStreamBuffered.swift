import SSELintCore
import SSELintLogs

/// PRB002 — see rules/probe/PRB002.yml
struct LiveStreamBuffered: Rule {
    static let id: RuleID = "PRB002"

    func check(_ probe: ProbeAnalysis, _ context: inout RuleContext) {
        // When a client sees something: each event when its blank line arrives, and each heartbeat comment.
        let stream = probe.transcript.stream
        let events = (stream.events.map { (time: $0.time, range: $0.range) } + stream.comments.map { (time: $0.time, range: $0.range) })
            .sorted { ($0.time, $0.range.lowerBound) < ($1.time, $1.range.lowerBound) }
        let o = Options(context.optionValues)
        let (minEvents, late, burstGap, burstFraction) = (o.minEvents, o.lateFirstEvent, o.burstGap, o.burstFraction)
        guard events.count >= max(2, minEvents), let first = events.first else { return }
        let gaps = zip(events, events.dropFirst()).map { $1.time - $0.time }
        let bursts = gaps.filter { $0 < burstGap }.count
        guard first.time >= late, Double(bursts) >= burstFraction * Double(gaps.count) else { return }
        let f = { (x: Double) in String(Int((x * 1000).rounded())) + " ms" }
        context.report("\(events.count) events: the first arrived after \(f(first.time)) and \(bursts) of \(gaps.count) gaps were under \(f(burstGap)) (last at \(f(events.last!.time))): something between you and the app holds the stream back and releases it in a burst",
                       at: probe.range(first.range))
    }
}
