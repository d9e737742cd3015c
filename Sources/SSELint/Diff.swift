import SSELintCore

/// A unified diff of one file, for `--diff`. Fixes change a few lines here and there, so the lines are walked
/// together and re-synchronised within a small window after each difference: linear in the file, not quadratic,
/// and a hunk per change with `context` lines around it.
public enum UnifiedDiff {
    public static func render(path: String, before: [UInt8], after: [UInt8], context: Int = 3, window: Int = 64) -> String {
        let a = lines(before), b = lines(after)
        var ops: [(Character, Int, Int)] = []   // (op, index in a, index in b)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] { ops.append((" ", i, j)); i += 1; j += 1; continue }
            // The nearest point where the two sides meet again: lines inserted (skip in b), deleted (skip in a), or both.
            var best: (di: Int, dj: Int)?
            search: for total in 1...(2 * window) {
                for di in 0...min(total, window) {
                    let dj = total - di
                    guard dj <= window else { continue }
                    if i + di < a.count, j + dj < b.count, a[i + di] == b[j + dj] { best = (di, dj); break search }
                }
            }
            let (di, dj) = best ?? (a.count - i, b.count - j)
            for k in 0..<di { ops.append(("-", i + k, j)) }
            for k in 0..<dj { ops.append(("+", i + di, j + k)) }
            i += di; j += dj
        }
        var out = "--- \(path)\n+++ \(path)\n"
        var k = 0
        while k < ops.count {
            guard ops[k].0 != " " else { k += 1; continue }
            // Grow the hunk while the next change is within 2 × context lines.
            let start = max(0, k - context)
            var end = k
            while end < ops.count {
                if ops[end].0 != " " { end += 1; continue }
                var run = end
                while run < ops.count, ops[run].0 == " " { run += 1 }
                if run < ops.count, run - end <= 2 * context { end = run } else { end = min(ops.count, end + context); break }
            }
            let hunk = ops[start..<end]
            let oldCount = hunk.filter { $0.0 != "+" }.count, newCount = hunk.filter { $0.0 != "-" }.count
            let oldStart = hunk.first!.1 + (oldCount == 0 ? 0 : 1), newStart = hunk.first!.2 + (newCount == 0 ? 0 : 1)
            out += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for (op, ai, bj) in hunk { out += "\(op)\(op == "+" ? b[bj] : a[ai])\n" }
            k = end
        }
        return out
    }

    private static func lines(_ bytes: [UInt8]) -> [String] {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
