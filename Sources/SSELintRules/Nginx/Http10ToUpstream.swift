import SSELintCore
import SSELintNginx

/// NGX008 — see rules/nginx/NGX008.yml
struct Http10ToUpstream: Rule {
    static let id: RuleID = "NGX008"

    func check(_ config: NginxAnalysis, _ context: inout RuleContext) {
        guard !config.http11ByDefault else { return }
        for loc in config.sseLocations where loc.module == "proxy" {
            let version = loc.effective("http_version", default: ["1.0"])
            guard version.first != "1.1" else { continue }
            // An unpinned image may already talk HTTP/1.1 by default: only an explicit 1.0 is certain.
            if version.isDefault, config.versionUnpinned != nil { continue }
            let nginx = config.versionText
            context.report(
                "proxy_http_version is \(version.first) (\(version.originText)): \(nginx) talks HTTP/1.0 to the upstream, with close-delimited bodies and no keepalive \(loc.because)",
                at: config.anchor(version, loc),
                fix: config.setInLocation("proxy_http_version", "1.1", current: version, loc),
                related: config.origin(version, loc), isolation: loc.location)
        }
    }
}
