import Foundation
import SSELint
import SSELintCore
import SSELintTestSupport
import Testing

/// sselint's verdicts against what real nginx and uvicorn do (samples/ground-truth, FACTS §1.4, §1.6, §3.1).
/// Each scenario records the measured behaviour (`expect`); one test checks that sselint's findings agree with it,
/// the other runs the real software through harness.py and checks that it still behaves as recorded. Together:
/// measured ⇔ verdict.
struct GroundTruthTests {
    static let root = TestSupport.packageRoot + "/samples/ground-truth"
    static let bufferingRules: Set<String> = ["NGX001", "NGX002", "NGX003", "NGX005"]
    static let timeoutRules: Set<String> = ["NGX006", "PRX004", "PRX007"]

    struct Scenario: Decodable {
        let facts: String
        let expect: String
        let silence: Bool
        let replay: Bool
        let h2: Bool
        let shutdown: Bool
        /// Findings that warn about something this scenario happens not to show, and the text that must explain it.
        let explained: [String: String]
        /// sselint's verdict on the rules this scenario judges, exactly ("NGX001 (error), NGX005 (error)" or "quiet").
        let verdict: String
    }

    static func scenarios() -> [(name: String, scenario: Scenario)] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted()
        return names.compactMap { n in
            guard let data = FileManager.default.contents(atPath: "\(root)/\(n)/scenario.json"),
                  let s = try? JSONDecoder().decode(Scenario.self, from: data) else { return nil }
            return (n, s)
        }
    }

    /// Whether sselint's findings agree with a measured behaviour, and the verdict as the table shows it.
    static func verdict(_ measured: String, _ s: Scenario, _ findings: [Finding]) -> (problems: [String], text: String) {
        var problems: [String] = []
        let rules = Set(findings.map(\.rule.rawValue))
        let buffering = findings.filter { bufferingRules.contains($0.rule.rawValue) }
        var shown: [Finding] = buffering
        switch measured {
        case "buffered":
            if buffering.isEmpty { problems.append("the stream was buffered but no buffering rule fired") }
        case "streams", "replayed", "cut":
            for f in buffering {
                guard let why = s.explained[f.rule.rawValue] else { problems.append("\(f.rule) fired but the events streamed: \(f.message)"); continue }
                if !f.message.contains(why) { problems.append("\(f.rule) fired and its text does not explain why events streamed anyway (\"\(why)\"): \(f.message)") }
            }
            for rule in s.explained.keys where !rules.contains(rule) { problems.append("\(rule) is expected to warn (and explain) but did not fire") }
        default: break
        }
        if measured == "cut" || s.silence {
            // nginx's read timeout or HAProxy's server timeout: whichever proxy the scenario runs.
            let timeout = findings.filter { Self.timeoutRules.contains($0.rule.rawValue) }
            shown += timeout
            if (measured == "cut") == timeout.isEmpty { problems.append("stream \(measured) but \(timeout.isEmpty ? "no timeout rule fired" : "\(timeout.map(\.rule.rawValue)) fired")") }
        }
        if s.replay {
            shown += findings.filter { $0.rule == "NGX007" }
            if (measured == "replayed") != rules.contains("NGX007") { problems.append("\(measured) but NGX007 \(rules.contains("NGX007") ? "fired" : "did not fire")") }
        }
        if s.h2 {
            shown += findings.filter { $0.rule == "NGX011" }
            if (measured == "rejected") != rules.contains("NGX011") { problems.append("\(measured) but NGX011 \(rules.contains("NGX011") ? "fired" : "did not fire")") }
        }
        // A compressor that holds each event's end until the next write (HAProxy's slz): PRX008, and only there.
        let held = findings.filter { $0.rule == "PRX008" }
        shown += held
        if (measured == "held") == held.isEmpty { problems.append("\(measured) but PRX008 \(held.isEmpty ? "did not fire" : "fired")") }
        if s.shutdown {
            let run004 = findings.filter { $0.rule == "RUN004" }
            shown += run004
            let warns = run004.contains { $0.severity >= .warning }
            if (measured == "hangs") != warns { problems.append("shutdown \(measured) but RUN004 \(warns ? "warns" : "does not warn")") }
        }
        let text = shown.isEmpty ? "quiet" : Set(shown.map { "\($0.rule) (\($0.severity.rawValue))" }).sorted().joined(separator: ", ")
        // Exactly the recorded verdict: a rule that stops firing, starts firing or changes severity fails here
        // even when another rule would still satisfy the implications above.
        if text != s.verdict { problems.append("verdict is \(text), recorded \(s.verdict)") }
        return (problems, text)
    }

    static func findings(_ name: String) -> [Finding] {
        let report = Linter().lint(["\(root)/\(name)"]).report
        #expect(report.errors.isEmpty, "\(name): \(report.errors)")
        return report.findings
    }

    /// Runs without nginx or uvicorn: a change that breaks a rule's truth (say, counting `add_header
    /// X-Accel-Buffering no` as a fix) fails here on every machine.
    @Test func verdictsAgreeWithTheRecordedMeasurements() {
        let all = Self.scenarios()
        #expect(all.count >= 30)
        for (name, s) in all {
            let v = Self.verdict(s.expect, s, Self.findings(name))
            #expect(v.problems.isEmpty, "\(name) (\(s.facts), measured \(s.expect)): \(v.problems.joined(separator: "; "))")
        }
    }

    static var haveSoftware: Bool {
        TestSupport.oracle(TestSupport.which("nginx") != nil && TestSupport.which("haproxy") != nil && TestSupport.which("caddy") != nil && TestSupport.which("curl") != nil
            && (TestSupport.which("apache2") != nil || FileManager.default.fileExists(atPath: "/usr/sbin/apache2"))
            && TestSupport.run(["python3", "-c", "import uvicorn, httptools, h11, starlette, sse_starlette"]).status == 0,
            "nginx, haproxy, caddy, apache2, curl and python3 with uvicorn, httptools, h11, starlette, sse-starlette (the ground-truth scenarios)")
    }

    /// The real software, on loopback: every scenario still behaves as recorded, and the table of scenario →
    /// measured → verdict is printed (the README keeps a copy).
    @Test(.enabled(if: haveSoftware), .timeLimit(.minutes(6))) func realNginxAndUvicornBehaveAsRecorded() async throws {
        // One harness run for the proxy scenarios and the app-stack ones (node, Go, Django, gunicorn): two runs side
        // by side starved each other's timing on 2 cores (events measured "held" that stream).
        let appStack = AppStackGroundTruthTests.haveSoftware ? AppStackGroundTruthTests.scenarios() : []
        let dirs = (Self.scenarios().map(\.name) + appStack.map(\.name)).map { "\(Self.root)/\($0)" }
        let r = await TestSupport.runDetached(["python3", "\(Self.root)/harness.py", "--jobs", "3"] + dirs, timeout: 330)
        #expect(r.status == 0, "harness failed: \(r.stderr)")
        var measured: [String: (String, String)] = [:]
        for line in r.stdout.split(separator: "\n") {
            guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let n = o["name"] as? String else { continue }
            measured[n] = (o["measured"] as? String ?? "?", o["detail"] as? String ?? "")
        }
        for (name, s) in appStack {
            let (m, detail) = measured[name] ?? ("not run", "")
            #expect(m == s.expect, "\(name): expected \(s.expect), measured \(m): \(detail)")
            let p = AppStackGroundTruthTests.problems(name, m, s)
            #expect(p.isEmpty, "\(name): measured \(m) (\(detail)) but \(p.joined(separator: "; "))")
        }
        var table = "| scenario | measured | sselint verdict | agree |\n|---|---|---|---|\n"
        for (name, s) in Self.scenarios() {
            let (m, detail) = measured[name] ?? ("not run", "")
            #expect(m == s.expect, "\(name) (\(s.facts)): expected \(s.expect), measured \(m): \(detail)")
            let v = Self.verdict(m, s, Self.findings(name))
            #expect(v.problems.isEmpty, "\(name): measured \(m) (\(detail)) but \(v.problems.joined(separator: "; "))")
            table += "| \(name) | \(m) | \(v.text) | \(v.problems.isEmpty && m == s.expect ? "yes" : "NO") |\n"
        }
        print(table)
    }
}
