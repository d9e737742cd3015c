import SSELintCore
import SSELintNginx

/// Applies fixes: non-overlapping edits, re-lint, repeat until nothing changes (bounded); writes atomically.
/// A fix is applied whole or not at all, and a file whose fixed text no longer parses is left as it was.
public struct FixResult {
    public let report: Report
    /// path → (original, fixed) for every file that changed.
    public let changes: [String: (before: [UInt8], after: [UInt8])]
}

extension Linter {
    public func lintAndFix(_ paths: [String], unsafe: Bool, maxRounds: Int = 8) -> FixResult {
        var overlay: [String: [UInt8]] = [:]
        var originals: [String: [UInt8]] = [:]
        var applied = 0
        var (report, _) = lint(paths)
        var previous: Set<String> = []
        for _ in 0..<maxRounds {
            let fixes = report.findings.compactMap(\.fix).filter { $0.safety == .safe || (unsafe && $0.safety == .unsafe) }
            // A round that leaves the same findings as the last made no progress: stop rather than repeat.
            let now = Set(report.findings.map { "\($0.rule)|\($0.range.file.path)|\($0.message)" })
            if now == previous { break }
            previous = now
            guard !fixes.isEmpty else { break }
            var byFile: [String: (SourceFile, [Edit])] = [:]
            var fixesIn: [String: Int] = [:]
            var taken: [String: [Range<Int>]] = [:]
            var isolated: Set<String> = []
            var roundApplied = 0
            var pristineMemo: [String: Bool] = [:]
            func pristine(_ f: SourceFile) -> Bool {
                if let known = pristineMemo[f.path] { return known }
                let current: [UInt8]?
                if let o = overlay[f.path] { current = o }
                else if let s = options.stdin, Path.normalize(s.path) == f.path { current = s.bytes }
                else { current = try? FileSystem.read(f.path, limit: options.maxFileSize).get() }
                let ok = current == f.bytes
                pristineMemo[f.path] = ok
                return ok
            }
            for fix in fixes {
                let conflicts = fix.edits.contains { e in
                    (taken[e.file.path] ?? []).contains { r in Linter.overlaps(r, e.range) }
                }
                if conflicts || fix.edits.isEmpty { continue }
                // Edits computed on a transformed copy (an nginx config masked out of a YAML/Dockerfile, a template
                // with its placeholder lines blanked) must never be written: the whole fix is skipped unless every
                // file it touches was parsed from its own bytes.
                if !fix.edits.allSatisfy({ pristine($0.file) }) { continue }
                if let key = fix.isolation, !isolated.insert(key).inserted { continue }
                for e in fix.edits {
                    taken[e.file.path, default: []].append(e.range)
                    byFile[e.file.path, default: (e.file, [])].1.append(e)
                }
                fixesIn[fix.edits[0].file.path, default: 0] += 1
            }
            var changed = false
            for (path, (file, edits)) in byFile {
                var bytes = file.bytes
                for e in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
                    bytes.replaceSubrange(e.range, with: Array(e.replacement.utf8))
                }
                // Never keep a fix that breaks the file.
                guard parses(path, bytes) else { continue }
                if originals[path] == nil { originals[path] = file.bytes }
                overlay[path] = bytes
                changed = true
                roundApplied += fixesIn[path] ?? 0
            }
            guard changed else { break }
            applied += roundApplied
            report = lint(paths, workspace: workspace(overlay: overlay)).report
        }
        report.fixesApplied = applied
        var changes: [String: (before: [UInt8], after: [UInt8])] = [:]
        for (p, after) in overlay where originals[p] != after { changes[p] = (originals[p]!, after) }
        return FixResult(report: report, changes: changes)
    }

    /// Two insertions at one point overlap too (their order would be arbitrary).
    /// An insertion touching a replaced range (at either end) overlaps it too: inserting after text another fix
    /// deletes would leave the insertion dangling (`CMD [, "--x"]`).
    static func overlaps(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        if a.isEmpty && b.isEmpty { return a.lowerBound == b.lowerBound }
        if a.isEmpty { return a.lowerBound >= b.lowerBound && a.lowerBound <= b.upperBound }
        if b.isEmpty { return b.lowerBound >= a.lowerBound && b.lowerBound <= a.upperBound }
        return a.overlaps(b)
    }

    /// Writes every changed file atomically; returns the errors of those that could not be written.
    public static func write(_ changes: [String: (before: [UInt8], after: [UInt8])]) -> [InputError] {
        changes.keys.sorted().compactMap { FileSystem.writeAtomically($0, changes[$0]!.after) }
    }
}
