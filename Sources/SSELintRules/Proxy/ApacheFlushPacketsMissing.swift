import SSELintCore
import SSELintProxy

/// PRX002 — see rules/proxy/PRX002.yml
struct ApacheFlushPacketsMissing: Rule {
    static let id: RuleID = "PRX002"

    func check(_ proxy: ProxyAnalysis, _ context: inout RuleContext) {
        guard let cfg = proxy.apache else { return }
        let passes = cfg.proxyPasses.filter { !$0.pass.isExclusion && $0.pass.problem == nil }
        for (pass, _) in passes {
            guard let scheme = pass.scheme, scheme == "fcgi" || scheme == "ajp",
                  ProxyTimeoutBelowStreamSilence.apacheEvidence(pass, proxy, alone: passes.count == 1) != nil else { continue }
            let flush = pass.flushPackets
            guard flush == nil || flush == "off" else { continue }
            let module = scheme == "fcgi" ? "mod_proxy_fcgi" : "mod_proxy_ajp"
            let setting = flush == nil ? "no flushpackets" : "flushpackets=off"
            let at = pass.param("flushpackets")?.word.range ?? pass.directive.range
            var fix: [Edit] = []
            if let p = pass.param("flushpackets") { fix = [Edit(file: proxy.source, range: p.word.range, replacement: "flushpackets=on")] }
            else if let url = pass.url { fix = [Edit(file: proxy.source, range: url.range.upperBound..<url.range.upperBound, replacement: " flushpackets=on")] }
            context.report("ProxyPass \(pass.path ?? "") \(pass.target ?? "") has \(setting): \(module) collects the backend's output in its buffer and sends it when the buffer fills or the response ends, so a stream's events arrive late and together; `flushpackets=on` sends each piece as it comes",
                           at: proxy.range(at), fix: fix, fixTitle: nil, related: (proxy.appStreams.map { Array($0.related.prefix(2)) } ?? []) + proxy.otherLayers)
        }
    }
}
