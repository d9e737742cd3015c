import SSELintCore

/// `path:line:col: severity[ID] message`, the fix title on the next line, then a summary.
public struct TextReporter: Reporter {
    public let color: Bool
    public let paths: PathDisplay
    public init(color: Bool, paths: PathDisplay = PathDisplay()) { self.color = color; self.paths = paths }

    private func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    public func render(_ report: Report) -> String {
        var out = ""
        for e in report.errors {
            let place = e.line > 0 ? "\(paths.show(e.path)):\(e.line):\(e.column)" : paths.show(e.path)
            out += "\(paint(place, "1")): \(paint("input-error", "1;31")) \(e.message)\n"
        }
        for f in report.findings {
            let sev: String
            switch f.severity {
            case .error: sev = paint("error", "1;31")
            case .warning: sev = paint("warning", "1;33")
            case .info: sev = paint("info", "1;36")
            }
            out += "\(paint("\(paths.show(f.range.file.path)):\(f.range.start.line):\(f.range.start.column)", "1")): \(sev)[\(f.rule)] \(f.message)\n"
            if let fix = f.fix {
                out += "  \(paint("fix", "32")) (\(fix.safety.rawValue)): \(fix.title)\n"
            }
            for r in f.related {
                out += "  note: \(paths.show(r.range.file.path)):\(r.range.start.line): \(r.message)\n"
            }
        }
        let count = { (s: Severity) in report.findings.filter { $0.severity == s }.count }
        let fixable = report.findings.filter { $0.fix?.safety == .safe }.count
        var summary = "\(report.findings.count) finding\(report.findings.count == 1 ? "" : "s") (\(count(.error)) error, \(count(.warning)) warning, \(count(.info)) info) in \(report.files.count) file\(report.files.count == 1 ? "" : "s")"
        if !report.errors.isEmpty { summary += "; \(report.errors.count) input error\(report.errors.count == 1 ? "" : "s")" }
        if !report.suppressed.isEmpty { summary += "; \(report.suppressed.count) suppressed" }
        // Files seen but not judged (templates sselint cannot render, other proxies' configs, binary files): counted
        // by reason, so that nothing is left out silently.
        var bySkip: [Notice.Skip: Set<String>] = [:]
        for n in report.notices { if let s = n.skip { bySkip[s, default: []].insert(n.path) } }
        let skipped = bySkip.values.reduce(0) { $0 + $1.count }
        if skipped > 0 {
            let reasons = Notice.Skip.allCases.compactMap { s in bySkip[s].map { "\($0.count) \(s.label($0.count))" } }
            let listed = report.notices.contains { $0.skip != nil && $0.verboseOnly } ? ", --verbose lists them" : ""
            summary += "; \(skipped) skipped (\(reasons.joined(separator: ", "))\(listed))"
        }
        if !report.staleBaseline.isEmpty { summary += "; \(report.staleBaseline.count) baseline entr\(report.staleBaseline.count == 1 ? "y" : "ies") no longer match (rewrite it with --write-baseline)" }
        if fixable > 0 { summary += "; \(fixable) fixable with --fix" }
        if report.fixesApplied > 0 { summary += report.fixesShownOnly ? "; \(report.fixesApplied) would be fixed" : "; \(report.fixesApplied) fixed" }
        return out + summary + "\n"
    }
}
