import SSELintCore

/// `sselint-dev new-rule ID --input INPUT [--name kebab-name]`: the four files a new rule needs (its YAML, a bad and
/// a good sample, its Swift type), each a starting point that the generator accepts; then `generate` registers it.
/// Nothing else changes when a rule is added: the catalog lists every type the YAML names.
extension Generator {
    /// Where each input's rules live and the document their `check` reads.
    static let inputs: [String: (dir: String, document: String, sample: String, comment: String)] = [
        "nginx": ("Nginx", "NginxAnalysis", "conf", "#"),
        "launch": ("Launch", "LaunchAnalysis", "Dockerfile", "#"),
        "app": ("App", "AppAnalysis", "py", "#"),
        "python": ("App", "AppAnalysis", "py", "#"),
        "logs": ("Logs", "LogAnalysis", "log", "#"),
        "probe": ("Probe", "ProbeAnalysis", "probe", "#"),
        "proxy": ("Proxy", "ProxyAnalysis", "cfg", "#"),
    ]

    /// The new rule's files, by path relative to the package root. Fails when the id does not fit the input, the
    /// rule exists, or a file is already there.
    public static func newRule(id: String, input: String, name: String?, root: String) throws -> [String: String] {
        guard let spec = inputs[input] else { throw Failure(description: "unknown input \"\(input)\" (one of \(inputs.keys.sorted().joined(separator: ", ")))") }
        guard (prefixes[input] ?? []).contains(where: { id.hasPrefix($0) }), id.drop(while: { $0.isLetter }).count == 3,
              id.drop(while: { $0.isLetter }).allSatisfy(\.isNumber) else {
            throw Failure(description: "\(id): an id of input \(input) is one of \(prefixes[input] ?? []) and three digits")
        }
        let kebab = name ?? "new-rule-\(id.lowercased())"
        guard kebab.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }), kebab.first?.isLetter == true else {
            throw Failure(description: "\(kebab): a rule name is lower-case words joined by '-'")
        }
        let typeName = Rule(meta: [:], id: id, name: kebab, input: input, samples: []).typeName
        // The type must be new in SSELintRules and not shadow a type the rules use.
        let taken = try loadRules(root: root).map(\.typeName) + ["Rule", "RuleID", "RuleContext", "RuleCatalog", "Deployment", "Settings",
            "Finding", "Fix", "Edit", "Severity", "NginxAnalysis", "LaunchAnalysis", "AppAnalysis", "LogAnalysis", "ProbeAnalysis", "ProxyAnalysis"]
        if taken.contains(typeName) || FileSystem.kind(Path.join(root, "Sources/SSELintRules/\(spec.dir)/\(typeName).swift")) != .missing {
            throw Failure(description: "\(kebab): its type \(typeName) exists already; choose another name")
        }
        let ext = spec.sample
        let files: [String: String] = [
            "rules/\(input)/\(id).yml": """
                id: \(id)
                name: \(kebab)
                input: \(input)
                severity: warning
                summary: "TODO: one sentence on what the rule finds."
                rationale: |
                  TODO: why it breaks a stream, with the public source that shows it.
                quick-reference: "TODO: the quick reference's section"
                fix:
                  title: "TODO: what to change"
                  safety: display
                  text: "TODO: the fix, in words a user follows."
                judgement: |
                  TODO: the cases a careful user would decide, and how this rule decides them.
                options: []
                references:
                  - "TODO: a public source"

                """,
            "samples/\(input)/\(id)/bad.\(ext)": "\(spec.comment) TODO: a deployment this rule must flag; the marker names the line after it.\n\(spec.comment) expect: \(id)\n",
            "samples/\(input)/\(id)/good.\(ext)": "\(spec.comment) TODO: the same deployment done right; no finding.\n",
            "Sources/SSELintRules/\(spec.dir)/\(typeName).swift": """
                import SSELintCore

                /// \(id) — see rules/\(input)/\(id).yml
                struct \(typeName): Rule {
                    static let id: RuleID = "\(id)"

                    func check(_ document: \(spec.document), _ context: inout RuleContext) {
                        // TODO: context.report("what is wrong and where", at: range, fix: edits)
                    }
                }

                """,
        ]
        for path in files.keys.sorted() where FileSystem.kind(Path.join(root, path)) != .missing {
            throw Failure(description: "\(path) exists already")
        }
        if try loadRules(root: root).contains(where: { $0.id == id }) { throw Failure(description: "\(id) exists already") }
        return files
    }
}
