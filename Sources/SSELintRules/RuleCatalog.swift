import SSELintCore

extension RuleCatalog {
    /// Metadata by rule id.
    public static let metadata: [RuleID: RuleMetadata] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
}
