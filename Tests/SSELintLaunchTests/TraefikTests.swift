import Foundation
import SSELintCore
import SSELintLaunch
import Testing

/// Traefik's providers read into one model: labels (list and mapping), flags, environment, file-provider YAML and
/// TOML, CRDs; and the model's assembly (entry point middlewares, chains, provider suffixes, versions).
struct TraefikTests {
    func parse(_ path: String, _ text: String) throws -> TraefikFile { try TraefikFile.parse(SourceFile(path: path, text: text)).get() }
    func model(_ files: [(String, String)]) throws -> TraefikModel { TraefikModel(try files.map { try parse($0.0, $0.1) }) }

    @Test func composeLabelsFlagsAndVersion() throws {
        let text = """
            services:
              proxy:
                image: docker.io/traefik:${TRAEFIK_RELEASE:-v2.9.8}
                command: --providers.docker --entrypoints.web.transport.respondingTimeouts.writeTimeout=30s
                environment:
                  TRAEFIK_ENTRYPOINTS_WS_TRANSPORT_RESPONDINGTIMEOUTS_WRITETIMEOUT: 10
              api:
                build: ./api
                labels:
                  - "traefik.http.routers.api.rule=PathPrefix(`/api`, `/v2`)"
                  - "traefik.http.routers.api.middlewares=sec@file, gz"
                  - "traefik.http.middlewares.gz.compress=true"
              ui:
                labels:
                  traefik.http.routers.ui.rule: Host(`x`)
            """
        let m = try model([("compose.yml", text)])
        #expect(m.version?.major == 2 && m.version?.minor == 9 && m.version?.text == "v2.9.8")
        #expect(m.routers.map(\.name) == ["api", "ui"])
        let api = m.routers[0]
        #expect(api.paths == ["/api", "/v2"] && api.composeService == "api")
        #expect(api.middlewares.map(\.name) == ["sec", "gz"])
        #expect(m.middlewares["gz"]?.kind == "compress")
        #expect(m.writeTimeouts.map(\.entryPoint) == ["web", "WS"] && m.writeTimeouts.map(\.entry.value) == ["30s", "10"])
        // Positions: the flag's own bytes inside the string command.
        let f = m.writeTimeouts[0].entry
        #expect(f.source.text(f.range).hasPrefix("--entrypoints.web.transport"))
        #expect(m.containers.first { $0.name == "api" }?.buildContext == "api")
    }

    @Test func tomlFileProviderWithChainsAndEntryPointMiddlewares() throws {
        let dynamic = """
            # comment
            [http.routers.chat]
              rule = "PathPrefix(`/chat`)"   # trailing comment
              middlewares = [
                "all@file",
              ]
            [http.middlewares.all.chain]
              middlewares = ["buf", "all"]
            [http.middlewares.buf.buffering]
              maxResponseBodyBytes = 10_000
            [[http.services.chat.loadBalancer.servers]]
              url = 'http://chat:8000'
            [[http.services.chat.loadBalancer.servers]]
              url = "http://chat2:8000"
            """
        let staticConfig = """
            entryPoints:
              web:
                http:
                  middlewares: [gz@file]
            """
        let file = try parse("dynamic.toml", dynamic)
        #expect(file.entries.contains { $0.key == ["http", "services", "chat", "loadBalancer", "servers", "1", "url"] && $0.value == "http://chat2:8000" })
        let m = try model([("dynamic.toml", dynamic), ("traefik.yml", staticConfig), ("gz.yml", "http:\n  middlewares:\n    gz:\n      compress: {}\n")])
        let chain = m.middlewares(of: m.routers[0]).map(\.middleware.name)
        // Entry point middlewares first; a chain naming itself stops.
        #expect(chain == ["gz", "buf", "all"])
        let rule = try #require(m.routers[0].rule)
        #expect(rule.source.text(rule.range) == "\"PathPrefix(`/chat`)\"")
    }

    @Test func badTOMLIsAnErrorAtItsLine() {
        for (text, line) in [("[http.routers\n", 1), ("a = 1\nb = \"open\n", 2), ("x = 1 y\n", 1), ("k = \"\"\"multi\"\"\"\n", 1)] {
            switch TraefikFile.parse(SourceFile(path: "t.toml", text: text)) {
            case .success: Issue.record("accepted \(text)")
            case .failure(let e): #expect(e.line == line, "\(text): \(e)")
            }
        }
    }

    @Test func kubernetesCRDsAndTheTraefikDeployment() throws {
        let text = """
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata: {name: llm}
            spec:
              routes:
                - match: PathPrefix(`/v1`)
                  middlewares: [{name: gz}]
                  services: [{name: vllm, port: 8000}]
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: gz}
            spec:
              compress:
                excludedContentTypes: [text/event-stream]
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: traefik}
            spec:
              template:
                spec:
                  containers:
                    - name: traefik
                      image: traefik:3.3
                      args: ["--entrypoints.web.transport.respondingtimeouts.writetimeout=5s"]
            """
        let m = try model([("k8s.yaml", text)])
        #expect(m.routers.map(\.name) == ["llm-0"] && m.routers[0].service?.value == "vllm")
        #expect(m.middlewares["gz"]?.options["excludedcontenttypes"]?.value == "text/event-stream")
        #expect(m.version?.major == 3 && m.version?.minor == 3)
        #expect(m.writeTimeouts.first?.entry.value == "5s")
    }

    @Test func unpinnedVersionsAreUnknown() {
        #expect(TraefikModel.parseVersion("traefik:latest") == nil && TraefikModel.parseVersion("traefik") == nil)
        #expect(TraefikModel.parseVersion("traefik:v3")?.0 == 3 && TraefikModel.parseVersion("traefik:v3")?.1 == -1)
    }
}
