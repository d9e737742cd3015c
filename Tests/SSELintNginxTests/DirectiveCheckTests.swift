import Foundation
import SSELint
import SSELintCore
import SSELintNginx
import SSELintTestSupport
import Testing

/// nginx's own checks (context, block, arguments): what `nginx -t` rejects is an input error at its place.
struct DirectiveCheckTests {
    func errors(_ text: String, name: String = "nginx.conf") -> [InputError] {
        let dir = TestSupport.temporaryDirectory("directives")
        TestSupport.write("\(dir)/\(name)", text)
        return Linter().lint(["\(dir)/\(name)"]).report.errors
    }

    @Test func aMissingSemicolonOrABOMIsAnInputError() {
        // `listen 80` without `;`: the location becomes a block of listen.
        let swallowed = errors("events {}\nhttp {\n  server {\n    listen 80\n    location /stream { proxy_pass http://app:8000; }\n  }\n}\n")
        #expect(swallowed.map { "\($0.line):\($0.column)" } == ["4:5"] && swallowed[0].message.contains("\"listen\" takes no block"), "\(swallowed)")
        // `proxy_buffering off` without `;`: the next directive becomes its arguments.
        let flag = errors("events {}\nhttp { server { listen 80; location /s {\n  proxy_pass http://a:1;\n  proxy_buffering off\n  proxy_read_timeout 300s;\n} } }\n")
        #expect(flag.map(\.line) == [4] && flag[0].message.contains("is a \";\" missing before \"proxy_read_timeout\""), "\(flag)")
        let bom = errors("\u{FEFF}events {}\nhttp {}\n")
        #expect(bom.map { "\($0.line):\($0.column)" } == ["1:1"] && bom[0].message.contains("byte order mark"), "\(bom)")
        #expect(errors("events {}\nhttp {\n  proxy_buffering off;\n}\nproxy_buffering on;\n").map(\.line) == [5])
    }

    @Test func thirdPartyDirectivesAndPlaceholdersAreNotErrors() {
        let dir = TestSupport.temporaryDirectory("directives")
        TestSupport.write("\(dir)/nginx.conf", "events {}\nhttp {\n  more_set_headers \"X-A: b\";\n  server { listen 80; location / { content_by_lua_block { ngx.say(1) } } }\n}\n")
        let report = Linter().lint([dir]).report
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.notices.contains { $0.message.hasPrefix("unknown directive \"more_set_headers\"") })
        #expect(errors("server {\n  listen 80;\n  gzip ${GZIP};\n}\n", name: "default.conf.template").isEmpty)
        // A stream snippet named alone (server/upstream blocks of `stream {}`) is not judged as http.
        #expect(errors("upstream backend { server 127.0.0.1:5000; }\nserver {\n  listen 5000;\n  proxy_pass backend;\n  proxy_timeout 10s;\n}\n", name: "tcp.conf").isEmpty)
    }

    static var haveCrossplane: Bool { TestSupport.oracle(TestSupport.pythonHasCrossplane, "crossplane (pip install crossplane)") }

    @Test(.enabled(if: haveCrossplane)) func theDirectiveTableIsFresh() {
        let r = TestSupport.run(["python3", "\(TestSupport.packageRoot)/scripts/gen-nginx-directives.py", "--print"])
        #expect(r.status == 0, "\(r.stderr)")
        let file = TestSupport.read("\(TestSupport.packageRoot)/Sources/SSELintNginx/Generated/Directives+Generated.swift")
        #expect(r.stdout == file, "stale: run python3 scripts/gen-nginx-directives.py")
    }

    static var haveNginxAndCorpus: Bool {
        TestSupport.oracle(TestSupport.which("nginx") != nil, "nginx (for nginx -t)")
            && TestSupport.oracle(TestSupport.shared != nil, "../shared/corpus (only beside the project's own clone)")
    }

    /// The config `nginx -t` can check for a file: as it is when it is a main config, else wrapped in the blocks its
    /// top level belongs in; nil when its context cannot be told.
    static func wrapped(_ text: String) -> String? {
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        func starts(_ words: [String], block: Bool = false) -> Bool {
            lines.contains { l in words.contains { w in l.hasPrefix(w + " ") || l.hasPrefix(w + "{") || l == w } && (!block || l.contains("{")) }
        }
        if starts(["events", "http", "worker_processes", "user", "pid", "stream"]) { return starts(["events"]) ? text : "events {}\n" + text }
        if starts(["server", "upstream", "map"], block: true) { return "events {}\nhttp {\n\(text)\n}\n" }
        if starts(["location"]) { return "events {}\nhttp {\nserver {\nlisten 18080;\n\(text)\n}\n}\n" }
        return nil
    }

    /// Rejections of syntax, place or arguments (not missing files, hosts or third-party modules).
    static func isSyntax(_ message: String) -> Bool {
        ["invalid number of arguments", "is not allowed here", "has no opening", "is not terminated", "unexpected",
         "it must be \"on\" or \"off\""].contains { message.contains($0) } && !message.contains("unknown directive")
    }

    @Test(.enabled(if: haveNginxAndCorpus)) func agreesWithNginxT() async throws {
        let nginx = try #require(TestSupport.which("nginx"))
        let corpus = try #require(TestSupport.shared.map { "\($0)/corpus/nginx" })
        var files: [String] = []
        for root in [corpus, "\(TestSupport.packageRoot)/samples/nginx"] {
            let e = FileManager.default.enumerator(atPath: root)
            while let rel = e?.nextObject() as? String {
                if rel.hasSuffix(".conf") || rel.hasSuffix(".nginx") { files.append("\(root)/\(rel)") }
            }
        }
        var agree = 0, checked = 0
        var disagreements: [String] = []
        for path in files.sorted() {
            guard let text = String(data: (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data(), encoding: .utf8),
                  let conf = Self.wrapped(text) else { continue }
            let dir = TestSupport.temporaryDirectory("nginx-t")
            TestSupport.write("\(dir)/nginx.conf", "pid \(dir)/nginx.pid;\n" + conf)
            let r = await TestSupport.runDetached([nginx, "-t", "-q", "-p", dir + "/", "-c", dir + "/nginx.conf", "-e", dir + "/e.log"])
            let message = r.stderr + TestSupport.read("\(dir)/e.log")
            let rejected = r.status != 0 && Self.isSyntax(message)
            if r.status != 0 && !rejected { continue }   // missing includes, unknown hosts, third-party modules
            checked += 1
            // sselint says "nginx rejects this" by an input error, or by NGX012 (buffering directives, with a fix).
            let report = Linter().lint([path]).report
            let ours = report.errors.contains { Self.isSyntax($0.message) || $0.message.contains("nginx -t rejects") || $0.message.contains("expecting") }
                || report.findings.contains { $0.rule == "NGX012" }
            if ours == rejected { agree += 1 } else { disagreements.append("\(path): nginx -t \(rejected ? "rejects" : "accepts"), sselint \(ours ? "rejects" : "accepts"): \(message.prefix(200))") }
        }
        print("nginx -t agreement: \(agree) of \(checked) files")
        #expect(checked > 40)
        #expect(disagreements.isEmpty, "\(disagreements.joined(separator: "\n"))")
    }
}
