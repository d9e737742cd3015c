import Foundation
import SSELintTestSupport
import Testing

/// `sselint probe` and `sselint logs` against real servers on loopback (samples/live/live.py starts them and always
/// stops them): a correct app, one nginx buffers, an agent that ignores cancellation, a server without a stream
/// registry, and the two demo deployments served for real.
struct LiveTests {
    static var haveSoftware: Bool {
        TestSupport.oracle(TestSupport.which("nginx") != nil
            && TestSupport.run(["python3", "-c", "import uvicorn, starlette, fastapi"]).status == 0,
            "nginx and python3 with uvicorn, starlette and fastapi (the live probe tests)")
    }

    @Test(.enabled(if: haveSoftware), .timeLimit(.minutes(3))) func probeAndLogsTellTheServersApart() async throws {
        let r = await TestSupport.runDetached(["python3", TestSupport.packageRoot + "/samples/live/live.py", "--sselint", CLITests.binary], timeout: 170)
        #expect(r.status == 0, "\(r.stderr)")
        var got: [String: [String: Any]] = [:]
        for line in r.stdout.split(separator: "\n") {
            if let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let n = o["name"] as? String { got[n] = o }
        }
        let expected: [(String, String, [String])] = [
            ("good", "probe", []), ("good", "logs", []),
            ("buffered", "probe", ["PRB001", "PRB002"]),
            ("stubborn", "probe", ["LOG001"]),
            ("no-registry", "logs", ["LOG002"]),
            ("demo-broken", "probe", ["PRB001", "PRB002"]),
            ("demo-fixed", "probe", []),
            // CRLF, a JSON payload over two data: lines, retry:, id:, a named event: all correct as EventSource reads it.
            ("spec", "probe", []),
            ("wrong-method", "probe", []), ("missing", "probe", []),
        ]
        for (name, kind, rules) in expected {
            let o = got[name]
            #expect(o?["error"] == nil, "\(name): \(o?["error"] ?? "not run")")
            #expect((o?[kind] as? [String]) == rules, "\(name) \(kind): \(o?[kind] ?? "none"), expected \(rules)\n\(o?["text"] ?? "")")
        }
        #expect(got["spec"]?["exit"] as? Int == 0, "\(got["spec"]?["text"] ?? "")")
        // An error status is an input error (exit 2) that says what to change, never findings about missing headers.
        let method = got["wrong-method"]?["text"] as? String ?? ""
        #expect(got["wrong-method"]?["exit"] as? Int == 2 && method.contains("405 Method Not Allowed") && method.contains("it allows POST")
                && method.contains("--data"), "\(method)")
        let missing = got["missing"]?["text"] as? String ?? ""
        #expect(got["missing"]?["exit"] as? Int == 2 && missing.contains("404 Not Found") && !missing.contains("PRB"), "\(missing)")
                // The demo's text output shows the burst: every event at the same time, well after the request.
        let text = got["demo-broken"]?["text"] as? String ?? ""
        #expect(text.contains("PRB002") && text.contains("gaps were under 50 ms"), "\(text)")
    }
}
