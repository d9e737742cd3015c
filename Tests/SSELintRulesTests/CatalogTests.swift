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

    @Test func everyRuleIsRegisteredOnceAndEveryYAMLHasAType() throws {
        // The ids come from the files in rules/, so a new rule needs no edit here.
        let root = TestSupport.packageRoot + "/rules"
        var yamls: [RuleID] = []
        for input in try FileManager.default.contentsOfDirectory(atPath: root) {
            for f in (try? FileManager.default.contentsOfDirectory(atPath: "\(root)/\(input)")) ?? [] where f.hasSuffix(".yml") {
                yamls.append(RuleID(String(f.dropLast(4))))
            }
        }
        let typed = RuleCatalog.rules.map { $0.id }
        // Every rule type once (an `app-part` rule adds a second type with the same id), and every YAML has a
        // type except SUP001, which the engine itself reports.
        #expect(Set(typed).count == typed.count - RuleCatalog.appRules.filter { a in RuleCatalog.nginxRules.contains { $0.id == a.id } }.count)
        #expect(Set(typed).union(["SUP001"]) == Set(yamls), "\(Set(yamls).symmetricDifference(Set(typed)))")
        #expect(Set(RuleCatalog.all.map(\.id)) == Set(yamls))
        // Each input's list holds exactly the rules of that input (and the app parts of others).
        #expect(Set(RuleCatalog.nginxRules.map { $0.id }) == Set(RuleCatalog.all.filter { $0.input == "nginx" }.map(\.id)))
        #expect(Set(RuleCatalog.launchRules.map { $0.id }) == Set(RuleCatalog.all.filter { $0.input == "launch" }.map(\.id)))
        #expect(Set(RuleCatalog.logRules.map { $0.id }) == Set(RuleCatalog.all.filter { $0.input == "logs" }.map(\.id)))
        #expect(Set(RuleCatalog.probeRules.map { $0.id }) == Set(RuleCatalog.all.filter { $0.input == "probe" }.map(\.id)))
    }

    /// The project's internal documents (its facts file, rule catalogue, the team's quick reference and its case
    /// letters) that a user has never seen; RFC section signs are fine.
    static func internalCitation(_ text: String) -> String? {
        let pattern = #"FACTS|RULES(\.md)?\b|[Qq]uick[ -]reference'?s?\b(?! preset)|\bcases? [a-z][0-9]?\b(?!-)|\bQ[0-9]\b"#
        return text.range(of: pattern, options: .regularExpression).map { String(text[$0]) }
    }

    /// Every text a user reads (`explain`, docs/rules, the fix shown with a finding) stands on its own: it cites
    /// public sources or the project's measurements in docs/evidence.md, whose anchors must exist.
    @Test func userTextsStandOnTheirOwnAndCiteWhatExists() throws {
        let anchors = Set((Generator.evidenceScenarios(root: TestSupport.packageRoot) ?? []).map(\.name))
        #expect(anchors.count >= 30)
        let evidenceLink = try Regex("docs/evidence\\.md#[a-z0-9-]+")
        for m in RuleCatalog.all {
            #expect(!m.summary.isEmpty && !m.rationale.isEmpty && !m.quickReference.isEmpty && !m.references.isEmpty)
            let texts = [m.summary, m.rationale, m.fixTitle, m.fixText] + Array(m.fixTitles.values) + m.references + m.options.map(\.description)
            for t in texts {
                #expect(Self.internalCitation(t) == nil, "\(m.id) cites \(Self.internalCitation(t) ?? ""), a document users never saw: \(t)")
                for cited in t.matches(of: evidenceLink) {
                    let anchor = String(t[cited.range].dropFirst("docs/evidence.md#".count))
                    #expect(anchors.contains(anchor), "\(m.id) cites docs/evidence.md#\(anchor), which does not exist")
                }
            }
            for r in m.references {
                #expect(r.hasPrefix("https://") || r.hasPrefix("docs/") || r.contains("@"), "\(m.id): reference \(r) is not a URL, a docs/ page or a repo@commit:path")
            }
        }
    }
}

/// Adding a rule of any input touches its YAML, its samples, its Swift file and the regenerated catalog: nothing else.
struct NewRuleTests {
    @Test(arguments: ["nginx", "launch", "app", "python", "logs", "probe", "proxy"]) func scaffoldWritesTheFilesANewRuleNeeds(input: String) throws {
        let root = TestSupport.temporaryDirectory("new-rule")
        for dir in ["rules", "samples"] {
            try FileManager.default.copyItem(atPath: "\(TestSupport.packageRoot)/\(dir)", toPath: "\(root)/\(dir)")
        }
        let id = ["nginx": "NGX901", "launch": "RUN901", "app": "HDR901", "python": "PY901", "logs": "LOG901", "probe": "PRB901", "proxy": "PRX901"][input]!
        let files = try Generator.newRule(id: id, input: input, name: "example-\(input)-check", root: root)
        let dir = ["nginx": "Nginx", "launch": "Launch", "app": "App", "python": "App", "logs": "Logs", "probe": "Probe", "proxy": "Proxy"][input]!
        let ext = ["nginx": "conf", "launch": "Dockerfile", "app": "py", "python": "py", "logs": "log", "probe": "probe", "proxy": "cfg"][input]!
        let name = "Example" + input.prefix(1).uppercased() + input.dropFirst() + "Check"
        #expect(Set(files.keys) == ["rules/\(input)/\(id).yml", "samples/\(input)/\(id)/bad.\(ext)", "samples/\(input)/\(id)/good.\(ext)",
                                    "Sources/SSELintRules/\(dir)/\(name).swift"])
        for (path, text) in files { TestSupport.write("\(root)/\(path)", text) }
        // The generator takes the new YAML as it is (strict keys) and registers the type: the catalog is the only
        // other file that changes, besides the rule's own generated doc and the rules tables.
        let before = try Generator.generate(root: TestSupport.packageRoot)
        let after = try Generator.generate(root: root)
        let changed = Set(after.keys.filter { after[$0] != before[$0] })
        #expect(changed == ["Sources/SSELintRules/Generated/RuleCatalog+Generated.swift", "docs/rules/\(id).md", "docs/rules/README.md"], "\(changed)")
        #expect(after["Sources/SSELintRules/Generated/RuleCatalog+Generated.swift"]?.contains("        \(name).self,\n") == true)
        #expect(throws: Generator.Failure.self) { try Generator.newRule(id: id, input: input, name: nil, root: root) }
    }

    @Test func aTypoInARuleYAMLFailsGeneration() throws {
        let root = TestSupport.temporaryDirectory("strict-yaml")
        for dir in ["rules", "samples"] {
            try FileManager.default.copyItem(atPath: "\(TestSupport.packageRoot)/\(dir)", toPath: "\(root)/\(dir)")
        }
        // A new rule whose type exists already (another rule's, or one the rules use) is refused.
        #expect(throws: Generator.Failure.self) { try Generator.newRule(id: "NGX901", input: "nginx", name: "proxy-buffering-on-sse-location", root: root) }
        #expect(throws: Generator.Failure.self) { try Generator.newRule(id: "NGX901", input: "nginx", name: "deployment", root: root) }
        let path = "\(root)/rules/logs/LOG004.yml"
        let yaml = TestSupport.read(path)
        for (old, new) in [("  safety:", "  saftey:"), ("    type: integer", "    type: count"), ("summary:", "sumary:"), ("  title:", "  titel:")] {
            TestSupport.write(path, yaml.replacingOccurrences(of: old, with: new))
            #expect(throws: Generator.Failure.self, "\(old) → \(new)") { try Generator.generate(root: root) }
        }
    }

    @Test func everyNamedFixTitleIsInTheRulesYAML() throws {
        // `fixTitle: .named("x")` in a rule's Swift file needs `fix.titles.x` in its YAML (titles live only there).
        let dir = TestSupport.packageRoot + "/Sources/SSELintRules"
        let files = FileManager.default.enumerator(atPath: dir)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") && !$0.hasPrefix("Generated") } ?? []
        var checked = 0
        for f in files {
            let text = TestSupport.read("\(dir)/\(f)")
            guard let idLine = text.split(separator: "\n").first(where: { $0.contains("static let id: RuleID = \"") }) else { continue }
            let id = RuleID(String(idLine.split(separator: "\"")[1]))
            let meta = try #require(RuleCatalog.metadata[id])
            for part in text.components(separatedBy: ".named(\"").dropFirst() {
                let name = String(part.prefix { $0 != "\"" })
                #expect(meta.fixTitles[name] != nil, "\(f): \(id) has no fix title \"\(name)\" in its YAML")
                checked += 1
            }
        }
        #expect(checked >= 10)
    }
}
