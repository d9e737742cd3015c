import Foundation
import SSELintCore
import SSELintTestSupport
import Testing

/// Precision on public repositories that nobody here wrote (`../shared/realworld`), judged finding by finding in
/// eval/realworld/judged.tsv: the numbers only move forward. A judged TP that disappears, or a judged FP/NOEFFECT
/// that comes back (one not marked `open`), fails; so does an `error` finding that is not a judged TP.
struct RealWorldTests {
    static var realworld: String? { TestSupport.shared.map { "\($0)/realworld" }.flatMap { FileSystem.kind($0) == .directory ? $0 : nil } }
    static var available: Bool {
        TestSupport.oracle(realworld != nil, "../shared/realworld (only beside the project's own clone)")
            && TestSupport.oracle(TestSupport.which("python3") != nil, "python3")
    }

    @Test(.enabled(if: available)) func judgedFindingsOnlyMoveForward() async throws {
        let realworld = try #require(Self.realworld, "../shared/realworld is missing")
        let score = "\(TestSupport.packageRoot)/eval/realworld/score.py"
        let base = ["python3", score, "--bin", CLITests.binary, "--realworld", realworld]
        let check = await TestSupport.runDetached(base + ["--check"], timeout: 600)
        #expect(check.status == 0, "\(check.stderr)\n\(check.stdout.suffix(3000))")
        let json = await TestSupport.runDetached(base + ["--json"], timeout: 600)
        let scores = try #require((try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["scores"] as? [String: Any],
                                  "score.py --json: \(json.stderr)")
        #expect(scores["unjudged"] as? Int == 0, "judge the new findings (score.py --tsv lists them): \(scores)")
        #expect(scores["error precision"] as? Double == 1.0, "an error finding that is not a judged TP: \(scores)")
        #expect(scores["lost TP"] as? Int == 0)
    }
}
