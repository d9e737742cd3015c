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
    public let apache: ApacheConfig?
    public let ingresses: [IngressObject]
    /// Traefik: the deployment's routers and middlewares from every provider together, and this file's share of
    /// them (a finding is reported in the file that writes the entry at fault).
    public let traefik: TraefikModel?
    public let traefikFile: TraefikFile?
    /// Routes with a whole-response timeout (Envoy, Istio, Gateway API) of the deployment, with the Gateways and
    /// policies they depend on; PRX001 judges those written in this file.
    public var routeTimeouts: RouteTimeouts?
    /// The tree turns Ingress snippet annotations on (ingress-nginx `allow-snippet-annotations: "true"`, F5
    /// `-enable-snippets`): PRX009 leaves snippets alone.
    public var snippetsAllowed = false
    /// Caddy's JSON config (PRX003, PRX007).
    public var caddyJSON: CaddyJSONConfig?
    /// The hosting platform's limits written in (or defaulted by) this file: PRX004 (idle), PLT001, PLT002.
    public var platform: [PlatformLimit] = []
    public let settings: Settings
    /// Every streaming route of the scanned app together; nil when no app code streams (or none was scanned).
    public let appStreams: AppRouteFacts?

    /// Which request paths are streams (the SSE path pattern, with the configuration's additions).
    public let streamPath: (String) -> Bool
    /// The other proxy layers of this deployment (nginx configs, other proxies' files, Ingress objects): a PRX
    /// finding names the layer that breaks the stream and cites these, so the whole chain is in view.
    public var otherLayers: [RelatedLocation] = []

    public init(source: SourceFile, haproxy: HAProxyConfig? = nil, caddy: Caddyfile? = nil, apache: ApacheConfig? = nil, ingresses: [IngressObject] = [],
                traefik: TraefikModel? = nil, traefikFile: TraefikFile? = nil, settings: Settings,
                appStreams: AppRouteFacts?, streamPath: @escaping (String) -> Bool) {
        self.source = source; self.haproxy = haproxy; self.caddy = caddy; self.apache = apache; self.ingresses = ingresses; self.settings = settings
        self.traefik = traefik; self.traefikFile = traefikFile
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

    /// Whether a Traefik router carries a stream, as a phrase for messages, with where the stream is: its rule
    /// names a stream path; it sends to an LLM server's container; it sends to the compose service that builds the
    /// scanned streaming app; a stream route starts with its path prefix; or it is the deployment's only router and
    /// the scanned app streams. Nil when nothing says so (a frontend's router is not judged by its API's streams).
    public func traefikStream(_ router: TraefikModel.Router) -> (phrase: String, related: [RelatedLocation])? {
        guard let model = traefik else { return nil }
        let appRelated = appStreams?.related ?? []
        if let p = router.paths.first(where: streamPath) { return ("router \(router.name) routes the stream \(p)", []) }
        let target = router.service?.value.split(separator: "@").first.map(String.init) ?? router.composeService
        let container = model.containers.first { $0.name == target || $0.name == router.composeService }
        if let c = container, let image = c.image, Self.llmServer(image.split(separator: "/").last.map(String.init) ?? image) {
            return ("router \(router.name) sends to \(c.name) (\(image)), an LLM server that streams its answers", [])
        }
        guard let streams = appStreams else { return nil }
        if let context = container?.buildContext,
           let r = appRelated.first(where: { Path.normalize($0.range.file.path).hasPrefix(context == "." ? "" : context + "/") || context == "." }) {
            return ("router \(router.name) sends to service \(container?.name ?? "?"), which builds the streaming app", [r])
        }
        for prefix in router.paths where prefix.hasPrefix("/") && prefix != "/" {
            if let p = streams.streamPaths.first(where: { $0.hasPrefix(prefix) }) { return ("router \(router.name) routes \(prefix), where the app streams \(p)", appRelated) }
        }
        if model.routers.count == 1 { return ("router \(router.name), the only router, sends to the streaming app in this tree", appRelated) }
        return nil
    }
}
