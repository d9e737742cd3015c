import Foundation
import SSELintTestSupport
import Testing
import Yams

/// The GitHub Action (action.yml + action/run.sh), run here as Actions runs it: its script with INPUT_* variables,
/// GITHUB_OUTPUT and the binary under test (SSELINT_BIN skips the download and the build). The upload step is
/// GitHub's own action and is not run here; its wiring is checked in the YAML.
struct ActionTests {
    static let root = TestSupport.packageRoot

    @Test func actionYAMLWiresEveryInputAndOutput() throws {
        let text = TestSupport.read(Self.root + "/action.yml")
        let action = try #require(try Yams.load(yaml: text) as? [String: Any])
        let inputs = try #require(action["inputs"] as? [String: Any])
        let steps = try #require((action["runs"] as? [String: Any])?["steps"] as? [[String: Any]])
        // Every input the steps read is declared, and every declared input is used.
        let used = Set(text.matches(of: try Regex(#"inputs\.([a-z-]+)"#)).map { String(text[$0.range].dropFirst("inputs.".count)) })
        #expect(used == Set(inputs.keys), "used \(used.sorted()), declared \(inputs.keys.sorted())")
        #expect(steps.first?["id"] as? String == "lint" && (steps.first?["run"] as? String)?.contains("action/run.sh") == true)
        // The SARIF upload runs whatever the verdict, and its failure (a fork's pull request) does not hide it.
        #expect(steps.contains { ($0["uses"] as? String)?.hasPrefix("github/codeql-action/upload-sarif@") == true
                && ($0["if"] as? String)?.contains("!cancelled()") == true && $0["continue-on-error"] as? Bool == true })
        #expect((steps.last?["run"] as? String)?.contains("steps.lint.outputs.exit-code") == true, "the last step gives sselint's verdict")
        #expect(FileManager.default.isExecutableFile(atPath: Self.root + "/action/run.sh"))
    }

    func runAction(_ path: String, extra: [String: String] = [:]) -> (status: Int32, stdout: String, outputs: [String: String], sarif: [String: Any]?) {
        let dir = TestSupport.temporaryDirectory("action")
        var env = ["SSELINT_BIN=\(CLITests.binary)", "INPUT_PATH=\(path)", "INPUT_SARIF_FILE=\(dir)/out.sarif", "GITHUB_OUTPUT=\(dir)/github-output"]
        env += extra.map { "\($0.key)=\($0.value)" }
        let r = TestSupport.run(["/usr/bin/env", "-u", "NO_COLOR"] + env + ["bash", Self.root + "/action/run.sh"], cwd: Self.root)
        var outputs: [String: String] = [:]
        for line in TestSupport.read("\(dir)/github-output").split(separator: "\n") {
            let kv = line.split(separator: "=", maxSplits: 1).map(String.init)
            if kv.count == 2 { outputs[kv[0]] = kv[1] }
        }
        let sarif = FileManager.default.contents(atPath: "\(dir)/out.sarif").flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        return (r.status, r.stdout, outputs, sarif)
    }

    @Test func aBrokenDeploymentGivesSARIFAnnotationsAndExitOne() throws {
        let r = runAction("samples/deployments/chat-buffered")
        // The script itself succeeds so that the upload step runs; the verdict travels in exit-code.
        #expect(r.status == 0)
        #expect(r.outputs["exit-code"] == "1" && r.outputs["sarif-file"]?.hasSuffix("out.sarif") == true, "\(r.outputs)")
        let results = ((r.sarif?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        #expect(results.count == 21, "\(results.count) SARIF results")
        #expect(r.stdout.contains("::error file=samples/deployments/chat-buffered/nginx/conf.d/chat.conf,line="), "\(r.stdout.prefix(400))")
    }

    @Test func aFixedDeploymentPassesAndFailOnIsPassedThrough() {
        #expect(runAction("samples/deployments/chat-streaming").outputs["exit-code"] == "0")
        // Only errors fail: the broken demo has errors, so it still fails; a warnings-only sample passes.
        #expect(runAction("samples/deployments/chat-buffered", extra: ["INPUT_FAIL_ON": "error"]).outputs["exit-code"] == "1")
        let warningOnly = "samples/nginx/NGX006/bad.conf"
        #expect(runAction(warningOnly).outputs["exit-code"] == "1")
        #expect(runAction(warningOnly, extra: ["INPUT_FAIL_ON": "error"]).outputs["exit-code"] == "0")
    }

    @Test func pathsOnSeveralLinesAreAllLinted() {
        // A YAML `|` block gives one path per line: each is linted (a warning-only sample makes the run fail).
        let r = runAction("samples/deployments/chat-streaming\nsamples/nginx/NGX006/bad.conf")
        #expect(r.outputs["exit-code"] == "1", "\(r.outputs)")
    }

    @Test func extraArgumentsReachSselint() {
        let r = runAction("samples/deployments/chat-buffered", extra: ["INPUT_ARGS": "--select RUN001"])
        let results = ((r.sarif?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        #expect(!results.isEmpty && results.allSatisfy { $0["ruleId"] as? String == "RUN001" }, "\(results.map { $0["ruleId"] ?? "" })")
    }
}
