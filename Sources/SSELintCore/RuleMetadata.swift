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
    public let id: String
    public let name: String
    public let input: String
    public let severity: Severity
    public let enabledByDefault: Bool
    public let summary: String
    public let rationale: String
    public let quickReference: String
    public let fixTitle: String
    public let fixSafety: FixSafety
    public let fixText: String
    public let judgement: String
    public let options: [Option]
    public let references: [String]
    public let samples: [Sample]

    public init(id: String, name: String, input: String, severity: Severity, enabledByDefault: Bool,
                summary: String, rationale: String, quickReference: String, fixTitle: String,
                fixSafety: FixSafety, fixText: String, judgement: String, options: [Option],
                references: [String], samples: [Sample]) {
        self.id = id; self.name = name; self.input = input; self.severity = severity
        self.enabledByDefault = enabledByDefault; self.summary = summary; self.rationale = rationale
        self.quickReference = quickReference; self.fixTitle = fixTitle; self.fixSafety = fixSafety
        self.fixText = fixText; self.judgement = judgement; self.options = options
        self.references = references; self.samples = samples
    }
}
