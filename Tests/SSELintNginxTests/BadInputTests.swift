import Foundation
import SSELint
import SSELintCore
import SSELintTestSupport
import Testing

/// Every kind of bad input gives an error naming path:line:col, exit 2, and the other files are still linted.
struct BadInputTests {
    static let goodSSE = "events {}\nhttp { server { location /api/chat { proxy_pass http://127.0.0.1:8000; } } }\n"

    /// A tree with one broken file beside a file that has one NGX001 finding.
    func check(_ name: String, _ text: String?, bytes: [UInt8]? = nil, expect: String, line: Int? = nil,
               setup: ((String) -> Void)? = nil, settings: Settings = Settings()) {
        let dir = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        TestSupport.write("\(dir)/ok/nginx.conf", Self.goodSSE)
        try! FileManager.default.createDirectory(atPath: "\(dir)/bad", withIntermediateDirectories: true)
        if let text { TestSupport.write("\(dir)/bad/\(name)", text) }
        if let bytes { FileManager.default.createFile(atPath: "\(dir)/bad/\(name)", contents: Data(bytes)) }
        setup?(dir)
        let report = Linter(settings: settings, select: ["NGX001"]).lint([dir]).report
        #expect(report.exitCode(failOn: .warning) == 2, "\(name): no error")
        let err = report.errors.first { $0.message.contains(expect) }
        #expect(err != nil, "\(name): errors were \(report.errors.map(\.message))")
        if let line { #expect(err?.line == line, "\(name): error at line \(err?.line ?? -1)") }
        #expect(err.map { $0.line == 0 || $0.column > 0 } ?? false)
        #expect(report.findings.count == 1 && report.findings[0].range.file.path.hasSuffix("ok/nginx.conf"),
                "\(name): the good file was not linted")
    }

    @Test func unbalancedBraces() { check("nginx.conf", "http {\n server {\n", expect: "expecting \"}\"", line: 3) }
    @Test func unterminatedQuote() { check("nginx.conf", "events {}\nhttp { add_header X \"a; }\n", expect: "unterminated", line: 2) }
    @Test func missingSemicolon() { check("nginx.conf", "events {}\nhttp {\n  server {\n    listen 80\n  }\n}\n", expect: "missing its \";\"", line: 5) }
    @Test func binaryFile() { check("nginx.conf", nil, bytes: [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00], expect: "binary", line: 1) }
    @Test func includeCycle() {
        check("nginx.conf", "include a.conf;\n", expect: "include cycle", line: 1) { dir in
            TestSupport.write("\(dir)/bad/a.conf", "include nginx.conf;\n")
        }
    }
    @Test func missingInclude() { check("nginx.conf", "events {}\n\ninclude missing/site.conf;\n", expect: "no such file", line: 3) }

    @Test func unreadableFile() {
        // As root permissions do not stop reads, so a FIFO stands in for a file that cannot be read as a config
        // (and proves sselint never blocks on one).
        check("nginx.conf", nil, expect: getuid() == 0 ? "not a regular file" : "cannot read") { dir in
            if getuid() == 0 { mkfifo("\(dir)/bad/nginx.conf", 0o644) } else {
                TestSupport.write("\(dir)/bad/nginx.conf", "x;")
                chmod("\(dir)/bad/nginx.conf", 0)
            }
        }
    }

    @Test func directoryLoopThroughSymlinks() {
        check("nginx.conf", nil, expect: "directory loop") { dir in
            try! FileManager.default.createDirectory(atPath: "\(dir)/bad/sub", withIntermediateDirectories: true)
            symlink("\(dir)/bad", "\(dir)/bad/sub/up")
        }
    }

    /// A directory whose name is not UTF-8 cannot be reached by the name its listing decodes to: it is skipped
    /// quietly, as it was when each directory was resolved before it was listed, and the rest is linted.
    @Test func directoryNamedInOtherBytesIsSkippedQuietly() {
        let dir = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        TestSupport.write("\(dir)/ok/nginx.conf", Self.goodSSE)
        let latin1 = Array("\(dir)/caf".utf8).map { CChar(bitPattern: $0) } + [CChar(bitPattern: 0xE9), 0]
        #expect(mkdir(latin1, 0o755) == 0)
        let report = Linter(settings: Settings(), select: ["NGX001"]).lint([dir]).report
        #expect(report.errors.isEmpty, "\(report.errors.map(\.message))")
        #expect(report.findings.count == 1 && report.findings[0].range.file.path.hasSuffix("ok/nginx.conf"))
    }

    @Test func fiftyMegabyteConfig() {
        check("nginx.conf", nil, expect: "above the", line: 1) { dir in
            var big = "events {}\nhttp {\n"
            let line = "    map_hash_bucket_size 128; # padding padding padding padding padding padding\n"
            big.reserveCapacity(50 << 20)
            while big.utf8.count < 50 << 20 { big += line }
            FileManager.default.createFile(atPath: "\(dir)/bad/nginx.conf", contents: Data((big + "}\n").utf8))
        }
    }

    @Test func hundredThousandNestedBlocks() {
        let depth = 100_000
        check("nginx.conf", String(repeating: "a {\n", count: depth) + String(repeating: "}\n", count: depth),
              expect: "nested deeper", line: 201)
    }

    @Test func templateGivenExplicitlyIsAClearError() {
        // An envsubst template (`${VAR}` only, as the official image renders) is linted; a Go/Jinja template is not.
        let dir = TestSupport.temporaryDirectory()
        TestSupport.write("\(dir)/default.conf.template", "server { listen ${PORT}; }\n")
        TestSupport.write("\(dir)/site.conf", "{{ range .Servers }}\nserver { listen 80; }\n{{ end }}\n")
        let explicit = Linter().lint(["\(dir)/default.conf.template", "\(dir)/site.conf"]).report
        #expect(explicit.errors.count == 1 && explicit.errors.allSatisfy { $0.message.contains("template") && $0.path.hasSuffix("site.conf") },
                "\(explicit.errors)")
        // Found while walking a directory, the Go template is skipped with a notice, never silently.
        let walked = Linter().lint([dir]).report
        #expect(walked.errors.isEmpty && walked.notices.count == 1, "\(walked.errors) \(walked.notices)")
        #expect(walked.notices.allSatisfy { $0.message.contains("template") })
    }

    @Test func envsubstTemplatePlaceholderLinesAreNotDirectives() {
        let dir = TestSupport.temporaryDirectory()
        TestSupport.write("\(dir)/default.conf.template", "server {\n    listen 80;\n    ${HTTPS_CONFIG}\n    location /stream { proxy_pass http://app:8000; proxy_read_timeout ${T}; }\n}\n")
        TestSupport.write("\(dir)/.env", "T=20s\n")
        let report = Linter(select: ["NGX006"]).lint([dir]).report
        #expect(report.errors.isEmpty, "\(report.errors)")
        let f = report.findings.first
        #expect(f?.range.start.line == 4 && f?.message.contains("${T} = 20s from") == true, "\(report.findings.map(\.message))")
        #expect(f?.fix?.safety == .display)
    }

    @Test func otherProxiesNamedExplicitlyAreNeverParsedAsNginx() {
        let dir = TestSupport.temporaryDirectory()
        TestSupport.write("\(dir)/Caddyfile", "example.com {\n  reverse_proxy localhost:8000\n}\n")
        TestSupport.write("\(dir)/lb.cfg", "global\n  maxconn 100\ndefaults\n  mode http\n  timeout server 30s\nbackend b\n  server s1 127.0.0.1:8000\n")
        TestSupport.write("\(dir)/site.conf", "<VirtualHost *:80>\n  ProxyPass / http://localhost:8000/\n</VirtualHost>\n")
        // Windows line ends and a comment first: recognised line by line all the same (not one long line).
        TestSupport.write("\(dir)/edge.cfg", "# edge balancer\r\nglobal\r\n  maxconn 100\r\ndefaults\r\n  mode http\r\n  timeout server 30s\r\nbackend b\r\n  server s1 127.0.0.1:8000\r\n")
        let report = Linter().lint(["\(dir)/Caddyfile", "\(dir)/lb.cfg", "\(dir)/site.conf", "\(dir)/edge.cfg"]).report
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.notices.isEmpty, "\(report.notices)")
        // HAProxy configs, Caddyfiles and Apache configs are read as such (the PRX rules), by name or by content.
        #expect(report.files.contains("\(dir)/lb.cfg") && report.files.contains("\(dir)/Caddyfile") && report.files.contains("\(dir)/site.conf")
                && report.files.contains("\(dir)/edge.cfg"), "\(report.files)")
        // In a tree too, and a broken one is an input error at its line.
        TestSupport.write("\(dir)/tree/apache/site.conf", "<VirtualHost *:80>\n  ProxyPass / http://localhost:8000/\n")
        let tree = Linter().lint(["\(dir)/tree"]).report
        #expect(tree.errors.map { "\(Path.basename($0.path)):\($0.line)" } == ["site.conf:1"], "\(tree.errors)")
    }

    @Test func brokenHAProxyConfigsAreInputErrorsAtTheirPlace() {
        let dir = TestSupport.temporaryDirectory()
        TestSupport.write("\(dir)/haproxy.cfg", "defaults\n  mode http\n  timeout server 30x\n")
        TestSupport.write("\(dir)/b/haproxy.cfg", "  timeout server 30s\nbackend b\n")
        TestSupport.write("\(dir)/c/haproxy.cfg", "backend b\n  http-request set-header X \"unterminated\n")
        TestSupport.write("\(dir)/d/haproxy.cfg", "frontend f from missing\n  bind :80\n")
        let errors = Linter().lint([dir]).report.errors.map { "\(Path.basename(Path.dirname($0.path))):\($0.line):\($0.column): \($0.message)" }.sorted()
        let base = Path.basename(dir)
        #expect(errors == ["b:1:3: \"timeout\" before any section (global, defaults, frontend, backend or listen)",
                           "c:2:29: unterminated quote",
                           "d:1:17: \"from missing\": no defaults section named missing above this line",
                           "\(base):3:18: timeout server: \"30x\" is not a time (a number with us, ms, s, m, h or d)"], "\(errors)")
    }

    @Test func brokenTraefikFilesAreInputErrorsAndTheRunGoesOn() {
        let dir = TestSupport.temporaryDirectory()
        TestSupport.write("\(dir)/traefik.toml", "[entryPoints.web]\n  address = \":80\"\n[http.routers\n")
        TestSupport.write("\(dir)/dynamic/routes.toml", "[http.routers.api]\n  rule = \"PathPrefix(`/api`)\n")
        TestSupport.write("\(dir)/conf/traefik.yml", "entryPoints:\n  web:\n    address: [\":80\"\n")
        TestSupport.write("\(dir)/haproxy.cfg", "defaults\n  mode http\n  timeout server 10s\nfrontend f\n  bind :80\n  default_backend b\nbackend b\n  server s ollama:11434\n")
        let report = Linter().lint([dir]).report
        let errors = report.errors.map { "\(Path.basename($0.path)):\($0.line)" }.sorted()
        #expect(errors == ["routes.toml:2", "traefik.toml:3", "traefik.yml:4"], "\(report.errors)")
        #expect(report.errors.allSatisfy { !$0.message.isEmpty })
        // The other files are still judged.
        #expect(report.findings.contains { $0.rule == "PRX004" }, "\(report.findings.map(\.message))")
    }

    @Test func archivedDirectoriesAreCountedNotLinted() {
        let dir = TestSupport.temporaryDirectory()
        TestSupport.write("\(dir)/archive/old/nginx.conf", "http { server { location / { proxy_pass http://x } }\n")
        TestSupport.write("\(dir)/nginx/nginx.conf", "events {}\nhttp { server { listen 80; } }\n")
        let report = Linter().lint([dir]).report
        #expect(report.errors.isEmpty && report.notices.contains { $0.skip == .archived && $0.path.hasSuffix("/archive") }, "\(report.errors) \(report.notices)")
        // Named, it is linted like any other file.
        #expect(Linter().lint(["\(dir)/archive/old/nginx.conf"]).report.errors.count == 1)
    }
}
