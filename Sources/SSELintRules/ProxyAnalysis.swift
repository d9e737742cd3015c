import SSELintCore
import SSELintLaunch
import SSELintProxy

/// What the PRX rules share about one file that configures a proxy in front of the app (an haproxy.cfg, or the
/// Ingress objects of a manifest) and what the scanned app tells about its streams (which routes, their
/// heartbeat), so that the proxy is judged against the app behind it.
public final class ProxyAnalysis {
    public let source: SourceFile
    public let haproxy: HAProxyConfig?
    public let caddy: Caddyfile?
    public let ingresses: [IngressObject]
    public let settings: Settings
    /// Every streaming route of the scanned app together; nil when no app code streams (or none was scanned).
    public let appStreams: AppRouteFacts?

    /// Which request paths are streams (the SSE path pattern, with the configuration's additions).
    public let streamPath: (String) -> Bool
    /// The other proxy layers of this deployment (nginx configs, other proxies' files, Ingress objects): a PRX
    /// finding names the layer that breaks the stream and cites these, so the whole chain is in view.
    public var otherLayers: [RelatedLocation] = []

    public init(source: SourceFile, haproxy: HAProxyConfig? = nil, caddy: Caddyfile? = nil, ingresses: [IngressObject] = [], settings: Settings,
                appStreams: AppRouteFacts?, streamPath: @escaping (String) -> Bool) {
        self.source = source; self.haproxy = haproxy; self.caddy = caddy; self.ingresses = ingresses; self.settings = settings
        self.appStreams = appStreams; self.streamPath = streamPath
    }

    public func range(_ r: Range<Int>) -> SourceRange { SourceRange(file: source, start: r.lowerBound, end: r.upperBound) }

    /// Servers that are known LLM servers streaming their answers (Ollama, vLLM, TGI, LiteLLM, llama.cpp, Open WebUI)
    /// by host name or Ollama's port: a proxy in front of them carries streams even when no app code is in the tree.
    static let llmServerHints = ["ollama", "vllm", "text-generation", "tgi", "litellm", "llama", "open-webui", "openwebui", "lmstudio", "localai"]
    public static func llmServer(_ address: String) -> Bool {
        let a = address.lowercased()
        let host = a.split(separator: ":").first.map(String.init) ?? a
        return llmServerHints.contains { host.contains($0) } || a.hasSuffix(":11434")
    }
}
