/// A rule's id (`NGX001`): a family's letters and a number. Written as a string literal where a rule declares
/// it; compared, sorted and printed as its text.
public struct RuleID: RawRepresentable, Hashable, Comparable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ text: String) { self.rawValue = text }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }
    public static func < (a: RuleID, b: RuleID) -> Bool { a.rawValue < b.rawValue }
    /// Whether a user's selector (`NGX`, `NGX001`, `ALL`) names this rule.
    public func matches(_ selector: String) -> Bool { selector == "ALL" || rawValue.hasPrefix(selector) }
}
