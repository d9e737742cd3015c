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
}
