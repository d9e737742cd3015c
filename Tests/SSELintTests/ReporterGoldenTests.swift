import Foundation
import SSELint
import SSELintCore
import SSELintReporters
import SSELintRules
import SSELintTestSupport
import Testing

/// Every output format on one fixed report (the broken demo deployment), byte for byte against the files in
/// Golden/: a reporter change shows up as a diff to review. SSELINT_RECORD_GOLDEN=1 rewrites them.
struct ReporterGoldenTests {
    static let report: Report = Linter().lint([TestSupport.packageRoot + "/samples/deployments/chat-buffered"]).report

    @Test(arguments: OutputFormat.allCases) func formatMatchesItsGoldenFile(format: OutputFormat) throws {
        let report = Self.report
        #expect(!report.findings.isEmpty)
        // SARIF lists the rules it reports on (the whole catalog would make every rule text edit a golden diff).
        let used = Set(report.findings.map(\.rule))
        let text = format.reporter(color: false, paths: PathDisplay(base: TestSupport.packageRoot),
                                   rules: RuleCatalog.all.filter { used.contains($0.id) }).render(report)
            // Places named inside messages are absolute (the run was given an absolute path); the clone's location
            // is not part of the output's shape.
            .replacingOccurrences(of: TestSupport.packageRoot + "/", with: "")
        let path = "\(TestSupport.packageRoot)/Tests/SSELintTests/Golden/chat-buffered.\(format.rawValue)"
        if ProcessInfo.processInfo.environment["SSELINT_RECORD_GOLDEN"] == "1" {
            TestSupport.write(path, text)
            return
        }
        let golden = try #require(try? String(contentsOfFile: path, encoding: .utf8), "\(path) is missing: run with SSELINT_RECORD_GOLDEN=1")
        if golden != text {
            let (a, b) = (golden.split(separator: "\n", omittingEmptySubsequences: false), text.split(separator: "\n", omittingEmptySubsequences: false))
            let line = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
            Issue.record("\(format.rawValue) output differs from \(path) at line \(line + 1) (SSELINT_RECORD_GOLDEN=1 rewrites it after review):\n- \(line < a.count ? a[line] : "")\n+ \(line < b.count ? b[line] : "")")
        }
    }
}
