import SSELintCore
import SSELintLaunch

/// PLT002 — see rules/proxy/PLT002.yml
struct PlatformBuffersStream: Rule {
    static let id: RuleID = "PLT002"

    func check(_ proxy: ProxyAnalysis, _ context: inout RuleContext) {
        guard let app = proxy.appStreams else { return }
        for l in proxy.platform where l.kind == .buffers {
            let how: String
            switch l.platform {
            case "App Engine standard": how = "App Engine standard collects the whole response and sends it when the handler returns (it does not stream)"
            default: how = "a REST API integration buffers the whole response unless response_transfer_mode is STREAM, and cuts it at the integration timeout (29 s by default)"
            }
            let message = "\(l.platform) (\(l.resource)): \(how), so the events of the scanned app's stream (\(app.related.first.map { "\($0.range.file.path):\($0.range.start.line)" } ?? "text/event-stream")) arrive together at the end, or never"
            context.report(message, at: SourceRange(file: l.source, start: l.range.lowerBound, end: l.range.upperBound),
                           fixTitle: .named(l.platform == "App Engine standard" ? "app-engine" : "api-gateway"),
                           related: Array(app.related.prefix(2)) + proxy.otherLayers)
        }
    }
}
