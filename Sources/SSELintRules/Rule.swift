import SSELintCore
import SSELintNginx

/// A rule over one resolved nginx config. Rules only read and report: they never print, read or write files.
public protocol NginxRule: Sendable {
    static var id: String { get }
    init()
    func check(_ config: NginxAnalysis, _ context: inout RuleContext)
}

/// Collects one rule's findings for one document; built by the engine.
public struct RuleContext {
    public let metadata: RuleMetadata
    public let settings: Settings
    public private(set) var findings: [Finding] = []

    public init(metadata: RuleMetadata, settings: Settings) {
        self.metadata = metadata; self.settings = settings
    }

    /// Reports at `range`; `severity` overrides the rule's default for findings whose grade depends on the case.
    /// A fix without an explicit title or safety takes them from the rule's YAML.
    public mutating func report(_ message: String, at range: SourceRange, severity: Severity? = nil,
                                fix edits: [Edit]? = nil, fixTitle: String? = nil, fixSafety: FixSafety? = nil,
                                related: [RelatedLocation] = [], isolation block: NginxDirective? = nil) {
        let key = block.map { "\($0.file.path):\($0.start)" }
        // No edits (a value a rule must not rewrite, such as a template placeholder): the fix is shown, not applied.
        let fix: Fix? = edits.flatMap { $0.isEmpty ? nil : $0 }.map {
            Fix(title: fixTitle ?? metadata.fixTitle, safety: fixSafety ?? metadata.fixSafety, edits: $0, isolation: key)
        } ?? Fix(title: fixTitle ?? metadata.fixTitle, safety: .display)
        findings.append(Finding(rule: metadata.id, name: metadata.name, severity: severity ?? metadata.severity,
                                range: range, message: message, fix: fix, related: related))
    }
}
