import SSELintCore
import SSELintNginx

/// Applies fixes: non-overlapping edits, re-lint, repeat until nothing changes (bounded); writes atomically.
/// A fix is applied whole or not at all, and a file whose fixed text no longer parses is left as it was.
public struct FixResult {
    public let report: Report
    /// path → (original, fixed) for every file that changed.
    public let changes: [String: (before: [UInt8], after: [UInt8])]
    /// The findings before any fix, for the files a write may fail on.
    public var initial: Report = Report()
    /// Fixes applied per file (a fix that edits several files counts at its first).
    public var appliedIn: [String: Int] = [:]

    /// The report once the changes were written, `failed` files excepted: their findings stay as they were
    /// before fixing, their fixes are not counted, and each failure is an error naming the file.
    public func afterWriting(_ failed: [InputError]) -> Report {
        var r = report
        guard !failed.isEmpty else { return r }
        let paths = Set(failed.map { Path.normalize($0.path) })
        r.findings = (r.findings.filter { !paths.contains($0.range.file.path) } + initial.findings.filter { paths.contains($0.range.file.path) })
            .sorted { ($0.range.file.path, $0.range.start.offset, $0.rule) < ($1.range.file.path, $1.range.start.offset, $1.rule) }
        r.fixesApplied -= paths.reduce(0) { $0 + (appliedIn[$1] ?? 0) }
        r.errors += failed
        return r
    }
}

extension Linter {
    public func lintAndFix(_ paths: [String], unsafe: Bool, maxRounds: Int = 8) -> FixResult {
        var overlay: [String: [UInt8]] = [:]
        var originals: [String: [UInt8]] = [:]
        var applied = 0
        var (report, _) = lint(paths)
        let initial = report
        // No fix on a broken configuration: which rules run and how is unknown.
        if Self.brokenConfiguration(report, options) != nil {
            var result = FixResult(report: report, changes: [:])
            result.initial = initial
            return result
        }
        var appliedIn: [String: Int] = [:]
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
            // Fixes are written onto the file's real bytes. An edit computed on a transformed copy (an nginx config
            // masked out of a YAML file or Dockerfile, a template with its placeholder lines blanked) is kept only
            // where the copy and the file agree on every line it touches; otherwise the whole fix is skipped.
            var currentMemo: [String: [UInt8]?] = [:]
            func current(_ path: String) -> [UInt8]? {
                if let known = currentMemo[path] { return known }
                let bytes: [UInt8]?
                if let o = overlay[path] { bytes = o }
                else if let s = options.stdin, Path.normalize(s.path) == path { bytes = s.bytes }
                else { bytes = try? FileSystem.read(path, limit: options.maxFileSize).get() }
                currentMemo[path] = bytes
                return bytes
            }
            func compatible(_ e: Edit) -> Bool {
                guard let real = current(e.file.path) else { return false }
                return Linter.fits(e, real: real)
            }
            for fix in fixes {
                let conflicts = fix.edits.contains { e in
                    (taken[e.file.path] ?? []).contains { r in Linter.overlaps(r, e.range) }
                }
                if conflicts || fix.edits.isEmpty { continue }
                if !fix.edits.allSatisfy(compatible) { continue }
                if let key = fix.isolation, !isolated.insert(key).inserted { continue }
                for e in fix.edits {
                    taken[e.file.path, default: []].append(e.range)
                    byFile[e.file.path, default: (e.file, [])].1.append(e)
                }
                fixesIn[fix.edits[0].file.path, default: 0] += 1
            }
            var changed = false
            for (path, (file, edits)) in byFile {
                guard let real = current(path) else { continue }
                var bytes = real
                for e in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
                    bytes.replaceSubrange(e.range, with: Array(e.replacement.utf8))
                }
                // Never keep a fix that breaks the file.
                guard parses(path, bytes) else { continue }
                if originals[path] == nil { originals[path] = real }
                _ = file
                overlay[path] = bytes
                changed = true
                roundApplied += fixesIn[path] ?? 0
                appliedIn[path, default: 0] += fixesIn[path] ?? 0
            }
            guard changed else { break }
            applied += roundApplied
            report = lint(paths, workspace: workspace(overlay: overlay)).report
        }
        report.fixesApplied = applied
        var changes: [String: (before: [UInt8], after: [UInt8])] = [:]
        for (p, after) in overlay where originals[p] != after { changes[p] = (originals[p]!, after) }
        var result = FixResult(report: report, changes: changes)
        result.initial = initial
        result.appliedIn = appliedIn
        return result
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

    /// Writes every changed file atomically, each only if it still holds what was read; returns the errors of
    /// those that were not written.
    public static func write(_ changes: [String: (before: [UInt8], after: [UInt8])]) -> [InputError] {
        changes.keys.sorted().compactMap { FileSystem.writeAtomically($0, changes[$0]!.after, expected: changes[$0]!.before) }
    }
}

extension Linter {
    /// An edit computed on a copy of a file (`e.file.bytes`) can be written onto the file's real bytes: the same
    /// file, or a copy of the same length that agrees with it on every line the edit touches.
    static func fits(_ e: Edit, real: [UInt8]) -> Bool {
        let copy = e.file.bytes
        if real == copy { return true }
        guard real.count == copy.count, e.range.upperBound <= real.count else { return false }
        var a = e.range.lowerBound, b = e.range.upperBound
        while a > 0, copy[a - 1] != 0x0A { a -= 1 }
        while b < copy.count, copy[b] != 0x0A { b += 1 }
        return real[a..<b] == copy[a..<b]
    }
}
