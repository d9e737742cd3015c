import SSELintCore
import SSELintLaunch

extension ProxyTimeoutBelowStreamSilence {
    /// Idle limits of the hosting platform (an ALB's `idle_timeout`, CloudFront's origin response timeout), judged
    /// like a proxy's idle timeout against the scanned app's streams: the platform in the tree is taken to front the
    /// app that streams.
    func checkPlatform(_ proxy: ProxyAnalysis, _ context: inout RuleContext) {
        guard let app = proxy.appStreams else { return }
        for l in proxy.platform where l.kind == .idle {
            guard let seconds = l.seconds, let (proposed, silence, related) = Self.verdict(seconds, .app(app)) else { continue }
            let value = "\(Int(proposed))"
            let shown = l.written ? PlatformLimit.shown(l) : "no \(l.setting) (\(secondsText(seconds)) s by default)"
            let message = "\(l.platform) \(l.resource): \(shown); it closes a connection that carries no byte for that long; \(silence)"
            // A literal number is replaced; a variable or the default is shown (the value lives elsewhere).
            let literal = l.written && Double(l.source.text(l.range)) != nil
            context.report(message, at: SourceRange(file: l.source, start: l.range.lowerBound, end: l.range.upperBound),
                           fix: literal ? [Edit(file: l.source, range: l.range, replacement: value)] : nil,
                           fixTitle: .with(["setting": "\(l.setting) = \(value)"]), related: related + proxy.otherLayers)
        }
    }
}

extension PlatformLimit {
    /// The setting as written, with its value in seconds when the text is a variable (`template.timeout =
    /// var.request_timeout (60 s)`).
    static func shown(_ l: PlatformLimit) -> String {
        let text = l.source.text(l.range)
        let name = l.setting.split(separator: ".").last.map(String.init) ?? l.setting
        let head = text.hasPrefix(name) ? text : "\(l.setting) = \(text)"
        let value = (text.split(separator: "=").last.map(String.init) ?? text).filter { $0 != "\"" && $0 != " " }
        let literal = Double(value) != nil || (value.last.map { "smh".contains($0) } ?? false) && Double(value.dropLast()) != nil
        return literal || l.seconds == nil ? head : "\(head) (\(secondsText(l.seconds ?? 0)) s)"
    }
}
