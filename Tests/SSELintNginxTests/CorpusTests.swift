import Foundation
import SSELint
import SSELintCore
import SSELintNginx
import SSELintTestSupport
import Testing

/// The real configs in ../shared/corpus: each one lints or fails with a clear error, and `sselint parse` agrees
/// with crossplane (nginx's own Python parser) on every file crossplane accepts.
struct CorpusTests {
    static var corpus: String? { TestSupport.shared.map { "\($0)/corpus/nginx" } }

    static func corpusFiles() -> [String] {
        guard let root = corpus, let e = FileManager.default.enumerator(atPath: root) else { return [] }
        return e.compactMap { $0 as? String }.filter {
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: "\(root)/\($0)", isDirectory: &isDir) && !isDir.boolValue
        }.sorted().map { "\(root)/\($0)" }
    }

    static var haveCorpus: Bool { TestSupport.oracle(corpus != nil, "../shared/corpus (only beside the project's own clone)") }

    @Test(.enabled(if: haveCorpus)) func everyCorpusFileLintsOrFailsClearly() throws {
        let files = Self.corpusFiles()
        #expect(files.count >= 240, "corpus has \(files.count) files")
        var errors = 0
        for path in files {
            // Each file alone, as `sselint FILE` would see it: never a crash, errors always carry a place.
            let report = Linter().lint([path]).report
            for e in report.errors {
                errors += 1
                #expect(!e.path.isEmpty && e.line >= 1 && e.column >= 1 && !e.message.isEmpty, "\(path): \(e)")
            }
        }
        // And the whole tree at once, as `sselint ../shared/corpus` does.
        let whole = Linter().lint([Self.corpus!]).report
        #expect(whole.files.count >= 150)
        #expect(!whole.findings.isEmpty)
        print("corpus: \(files.count) files one by one (\(errors) input errors); as a tree: \(whole.files.count) files linted, \(whole.findings.count) findings, \(whole.errors.count) errors, \(whole.notices.count) notices")
    }

    /// Files where crossplane and sselint knowingly differ, and why.
    static let acceptedDifferences: [String: String] = [
        "LeadCMS__leadcms.nginx/nginx/vhost_redirect.tpl":
            "a template: crossplane takes `${proxyResolverTemplatePlaceholder}\\n` (newline included) as a directive name; sselint rejects the unterminated directive",
        "3scale__APIcast/gateway/http.d/shdict.conf":
            "a Liquid template (`{{env.X | default: \"20m\"}}`): crossplane splits it into words; sselint reports the template",
        "nginxinc__crossplane/tests/configs/messy/nginx.conf":
            "crossplane bug: after `${uri}` its lexer swallows the following space and next word into one argument; nginx splits them",
    ]

    @Test(.enabled(if: haveCorpus && TestSupport.oracle(TestSupport.pythonHasCrossplane, "crossplane (pip install crossplane)")))
    func parseMatchesCrossplane() throws {
        let root = Self.corpus!
        // One Python process parses every file (243 interpreter starts would take a minute).
        let script = """
            import json, sys, crossplane
            out = {}
            for p in sys.stdin.read().split("\\n"):
                if p:
                    try: out[p] = crossplane.parse(p)
                    except Exception as e: out[p] = {"status": "crashed", "error": str(e)}
            print(json.dumps(out))
            """
        let files = Self.corpusFiles()
        let r = TestSupport.run(["python3", "-c", script], stdin: files.joined(separator: "\n"), timeout: 600)
        try #require(r.status == 0, "crossplane run failed: \(r.stderr)")
        let theirs = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        var accepted = 0, same = 0
        var mismatches: [String] = []
        for path in files {
            guard let cp = theirs[path] as? [String: Any], cp["status"] as? String == "ok" else { continue }
            accepted += 1
            let ours = CrossplaneOutput.render(path, workspace: NginxWorkspace(settings: Settings()), singleFile: false).json
            let a = try JSONSerialization.data(withJSONObject: cp, options: [.sortedKeys])
            let b = try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: Data(ours)), options: [.sortedKeys])
            let rel = Path.relative(path, to: root)
            if a == b {
                same += 1
                #expect(Self.acceptedDifferences[rel] == nil, "\(rel) now matches crossplane: drop it from acceptedDifferences")
            } else if Self.acceptedDifferences[rel] == nil {
                mismatches.append(rel)
            }
        }
        print("crossplane: \(accepted) corpus files accepted by crossplane, \(same) identical, \(Self.acceptedDifferences.count) accepted differences")
        #expect(mismatches.isEmpty, "differ from crossplane: \(mismatches)")
        #expect(same + Self.acceptedDifferences.count == accepted)
        #expect(accepted >= 40)
    }
}
