import Foundation
import SSELintCore
import SSELintGenerator
import SSELintRules
import SSELintTestSupport
import Testing

/// The embedded catalog, docs/rules and the README table are generated from rules/ and samples/; this fails
/// when any of them is stale (swift-format's GeneratedFilesValidityTests).
struct CatalogTests {
    @Test func generatedFilesAreFresh() throws {
        let files = try Generator.generate(root: TestSupport.packageRoot)
        #expect(files.count >= RuleCatalog.all.count + 2)
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            let onDisk = TestSupport.read("\(TestSupport.packageRoot)/\(path)")
            let fresh = onDisk == text
            #expect(fresh, "\(path) is out of date: run `swift run sselint-dev generate`")
        }
    }

    @Test func everyRuleIsRegisteredOnceAndEveryYAMLHasAType() {
        let registered = RuleCatalog.nginxRules.map { $0.id }
        #expect(Set(registered).count == registered.count)
        #expect(Set(registered) == Set(RuleCatalog.all.filter { $0.input == "nginx" }.map(\.id)))
        // RULES.md's nginx section: NGX001-NGX013.
        #expect(registered.sorted() == (1...13).map { String(format: "NGX%03d", $0) })
    }

    @Test func fixTextsCiteTheirSource() {
        for m in RuleCatalog.all {
            #expect(m.fixText.contains("quick reference") || m.fixText.contains("FACTS"), "\(m.id) fix text cites nothing")
            #expect(!m.summary.isEmpty && !m.rationale.isEmpty && !m.quickReference.isEmpty)
        }
    }
}
