import SSELintCore

/// SARIF 2.1.0 for code scanning: rules with descriptions and help, results with relative URIs under %SRCROOT%,
/// content fingerprints that survive line shifts, and suppressions with their justification.
public struct SARIFReporter: Reporter {
    public let paths: PathDisplay
    public let rules: [RuleMetadata]
    public init(paths: PathDisplay = PathDisplay(), rules: [RuleMetadata]) { self.paths = paths; self.rules = rules }

    static func level(_ s: Severity) -> String { s == .error ? "error" : s == .warning ? "warning" : "note" }

    public func render(_ report: Report) -> String {
        let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let driverRules: [JSON] = rules.map { m in
            .object([
                ("id", .string(m.id.rawValue)), ("name", .string(m.name)),
                ("shortDescription", .object([("text", .string(m.summary))])),
                ("fullDescription", .object([("text", .string(m.rationale.trimmingCharacters(["\n", " "])))])),
                ("help", .object([("text", .string(m.fixText)),
                                  ("markdown", .string("**\(m.fixTitle)** (\(m.fixSafety.rawValue) fix)\n\n\(m.fixText)"))])),
                ("helpUri", .string(rulesDocumentationBase + m.id.rawValue + ".md")),
                ("defaultConfiguration", .object([("level", .string(Self.level(m.severity))), ("enabled", .bool(m.enabledByDefault))])),
                ("properties", .object([("tags", .array([.string(m.input), .string("sse")]))])),
            ])
        }
        let all = report.findings.map { ($0, nil as SuppressedFinding?) } + report.suppressed.map { ($0.finding, $0) }
        let fingerprints = Fingerprint.all(all.map(\.0), paths: paths)
        let results: [JSON] = zip(all, fingerprints).map { pair, fp in
            let (f, s) = pair
            var o: [(String, JSON)] = [
                ("ruleId", .string(f.rule.rawValue)),
                ("level", .string(Self.level(f.severity))),
                ("message", .object([("text", .string(f.message))])),
                ("locations", .array([location(f.range)])),
                ("partialFingerprints", .object([("sselint/v1", .string(fp))])),
            ]
            if let i = index[f.rule] { o.insert(("ruleIndex", .int(i)), at: 1) }
            if !f.related.isEmpty {
                o.append(("relatedLocations", .array(f.related.enumerated().map { i, r in
                    var loc = location(r.range)
                    if case .object(var fields) = loc {
                        fields.insert(("id", .int(i + 1)), at: 0)
                        fields.append(("message", .object([("text", .string(r.message))])))
                        loc = .object(fields)
                    }
                    return loc
                })))
            }
            if let s {
                var sup: [(String, JSON)] = [("kind", .string(s.kind == .inSource ? "inSource" : "external"))]
                if let j = s.justification { sup.append(("justification", .string(j))) }
                o.append(("suppressions", .array([.object(sup)])))
            }
            return .object(o)
        }
        let notifications: [JSON] = report.errors.map { e in
            var loc: [(String, JSON)] = [("artifactLocation", artifact(e.path))]
            if e.line > 0 { loc.append(("region", .object([("startLine", .int(e.line)), ("startColumn", .int(max(1, e.column)))]))) }
            return .object([
                ("level", .string("error")), ("message", .object([("text", .string(e.message))])),
                ("locations", .array([.object([("physicalLocation", .object(loc))])])),
            ])
        }
        let run: JSON = .object([
            ("tool", .object([("driver", .object([
                ("name", .string("sselint")), ("version", .string(sselintVersion)), ("semanticVersion", .string(sselintVersion)),
                ("informationUri", .string("https://github.com/sselint/sselint")), ("rules", .array(driverRules)),
            ]))])),
            ("originalUriBaseIds", .object([("%SRCROOT%", .object([("uri", .string(baseURI))]))])),
            ("columnKind", .string("unicodeCodePoints")),
            ("results", .array(results)),
            ("invocations", .array([.object([
                ("executionSuccessful", .bool(report.errors.isEmpty)),
                ("toolExecutionNotifications", .array(notifications)),
            ])])),
        ])
        return JSON.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ]).serialized(indent: 2) + "\n"
    }

    private var baseURI: String { "file://" + percentEncode(paths.base.hasSuffix("/") ? paths.base : paths.base + "/") }

    private func artifact(_ path: String) -> JSON {
        let shown = paths.show(path)
        if shown.contains("://") { return .object([("uri", .string(shown))]) }  // a probed URL
        if shown.hasPrefix("/") { return .object([("uri", .string("file://" + percentEncode(shown)))]) }
        if shown.hasPrefix("..") { return .object([("uri", .string("file://" + percentEncode(Path.absolute(path))))]) }
        return .object([("uri", .string(percentEncode(shown))), ("uriBaseId", .string("%SRCROOT%"))])
    }

    /// Columns in code points, as `columnKind` declares (the other formats count bytes).
    private func location(_ r: SourceRange) -> JSON {
        let startColumn = r.file.codePointColumn(of: r.start.offset), endColumn = r.file.codePointColumn(of: r.end.offset)
        return .object([("physicalLocation", .object([
            ("artifactLocation", artifact(r.file.path)),
            ("region", .object([
                ("startLine", .int(r.start.line)), ("startColumn", .int(startColumn)),
                ("endLine", .int(r.end.line)), ("endColumn", .int(max(endColumn, r.start.line == r.end.line ? startColumn + 1 : 1))),
            ])),
        ]))])
    }

    /// RFC 3986 path encoding: unreserved characters and `/` stay.
    private func percentEncode(_ s: String) -> String {
        var o = ""
        for b in s.utf8 {
            let c = Character(UnicodeScalar(b))
            if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || "-._~/".contains(c) {
                o.append(c)
            } else {
                let h = String(b, radix: 16, uppercase: true)
                o += "%" + (h.count == 1 ? "0" + h : h)
            }
        }
        return o
    }
}
