import Foundation
import SSELintCore
import SSELintFuzzTargets
import SSELintNginx
import SSELintRules
import SSELintTestSupport
import Testing

/// Every input a fuzzer crashed (or leaked) on, replayed through the same entry point: `<target>-<what>` files in
/// FuzzRegressions/. A trap here kills the test process, so a regression cannot pass unnoticed.
struct FuzzRegressionTests {
    static let dir = TestSupport.packageRoot + "/Tests/SSELintTests/FuzzRegressions"

    @Test func everyInputTheFuzzersBrokeStaysFixed() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.dir).sorted()
        #expect(!names.isEmpty)
        for name in names {
            let target = try #require(FuzzTarget(rawValue: String(name.prefix { $0 != "-" })), "\(name): unknown target")
            target.run(Array(try Data(contentsOf: URL(fileURLWithPath: "\(Self.dir)/\(name)"))))
        }
    }

    /// LeakSanitizer found the scope tree to be a reference cycle (children held their parent strongly): every
    /// analysis leaked its whole tree. The parent link is weak now.
    @Test func scopeTreeIsFreedWithItsAnalysis() throws {
        weak var root: NginxScope?
        do {
            let f = SourceFile(path: "/x/nginx.conf", text: "http { server { location /sse { proxy_pass http://a; } } }")
            let ws = NginxWorkspace(settings: Settings(), overlay: [f.path: f.bytes])
            guard case .success(let file) = ws.file(f.path) else { Issue.record("parse"); return }
            let analysis = NginxAnalysis(config: ws.resolve(file), settings: Settings())
            root = analysis.root
            #expect(analysis.sseLocations.count == 1 && analysis.locations.first?.parent?.kind == "server")
        }
        #expect(root == nil)
    }

    /// Until the libFuzzer targets have run for their ten minutes: 20,000 inputs built from each dictionary,
    /// seeded so a failure reproduces, through the same entry point. It must neither trap nor hang.
    @Test(.timeLimit(.minutes(1)), arguments: [FuzzTarget.haproxy, .caddyfile, .traefik, .apache, .hcl, .platform])
    func proxyParsersSurviveRandomConfigs(_ target: FuzzTarget) throws {
        let dict = TestSupport.read(TestSupport.packageRoot + "/fuzz/dict/\(target.rawValue).dict").split(separator: "\n").map {
            Array($0.dropFirst().dropLast().replacingOccurrences(of: "\\x0a", with: "\n").replacingOccurrences(of: "\\\"", with: "\"").utf8)
        }
        #expect(dict.count > 10)
        var state: UInt64 = 0x5EED
        func next() -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) }
        for _ in 0..<20_000 {
            var input: [UInt8] = []
            for _ in 0..<(next() % 24) {
                input += next() % 5 == 0 ? [UInt8(next() % 256)] : dict[next() % dict.count]
                input.append([0x20, 0x0A, 0x09][next() % 3])
            }
            target.run(input)
        }
    }
}
