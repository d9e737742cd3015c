import SSELintCore
import SSELintNginx
import SSELintRules

/// Inline suppressions and the baseline, applied to a run's findings.
enum Suppressions {
    /// Hides findings that a `# sselint: disable…` comment in their file covers, and reports comments that cover
    /// nothing as SUP001 (only for rules that ran on that file: a suppression of a rule not run cannot be judged).
    /// Removes the suppressed findings from `findings` (in place: a large report is not copied) and appends the
    /// SUP001 findings on the comments; returns what was suppressed.
    static func apply(_ findings: inout [Finding], sources: [String: (SourceFile, [Comment])], ran: [String: Set<RuleID>],
                      configs: ConfigResolver, errors: inout [InputError]) -> [SuppressedFinding] {
        var byFile: [String: [Suppression]] = [:]
        for (path, (source, comments)) in sources where !comments.isEmpty {
            let list = SuppressionParser.parse(comments, in: source) { source.isCodeLine($0) }
            if !list.isEmpty { byFile[path] = list }
        }
        var used: [String: Set<String>] = [:]   // "path|offset" → rule ids it hid
        var suppressed: [SuppressedFinding] = []
        // Indexed by line (and file-wide), so each finding looks at the few comments that can cover it.
        var byLine: [String: [Int: [Suppression]]] = [:], fileWide: [String: [Suppression]] = [:]
        for (path, list) in byFile {
            for s in list where s.problem == nil {
                switch s.scope {
                case .line(let l): byLine[path, default: [:]][l, default: []].append(s)
                case .file: fileWide[path, default: []].append(s)
                }
            }
        }
        // Only when some file has suppressions (each finding passed to the test was a copy of all its fields).
        if !byFile.isEmpty { findings.removeAll { finding in
            let path = finding.range.file.path
            guard byFile[path] != nil else { return false }
            let candidates = (byLine[path]?[finding.range.start.line] ?? []) + (fileWide[path] ?? [])
            let hit = candidates.first { s in s.rules.contains { $0 == finding.rule.rawValue || $0 == "ALL" } }
            guard let s = hit else { return false }
            used["\(path)|\(s.comment.start.offset)", default: []].insert(finding.rule.rawValue)
            suppressed.append(SuppressedFinding(finding: finding, kind: .inSource, justification: s.reason))
            return true
        } }
        guard let meta = RuleCatalog.metadata["SUP001"] else { return suppressed }
        for (path, list) in byFile.sorted(by: { $0.key < $1.key }) {
            let config = configs.config(for: path, errors: &errors)
            guard configs.runs("SUP001", config) else { continue }
            for s in list {
                let hid = used["\(path)|\(s.comment.start.offset)"] ?? []
                var message: String?
                if let problem = s.problem {
                    message = "suppression comment \(problem)"
                } else {
                    let unknown = s.rules.filter { $0 != "ALL" && RuleCatalog.metadata[RuleID($0)] == nil }
                    let idle = s.rules.filter { !hid.contains($0) && RuleCatalog.metadata[RuleID($0)] != nil && ran[path]?.contains(RuleID($0)) == true }
                    if !unknown.isEmpty {
                        message = "suppression names unknown rule\(unknown.count > 1 ? "s" : "") \(unknown.joined(separator: ", ")) (see `sselint rules`)"
                    } else if !idle.isEmpty {
                        let whereText: String
                        if case .line(let l) = s.scope { whereText = "on line \(l)" } else { whereText = "in this file" }
                        message = "unused suppression: \(idle.joined(separator: ", ")) report\(idle.count == 1 ? "s" : "") nothing \(whereText)"
                    }
                }
                guard let message else { continue }
                // Removing the whole comment is safe only when nothing in it is still in use.
                let removable = hid.isEmpty
                let edit = removable ? [removal(s)] : nil
                var f = Finding(rule: "SUP001", name: meta.name, severity: config.severity["SUP001"] ?? meta.severity,
                                range: s.comment, message: message,
                                fix: edit.map { Fix(title: meta.fixTitle, safety: .safe, edits: $0) }
                                    ?? Fix(title: "Remove the unused rule ids from the comment", safety: .display))
                f.severity = config.severity["SUP001"] ?? meta.severity
                findings.append(f)
            }
        }
        return suppressed
    }

    /// Deletes a suppression comment: its whole line when it stands alone, else the comment and the blanks before it.
    private static func removal(_ s: Suppression) -> Edit {
        let file = s.comment.file, b = file.bytes
        var start = s.comment.start.offset
        var end = s.comment.end.offset
        while start > 0, b[start - 1] == 0x20 || b[start - 1] == 0x09 { start -= 1 }
        if s.ownLine {
            while end < b.count, b[end] != 0x0A { end += 1 }
            if end < b.count { end += 1 }
        }
        return Edit(file: file, range: start..<end, replacement: "")
    }

    /// Hides findings whose fingerprint the baseline holds; baseline entries left over are stale.
    /// Entries for files that were not linted this run are neither matched nor stale.
    static func applyBaseline(_ findings: [Finding], baseline: [(fingerprint: String, path: String)], linted: Set<String>) -> (kept: [Finding], suppressed: [SuppressedFinding], stale: [String]) {
        let paths = PathDisplay()
        let shownLinted = Set(linted.map(paths.show))
        var remaining = Set(baseline.filter { $0.path.isEmpty || shownLinted.contains($0.path) }.map(\.fingerprint))
        var kept: [Finding] = []
        var suppressed: [SuppressedFinding] = []
        for (f, fp) in zip(findings, Fingerprint.all(findings, paths: paths)) {
            if remaining.remove(fp) != nil {
                suppressed.append(SuppressedFinding(finding: f, kind: .baseline, justification: "in the baseline"))
            } else {
                kept.append(f)
            }
        }
        return (kept, suppressed, remaining.sorted())
    }
}
