#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The prose and defaults of one rule, generated from `rules/<input>/<ID>.yml` into the binary.
public struct RuleMetadata: Sendable, Hashable {
    public struct Option: Sendable, Hashable {
        public let name: String
        public let type: String
        public let defaultValue: String
        public let description: String
        public init(name: String, type: String, defaultValue: String, description: String) {
            self.name = name; self.type = type; self.defaultValue = defaultValue; self.description = description
        }
    }
    public struct Sample: Sendable, Hashable {
        public let name: String
        public let text: String
        public init(name: String, text: String) { self.name = name; self.text = text }
    }
    public let id: RuleID
    public let name: String
    public let input: String
    public let severity: Severity
    public let enabledByDefault: Bool
    public let summary: String
    public let rationale: String
    public let quickReference: String
    /// The fix's title as the docs show it: `fixTitleTemplate` with the YAML's example values.
    public let fixTitle: String
    /// `fix.title` as written, with `{name}` placeholders a finding fills (`Set `{directive} off;` in this location`).
    public let fixTitleTemplate: String
    /// `fix.titles`: other titles a finding may use, by name (the YAML is the only place fix titles are written).
    public let fixTitles: [String: String]
    /// `fix.values`: example values of the placeholders, for the docs and for findings that give none.
    public let fixValues: [String: String]
    public let fixSafety: FixSafety
    public let fixText: String
    public let judgement: String
    public let options: [Option]
    public let references: [String]
    public let samples: [Sample]
    /// Opt-in rule sets this rule belongs to besides the default one (`quick-reference`).
    public let presets: [String]

    public init(id: RuleID, name: String, input: String, severity: Severity, enabledByDefault: Bool,
                summary: String, rationale: String, quickReference: String, fixTitle: String,
                fixSafety: FixSafety, fixText: String, judgement: String, options: [Option],
                references: [String], samples: [Sample], presets: [String] = [],
                fixTitles: [String: String] = [:], fixValues: [String: String] = [:]) {
        self.id = id; self.name = name; self.input = input; self.severity = severity
        self.enabledByDefault = enabledByDefault; self.summary = summary; self.rationale = rationale
        self.quickReference = quickReference; self.fixSafety = fixSafety
        self.fixText = fixText; self.judgement = judgement; self.options = options
        self.references = references; self.samples = samples; self.presets = presets
        self.fixTitleTemplate = fixTitle; self.fixTitles = fixTitles; self.fixValues = fixValues
        self.fixTitle = RuleMetadata.fill(fixTitle, fixValues)
    }

    /// A fix title: the named one from `fix.titles` (else `fix.title`) with its placeholders filled from `values`,
    /// then from the YAML's example values.
    public func fixTitle(_ name: String?, _ values: [String: String]) -> String {
        let template = name.flatMap { fixTitles[$0] } ?? fixTitleTemplate
        let filled = RuleMetadata.fill(template, values)
        guard Self.hasBrace(filled) else { return filled }
        // A placeholder the finding left open: an example value would state something false.
        assert(!fixValues.keys.contains { filled.contains("{\($0)}") }, "\(id): fix title \"\(template)\" needs values for its placeholders")
        return RuleMetadata.fill(filled, fixValues)
    }

    /// Whether a text holds a `{` (memchr over its storage: a fix title is filled for every finding).
    private static func hasBrace(_ s: String) -> Bool {
        withUTF8Bytes(s) { b in b.baseAddress.map { memchr($0, 0x7B, b.count) != nil } ?? false }
    }

    public static func fill(_ template: String, _ values: [String: String]) -> String {
        // One pass: each `{name}` with a value is replaced, anything else kept as written.
        guard !values.isEmpty, hasBrace(template) else { return template }
        var out = ""
        var rest = template[...]
        while let open = rest.utf8.firstIndex(of: 0x7B) {
            out += rest[..<open]
            // Byte positions: a combining mark after a brace stays with the text around it.
            let afterOpen = rest.utf8.index(after: open)
            guard let close = rest.utf8[afterOpen...].firstIndex(of: 0x7D) else { rest = rest[open...]; break }
            if let v = values[String(rest[afterOpen..<close])] { out += v; rest = rest[rest.utf8.index(after: close)...] }
            else { out += "{"; rest = rest[afterOpen...] }  // a literal brace: scan on after it
        }
        out += rest
        return out
    }
}

/// Opt-in rule sets, selected like a rule id (`--select quick-reference`) or with `preset:` in `.sselint.yml`.
public enum RulePreset {
    /// The quick reference's full checklist: the default rules, plus the completeness checks that change no
    /// stream (all five headers on every SSE response, hop-by-hop headers behind any server, HTTP/1.0 upstreams).
    public static let quickReference = "quick-reference"
    public static let all = [quickReference]

    /// `QUICK-REFERENCE` as selectors are written after upper-casing.
    public static func named(_ selector: String) -> String? {
        all.first { $0.uppercased() == selector.uppercased() }
    }
}
