import SSELintCore
import SSELintLaunch

/// CAN003 — see rules/launch/CAN003.yml
struct CancellationTimeoutConfiguredOutsideRange: Rule {
    static let id: RuleID = "CAN003"

    /// CANCEL_TIMEOUT, AGENT_CANCEL_TIMEOUT, stream-cancellation-timeout-ms … (case and `-`/`_` alike).
    static func isCancellationKey(_ key: String) -> Bool {
        let k = key.uppercased().replacingDashes
        return k.contains("CANCEL_TIMEOUT") || k.contains("CANCELLATION_TIMEOUT")
    }

    /// Seconds from `0.5`, `500ms`, `1s`, `2m`; a key ending in `_MS` counts unitless values as milliseconds.
    static func seconds(_ value: String, key: String) -> Double? {
        let v = value.trimmingSpaces.lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
        for (u, factor) in units where v.hasSuffix(u) {
            if let n = Double(v.dropLast(u.count).trimmingSpaces) { return n * factor }
        }
        guard let n = Double(v) else { return nil }
        return key.uppercased().replacingDashes.hasSuffix("_MS") ? n / 1000 : n
    }

    func check(_ launch: LaunchAnalysis, _ context: inout RuleContext) {
        let (lo, hi) = context.settings.cancellationTimeout
        var seen: Set<Int> = []
        for (key, value) in launch.file.settings where Self.isCancellationKey(key) {
            guard let range = value.range, range.file === launch.file.source, seen.insert(range.start.offset).inserted else { continue }
            // Set elsewhere: a variable, a template, or a compose pass-through (`KEY:` with no value).
            if value.value.contains("$") || value.value.contains("{{") || value.value.isEmpty || value.value == "null" || value.value == "~" { continue }
            guard let s = Self.seconds(value.value, key: key) else {
                context.report("\(key) = \(value.value) is not a number of seconds (such as 0.5 or 500ms); the cancellation wait it configures is unbounded or breaks", at: range)
                continue
            }
            let shown = value.value
            if s <= 0 {
                context.report("\(key) = \(shown) is not above 0: the cancellation wait gives the agent no time to stop (or, as None/0, may mean no bound)", at: range, severity: .error)
            } else if s < lo || s > hi {
                context.report("\(key) = \(shown) (\(secondsText(s)) s) is outside the tuned range [\(secondsText(lo)), \(secondsText(hi))] s: \(s < lo ? "more aggressive than 0.2 s, cleanup may not finish" : "slower than 1.0 s, users report \"takes too long to stop\"")", at: range)
            }
        }
    }

}

extension String {
    var replacingDashes: String { String(map { $0 == "-" ? "_" : $0 }) }
}
