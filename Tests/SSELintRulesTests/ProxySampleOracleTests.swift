import Foundation
import SSELint
import SSELintCore
import SSELintLaunch
import SSELintTestSupport
import Testing

/// Every proxy sample (bad, good and fixed) is a configuration the real proxy accepts: `haproxy -c`, `caddy adapt`,
/// `apache2 -t` (a sample wrapped in a minimal server config that loads the modules it uses). A fix that breaks
/// the proxy's syntax fails here. Integration tier: needs Debian's haproxy, caddy and apache2.
struct ProxySampleOracleTests {
    static var samples: [String] {
        let root = TestSupport.packageRoot + "/samples/proxy"
        let dirs = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted()
        var out: [String] = []
        for d in dirs {
            guard let e = FileManager.default.enumerator(atPath: "\(root)/\(d)") else { continue }
            while let f = e.nextObject() as? String { out.append("\(root)/\(d)/\(f)") }
        }
        return out.sorted()
    }

    static var haveProxies: Bool {
        TestSupport.integration && TestSupport.oracle(TestSupport.which("haproxy") != nil && TestSupport.which("caddy") != nil
            && FileManager.default.fileExists(atPath: "/usr/sbin/apache2"), "haproxy, caddy and apache2 (checking the proxy samples)")
    }

    static func apacheWrapper(_ sample: String, dir: String) -> String {
        let modules = ["mpm_event", "authz_core", "proxy", "proxy_http", "proxy_fcgi", "proxy_ajp", "proxy_wstunnel", "filter", "deflate", "headers", "setenvif"]
        return "ServerRoot \"\(dir)\"\nServerName localhost\nListen 127.0.0.1:18080\nPidFile \(dir)/httpd.pid\nErrorLog \(dir)/error.log\n"
            + modules.map { "LoadModule \($0)_module /usr/lib/apache2/modules/mod_\($0).so\n" }.joined()
            + "Include \(sample)\n"
    }

    @Test(.enabled(if: haveProxies)) func theRealProxiesAcceptEverySample() {
        var checked = 0
        for path in Self.samples {
            let name = Path.basename(path)
            var r: (status: Int32, stdout: String, stderr: String)?
            if name.hasSuffix(".cfg") {
                // Samples name hosts of their deployment (ollama, api): resolved at start, not at check time.
                let dir = TestSupport.temporaryDirectory("haproxy")
                let text = TestSupport.read(path).split(separator: "\n", omittingEmptySubsequences: false).map { line in
                    line.trimmingCharacters(in: .whitespaces).hasPrefix("server ") ? line + " init-addr none" : String(line)
                }.joined(separator: "\n")
                TestSupport.write("\(dir)/haproxy.cfg", text)
                r = TestSupport.run(["haproxy", "-c", "-f", "\(dir)/haproxy.cfg"])
            } else if name.hasSuffix("Caddyfile") {
                r = TestSupport.run(["caddy", "adapt", "--adapter", "caddyfile", "--config", path])
            } else if name.hasSuffix(".conf"), TestSupport.read(path).contains("Proxy") {
                let dir = TestSupport.temporaryDirectory("apache")
                TestSupport.write("\(dir)/httpd.conf", Self.apacheWrapper(path, dir: dir))
                r = TestSupport.run(["/usr/sbin/apache2", "-t", "-f", "\(dir)/httpd.conf"])
            }
            guard let r else { continue }
            checked += 1
            #expect(r.status == 0, "\(path): \(r.stdout) \(r.stderr)")
        }
        #expect(checked >= 15, "\(checked) samples checked")
    }
}

/// Inline suppressions work in every proxy format (HAProxy and Caddyfile comments kept their `#`, so the
/// suppression reader never saw `sselint:` there).
struct ProxySuppressionTests {
    @Test(arguments: [
        ("haproxy.cfg", "defaults\n  mode http\nfrontend f\n  bind :80\n  default_backend b\nbackend b\n  # sselint: disable-next-line=PRX004\n  timeout server 5s\n  server s ollama:11434\n"),
        ("Caddyfile", "{\n\tservers {\n\t\ttimeouts {\n\t\t\t# sselint: disable-next-line=PRX007\n\t\t\twrite 30s\n\t\t}\n\t}\n}\nexample.com {\n\treverse_proxy /v1/chat/completions litellm:4000\n}\n"),
        ("site.conf", "<VirtualHost *:80>\n    # sselint: disable-next-line=PRX004\n    ProxyTimeout 5\n    ProxyPass /api/ http://ollama:11434/api/\n</VirtualHost>\n"),
        ("compose.yml", "services:\n  traefik:\n    image: traefik:v3.2\n  api:\n    labels:\n      - traefik.http.routers.a.rule=PathPrefix(`/api/chat`)\n      - traefik.http.routers.a.middlewares=gz\n      # sselint: disable-next-line=PRX008\n      - traefik.http.middlewares.gz.compress=true\n"),
    ])
    func suppressedInEveryProxyFormat(_ name: String, _ text: String) {
        let dir = TestSupport.temporaryDirectory("suppress")
        TestSupport.write("\(dir)/\(name)", text)
        let report = Linter(select: ["PRX"]).lint([dir]).report
        #expect(report.errors.isEmpty && report.findings.isEmpty && report.suppressed.count == 1, "\(name): \(report.findings.map(\.message)) \(report.errors)")
    }
}

/// Caddy's JSON config gets the verdicts its Caddyfile gets: each Caddyfile sample of PRX003 and PRX007, adapted
/// by the real `caddy adapt`, gives as many findings of the rule, on the JSON's own lines.
struct CaddyJSONTests {
    func lint(_ name: String, _ text: String, _ rule: String) -> [Finding] {
        let dir = TestSupport.temporaryDirectory("caddyjson")
        TestSupport.write("\(dir)/\(name)", text)
        let report = Linter(select: [rule]).lint([dir]).report
        #expect(report.errors.isEmpty, "\(report.errors)")
        return report.findings
    }

    @Test func nanosecondsSubroutesAndPathsAsCaddyReadsThem() throws {
        let json = """
            {"apps": {"http": {"servers": {"srv0": {"listen": [":443"], "write_timeout": 30000000000,
              "routes": [{"match": [{"path": ["/api/chat/*"]}], "handle": [{"handler": "subroute", "routes": [
                {"handle": [{"handler": "reverse_proxy", "flush_interval": -1, "upstreams": [{"dial": "gateway:8080"}]}]}]}]}]},
              "static": {"listen": [":8080"], "write_timeout": "10s", "routes": [{"handle": [{"handler": "file_server"}]}]}}}}}
            """
        let deadline = lint("caddy.json", json, "PRX007")
        #expect(deadline.count == 1 && deadline[0].message.contains("server srv0 write_timeout 30000000000") && deadline[0].message.contains("30 s after"), "\(deadline.map(\.message))")
        let flush = lint("caddy.json", json, "PRX003")
        #expect(flush.count == 1 && flush[0].range.start.line == 3, "\(flush.map(\.range.start.line))")
        #expect(CaddyJSONConfig.seconds(.init(text: "1d", range: 0..<0)) == 86400 && CaddyJSONConfig.seconds(.init(text: "1500000000", range: 0..<0)) == 1.5)
    }

    @Test(.enabled(if: TestSupport.integration && TestSupport.which("caddy") != nil))
    func adaptedCaddyfilesGetTheSameVerdicts() {
        for rule in ["PRX003", "PRX007"] {
            let dir = TestSupport.packageRoot + "/samples/proxy/\(rule)"
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() where name.hasSuffix("Caddyfile") {
                let adapted = TestSupport.run(["caddy", "adapt", "--adapter", "caddyfile", "--config", "\(dir)/\(name)"])
                #expect(adapted.status == 0, "\(name): \(adapted.stderr)")
                let fromCaddyfile = Linter(select: [rule]).lint(["\(dir)/\(name)"]).report.findings.count
                #expect(lint("caddy.json", adapted.stdout, rule).count == fromCaddyfile, "\(rule)/\(name)")
            }
        }
    }
}
