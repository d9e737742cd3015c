import SSELintCore
import SSELintNginx

/// A rule over one document of its input: a resolved nginx config (`NginxAnalysis`), the launch commands of a file
/// (`LaunchAnalysis`), an app source (`AppAnalysis`), a server log (`LogAnalysis`) or a probe transcript
/// (`ProbeAnalysis`), another proxy's config (`ProxyAnalysis`). Rules only read and report: they never print, read or write files. The catalog
/// (`RuleCatalog.rules`) lists every rule; `RuleRunner` runs those of one document type.
public protocol Rule<Document>: Sendable {
    associatedtype Document
    static var id: RuleID { get }
    static var startsFirst: Bool { get }
    init()
    func check(_ document: Document, _ context: inout RuleContext)
}

extension Rule {
    static var documentType: Any.Type { Document.self }

    /// Checks `document`, which must be of this rule's document type (asserted): rules are kept as `any Rule.Type`
    /// and their documents cast to the concrete type, because casting a rule to `any Rule<D>.Type` looks its
    /// conformance up among every conformance in the binary (a millisecond for the nginx rules, each run).
    public static func check(any document: Any, _ context: inout RuleContext) {
        guard let d = document as? Document else {
            // The engine pairs each list with its document type (`RuleCatalog.rules(for:)`): a mismatch is a bug.
            assertionFailure("\(Self.self) checks \(Document.self), was given \(type(of: document))")
            return
        }
        Self().check(d, &context)
    }
    /// Started before the others when rules run concurrently: the rules that take longest on a large document.
    public static var startsFirst: Bool { false }
}

/// Runs rules over one document: the one loop every input kind uses.
public enum RuleRunner {
    /// Findings of every rule in `rules` over `document`, in the rules' order. `concurrently`: the rules run on every
    /// core (a large config; rules only read the document, and the result is the same as run one by one).
    public static func run<D>(_ rules: [any Rule.Type], on document: D, settings: Settings, concurrently: Bool = false) -> [Finding] {
        nonisolated(unsafe) let document = document
        // Started in this order: the longest rules first, so that the cores end together.
        let order = rules.indices.filter { rules[$0].startsFirst } + rules.indices.filter { !rules[$0].startsFirst }
        let found = Parallel.map(order, minimum: concurrently ? 2 : .max) { i -> [Finding] in
            let rule = rules[i]
            guard let metadata = RuleCatalog.metadata[rule.id] else { return [] }
            var context = RuleContext(metadata: metadata, settings: settings)
            rule.check(any: document, &context)
            return context.findings
        }
        // Back in the rules' order.
        var byRule = [[Finding]](repeating: [], count: rules.count)
        for (i, f) in zip(order, found) { byRule[i] = f }
        // One rule's list as it is when no other rule found anything (the common case); else one list at its size.
        let total = byRule.reduce(0) { $0 + $1.count }
        if let only = byRule.first(where: { !$0.isEmpty }), only.count == total { return only }
        var all: [Finding] = []
        all.reserveCapacity(total)
        for f in byRule { all += f }
        return all
    }
}

extension RuleCatalog {
    /// The rules that read documents of type `D`, in catalog order.
    public static func rules<D>(for _: D.Type) -> [any Rule.Type] {
        let wanted = ObjectIdentifier(D.self)
        return rules.filter { ObjectIdentifier($0.documentType) == wanted }
    }

    // Each input's rules, picked from `rules` once.
    public static let nginxRules = rules(for: NginxAnalysis.self)
    public static let launchRules = rules(for: LaunchAnalysis.self)
    public static let appRules = rules(for: AppAnalysis.self)
    public static let logRules = rules(for: LogAnalysis.self)
    public static let probeRules = rules(for: ProbeAnalysis.self)
    public static let proxyRules = rules(for: ProxyAnalysis.self)
}

/// Seconds as messages show them: `60` for a whole number, `0.5` otherwise (and any value too large for an Int as is).
func secondsText(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v) }

/// Which fix title of the rule's YAML a finding uses: `fix.title`, or one of `fix.titles` by name, with values for
/// its `{placeholders}`.
public struct FixTitle: Sendable {
    public let name: String?
    public let values: [String: String]
    /// `fix.title` with these placeholder values.
    public static func with(_ values: [String: String]) -> FixTitle { FixTitle(name: nil, values: values) }
    /// `fix.titles[name]`, with these placeholder values.
    public static func named(_ name: String, _ values: [String: String] = [:]) -> FixTitle { FixTitle(name: name, values: values) }
}

/// Collects one rule's findings for one document; built by the engine.
public struct RuleContext {
    public let metadata: RuleMetadata
    public let settings: Settings
    public private(set) var findings: [Finding] = []

    public init(metadata: RuleMetadata, settings: Settings) {
        self.metadata = metadata; self.settings = settings
    }

    /// The rule's options as `.sselint.yml` sets them (checked against the rule's YAML when loaded); a rule reads
    /// them through its generated `Options` type, which holds the YAML's defaults.
    public var optionValues: [String: String] { settings.ruleOptions[metadata.id.rawValue] ?? [:] }

    /// Reports at `range`; `severity` overrides the rule's default for findings whose grade depends on the case.
    /// The fix's title comes from the rule's YAML (`fixTitle` picks one of `fix.titles` and fills placeholders);
    /// its safety too unless `fixSafety` says otherwise.
    public mutating func report(_ message: String, at range: SourceRange, severity: Severity? = nil,
                                fix edits: [Edit]? = nil, fixTitle: FixTitle? = nil, fixSafety: FixSafety? = nil,
                                related: [RelatedLocation] = [], isolation block: NginxDirective? = nil) {
        let key = block.map { Path.concatenate($0.file.path, ":", String($0.start)) }
        assert(fixTitle?.name.map { metadata.fixTitles[$0] != nil } ?? true, "\(metadata.id) has no fix title \(fixTitle?.name ?? "")")
        let title = metadata.fixTitle(fixTitle?.name, fixTitle?.values ?? [:])
        // No edits (a value a rule must not rewrite, such as a template placeholder): the fix is shown, not applied.
        let fix: Fix? = edits.flatMap { $0.isEmpty ? nil : $0 }.map {
            Fix(title: title, safety: fixSafety ?? metadata.fixSafety, edits: $0, isolation: key)
        } ?? Fix(title: title, safety: .display)
        findings.append(Finding(rule: metadata.id, name: metadata.name, severity: severity ?? metadata.severity,
                                range: range, message: message, fix: fix, related: related))
    }
}
