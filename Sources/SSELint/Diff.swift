import SSELintCore

/// A unified diff of one file, for `--diff`. Lines outside the changed region are trimmed first, so the
/// LCS table only covers what the fixes touched.
public enum UnifiedDiff {
    public static func render(path: String, before: [UInt8], after: [UInt8], context: Int = 3) -> String {
        let a = lines(before), b = lines(after)
        var pre = 0
        while pre < a.count, pre < b.count, a[pre] == b[pre] { pre += 1 }
        var suf = 0
        while suf < a.count - pre, suf < b.count - pre, a[a.count - 1 - suf] == b[b.count - 1 - suf] { suf += 1 }
        let am = Array(a[pre..<a.count - suf]), bm = Array(b[pre..<b.count - suf])
        var ops: [(Character, String)] = []
        if am.count * bm.count <= 4_000_000 {
            var t = Array(repeating: Array(repeating: 0, count: bm.count + 1), count: am.count + 1)
            for i in stride(from: am.count - 1, through: 0, by: -1) {
                for j in stride(from: bm.count - 1, through: 0, by: -1) {
                    t[i][j] = am[i] == bm[j] ? t[i + 1][j + 1] + 1 : max(t[i + 1][j], t[i][j + 1])
                }
            }
            var i = 0, j = 0
            while i < am.count || j < bm.count {
                if i < am.count, j < bm.count, am[i] == bm[j] { ops.append((" ", am[i])); i += 1; j += 1 }
                else if j < bm.count, i == am.count || t[i][j + 1] >= t[i + 1][j] { ops.append(("+", bm[j])); j += 1 }
                else { ops.append(("-", am[i])); i += 1 }
            }
        } else {
            ops = am.map { ("-", $0) } + bm.map { ("+", $0) }
        }
        let lead = a[max(0, pre - context)..<pre].map { (Character(" "), $0) }
        let trail = a[(a.count - suf)..<min(a.count, a.count - suf + context)].map { (Character(" "), $0) }
        let all = lead + ops + trail
        let start = max(0, pre - context)
        let oldCount = all.filter { $0.0 != "+" }.count, newCount = all.filter { $0.0 != "-" }.count
        var out = "--- \(path)\n+++ \(path)\n@@ -\(start + 1),\(oldCount) +\(start + 1),\(newCount) @@\n"
        for (op, line) in all { out += "\(op)\(line)\n" }
        return out
    }

    private static func lines(_ bytes: [UInt8]) -> [String] {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
