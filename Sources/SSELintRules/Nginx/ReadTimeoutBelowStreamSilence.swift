import SSELintCore
import SSELintNginx

/// NGX006 — see rules/nginx/NGX006.yml
struct ReadTimeoutBelowStreamSilence: Rule {
    static let id: RuleID = "NGX006"

    func check(_ config: NginxAnalysis, _ context: inout RuleContext) {
        for loc in config.sseLocations {
            let timeout = loc.effective("read_timeout", default: ["60s"])
            guard let seconds = nginxSeconds(timeout.first) else { continue }
            // Decided first, worded after: most locations of a large config pass, and their text was never shown.
            enum Why { case heartbeat(Double), noHeartbeat, heartbeatUnknown }
            let why: Why
            // The value the fix proposes: above the heartbeat when there is one, never at or below the current value.
            var proposed = 300.0
            if let app = loc.app, !app.heartbeatUnknown {
                if let beat = app.heartbeatSeconds {
                    guard seconds <= beat else { continue }
                    proposed = min(86_400, max(300, (beat * 2).rounded(.up)))
                    why = .heartbeat(beat)
                } else {
                    // Five minutes of silence is past what model thinking or a tool call takes; a longer timeout is
                    // a deliberate choice, and proposing 300 s there would lower it.
                    guard seconds < 300 else { continue }
                    why = .noHeartbeat
                }
            } else {
                guard seconds <= 60 else { continue }
                why = .heartbeatUnknown
            }
            let name = loc.name("read_timeout")
            let shown = "\(name) \(timeout.args.first ?? "60s") (\(timeout.originText))"
            let message: String
            switch why {
            case .heartbeat(let beat):
                message = "\(shown) is not longer than the app's heartbeat interval (\(secondsText(beat)) s): nginx closes the stream before the next ping"
            case .noHeartbeat:
                message = "\(shown) and the app sends no heartbeat: any silence that long (model thinking, tool calls) ends the stream"
            case .heartbeatUnknown:
                message = "\(shown): a silence that long (model thinking, tool calls) ends the stream; no app heartbeat is known (\(loc.app?.heartbeatUnknown == true ? "the app's stream generator is not in a scanned file" : config.appScanned ? "no scanned app route is behind this location" : "app code not scanned"))"
            }
            let value = "\(secondsText(proposed))s"
            context.report("\(message) \(loc.because)", at: config.anchor(timeout, loc),
                           fix: config.setInLocation(name, value, current: timeout, loc),
                           fixTitle: .with(["directive": name, "value": value]), related: config.origin(timeout, loc), isolation: loc.location)
        }
    }

}
