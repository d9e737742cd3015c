import Foundation
import SSELint
import SSELintCore
import SSELintRules
import SSELintTestSupport
import Testing

/// Samples are tests and docs: every rule over its samples/<input>/<ID>/ files. bad* gives exactly the findings
/// marked `# expect: ID` on the line before; good* gives none; bad* plus safe fixes equals fixed*, plus all fixes
/// equals fixed-unsafe* (marker lines dropped); fixed files re-lint clean of what their fixes address.
struct SamplesTests {
    static let ids = RuleCatalog.all.map(\.id.rawValue)

    static func sampleFiles(_ id: String) -> [String] {
        let meta = RuleCatalog.metadata[RuleID(id)]!
        let dir = "\(TestSupport.packageRoot)/samples/\(meta.input)/\(id)"
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().map { "\(dir)/\($0)" }
    }

    /// Lines (1-based) of the findings each `expect:` marker announces for `id`.
    static func expectedLines(_ text: String, _ id: String) -> [Int] {
        var out: [Int] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let r = line.range(of: "# expect:") ?? line.range(of: "// expect:") else { continue }
            for marked in line[r.upperBound...].split(separator: ",") where marked.trimmingCharacters(in: .whitespaces) == id {
                out.append(i + 2)
            }
        }
        return out
    }

    /// The rule under test plus every rule a `sselint: disable…=` comment in the sample names (SUP001 judges those).
    /// A sample whose name says `quick-reference` runs with that preset on (rules that grade completeness).
    static func rules(_ id: String, _ path: String) -> [String] {
        var ids = [id]
        if path.split(separator: "/").suffix(2).contains(where: { $0.contains("quick-reference") }) { ids.append(RulePreset.quickReference.uppercased()) }
        for line in TestSupport.read(path).split(separator: "\n") {
            guard let r = line.firstRange(of: "sselint: disable"), let eq = line[r.upperBound...].firstIndex(of: "=") else { continue }
            let list = line[line.index(after: eq)...].split(separator: " ").first ?? ""
            ids += list.split(separator: ",").map { String($0).uppercased() }.filter { RuleCatalog.metadata[RuleID($0)] != nil }
        }
        return ids
    }

    static func dropMarkers(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("# expect:") && !$0.contains("// expect:") }.joined(separator: "\n")
    }

    static func isDirectory(_ path: String) -> Bool {
        var dir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &dir) && dir.boolValue
    }

    /// The files of a sample: itself, or for a directory sample (a small deployment) every file in it.
    static func files(_ sample: String) -> [String] {
        guard isDirectory(sample) else { return [sample] }
        // Nested too: a Next.js route lives at app/api/chat/route.ts, a Django view beside its settings.
        let all = (FileManager.default.enumerator(atPath: sample)?.allObjects as? [String]) ?? []
        return all.sorted().map { "\(sample)/\($0)" }.filter { !isDirectory($0) }
    }

    @Test(arguments: ids)
    func badSamplesGiveExactlyTheMarkedFindings(_ id: String) throws {
        let bads = Self.sampleFiles(id).filter { ($0 as NSString).lastPathComponent.hasPrefix("bad") }
        #expect(!bads.isEmpty, "\(id) has no bad sample")
        for path in bads {
            // Expected (file, line) pairs from the markers of every file of the sample.
            let expected = Self.files(path).flatMap { f in Self.expectedLines(TestSupport.read(f), id).map { "\(Path.normalize(f)):\($0)" } }
            #expect(!expected.isEmpty, "\(path) has no `# expect: \(id)` marker")
            let report = Linter(select: Self.files(path).flatMap { Self.rules(id, $0) }).lint([path]).report
            #expect(report.errors.isEmpty, "\(path): \(report.errors)")
            let findings = report.findings.filter { $0.rule.rawValue == id }
            let actual = findings.map { "\(Path.normalize($0.range.file.path)):\($0.range.start.line)" }.sorted()
            #expect(actual == expected.sorted(), "\(path): findings at \(actual), markers say \(expected.sorted())")
            #expect(findings.allSatisfy { !$0.message.isEmpty && $0.fix != nil })
            for f in findings {
                #expect(CatalogTests.internalCitation(f.message) == nil, "\(path): the message cites \(CatalogTests.internalCitation(f.message) ?? ""), a document users never saw: \(f.message)")
                #expect(CatalogTests.internalCitation(f.fix?.title ?? "") == nil, "\(path): fix title \(f.fix?.title ?? "")")
            }
        }
    }

    @Test(arguments: ids)
    func goodSamplesAreClean(_ id: String) {
        let goods = Self.sampleFiles(id).filter { ($0 as NSString).lastPathComponent.hasPrefix("good") }
        #expect(!goods.isEmpty, "\(id) has no good sample")
        for path in goods {
            let report = Linter(select: Self.files(path).flatMap { Self.rules(id, $0) }).lint([path]).report
            #expect(report.errors.isEmpty && report.findings.filter { $0.rule.rawValue == id }.isEmpty, "\(path): \(report.findings.map(\.message)) \(report.errors)")
        }
    }

    @Test(arguments: ids)
    func fixesTurnBadIntoFixed(_ id: String) {
        // Directory samples show cross-file verdicts; their fixes are covered by the deployment tests.
        for path in Self.sampleFiles(id) where (path as NSString).lastPathComponent.hasPrefix("bad") && !Self.isDirectory(path) {
            let dir = (path as NSString).deletingLastPathComponent
            let suffix = String((path as NSString).lastPathComponent.dropFirst(3))
            let original = TestSupport.read(path)
            // bad + safe fixes = fixed*; bad + safe and unsafe fixes = fixed-unsafe* (when the unsafe ones change more).
            let safe = Linter(select: Self.rules(id, path)).lintAndFix([path], unsafe: false).changes[Path.normalize(path)]
            let all = Linter(select: Self.rules(id, path)).lintAndFix([path], unsafe: true).changes[Path.normalize(path)]
            let safeText = safe.map { String(decoding: $0.after, as: UTF8.self) }
            let allText = all.map { String(decoding: $0.after, as: UTF8.self) } ?? original
            for (name, text, applies) in [("fixed" + suffix, safeText ?? original, safeText != nil),
                                          ("fixed-unsafe" + suffix, allText, allText != (safeText ?? original))] {
                let fixedPath = "\(dir)/\(name)"
                let exists = FileManager.default.fileExists(atPath: fixedPath)
                guard applies else {
                    #expect(!exists, "\(fixedPath) exists but no such fix applies to \(path)")
                    continue
                }
                #expect(exists, "fixes change \(path); add \(fixedPath)")
                let after = Self.dropMarkers(text)
                #expect(after == TestSupport.read(fixedPath), "\(path) with fixes differs from \(fixedPath):\n\(after)")
                // What the applied fixes addressed is gone; only findings whose fix may not be applied remain.
                let relint = Linter(select: Self.rules(id, fixedPath)).lint([fixedPath]).report
                // The fixed file still parses (Dockerfile, YAML through Yams, nginx, …).
                #expect(relint.errors.isEmpty, "\(fixedPath) no longer parses: \(relint.errors)")
                let allowed: Set<FixSafety> = name.hasPrefix("fixed-unsafe") ? [.display] : [.display, .unsafe]
                #expect(relint.findings.allSatisfy { allowed.contains($0.fix?.safety ?? .display) },
                        "\(fixedPath) still has fixable findings: \(relint.findings.map(\.message))")
            }
        }
    }

    /// Every good and fixed sample, and every bad sample after all fixes (safe and unsafe) when the bad one was
    /// valid, passes the real `nginx -t`.
    @Test(.enabled(if: TestSupport.oracle(TestSupport.which("nginx") != nil, "nginx (for nginx -t)")), arguments: ids)
    func fixedAndGoodSamplesPassNginxT(_ id: String) {
        guard RuleCatalog.metadata[RuleID(id)]?.input == "nginx" else { return }
        for path in Self.sampleFiles(id) where path.hasSuffix(".conf") {
            let name = (path as NSString).lastPathComponent
            if name.hasPrefix("good") || name.hasPrefix("fixed") {
                #expect(TestSupport.nginxCheck(TestSupport.read(path)) == nil, "nginx -t rejects \(path): \(TestSupport.nginxCheck(TestSupport.read(path)) ?? "")")
            } else if TestSupport.nginxCheck(TestSupport.read(path)) == nil {
                let result = Linter(select: Self.rules(id, path)).lintAndFix([path], unsafe: true)
                if let change = result.changes[Path.normalize(path)] {
                    let text = String(decoding: change.after, as: UTF8.self)
                    #expect(TestSupport.nginxCheck(text) == nil, "nginx -t rejects \(path) after --unsafe-fixes: \(TestSupport.nginxCheck(text) ?? "")\n\(text)")
                }
            }
        }
    }
}
