#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
/// The result of one run, as reporters see it.
public struct Report: Sendable {
    public var findings: [Finding]
    public var errors: [InputError]
    public var notices: [Notice]
    /// Every file that was linted (entries and the files they include).
    public var files: [String]
    /// Fixes applied (with `--fix`) or shown (with `--diff`).
    public var fixesApplied: Int
    /// `--diff` without `--fix`: the fixes were shown, nothing was written.
    public var fixesShownOnly = false
    /// Findings hidden by inline suppressions or the baseline.
    public var suppressed: [SuppressedFinding] = []
    /// Baseline entries that matched nothing this run (fixed since: regenerate the baseline).
    public var staleBaseline: [String] = []
    public init(findings: [Finding] = [], errors: [InputError] = [], notices: [Notice] = [], files: [String] = [], fixesApplied: Int = 0) {
        self.findings = findings; self.errors = errors; self.notices = notices; self.files = files; self.fixesApplied = fixesApplied
    }

    /// 0 clean, 1 findings at or above `failOn`, 2 input errors (DESIGN.md "Command line").
    public func exitCode(failOn: Severity) -> Int32 {
        if !errors.isEmpty { return 2 }
        return findings.contains { $0.severity >= failOn } ? 1 : 0
    }
}

/// Paths as users see them: relative to the working directory when under it.
public final class PathDisplay: @unchecked Sendable {
    public let base: String
    /// Reports name the same few files thousands of times.
    private var memo: [String: String] = [:]
    /// A relative path without `.`, `..` or empty parts is shown as it is (it names a file under `base`): no
    /// lookup, which in a split config missed once per file.
    private let plainRelativeAsIs: Bool
    public init(base: String = FileSystem.currentDirectory) {
        self.base = base
        plainRelativeAsIs = base.hasPrefix("/") && Path.isNormal(base)
        elsewhereAsIs = plainRelativeAsIs && base != "/" && withUTF8Bytes(base, isASCII)
    }
    /// A display that has shown what this one has, and goes on alone (one per core writing a report: a display is
    /// used by one thread at a time, and what it showed before decides how a canonically equal spelling shows).
    public func copy() -> PathDisplay {
        let c = PathDisplay(base: base)
        c.memo = memo; c.last = last; c.heldBack = heldBack; c.sawOtherThanASCII = sawOtherThanASCII
        return c
    }

    /// Under the working directory: relative to it; elsewhere: as the user named it.
    public func show(_ path: String) -> String {
        // Findings come grouped by file: the last answer first (hashing a long path per finding added up).
        if let last, last.path == path { return last.shown }
        if plainRelativeAsIs, path.utf8.first.map({ $0 != 0x2F }) ?? false, Path.isNormal(path) { return path }
        // An ASCII absolute path under `base` is the rest after it, found by bytes and not entered in the table: a
        // split config's thousands of files each shown once were each worked out by Characters and entered. While
        // every path shown is ASCII, the table could only answer for the same bytes, which is this answer. The first
        // path that is not ASCII (which may spell an ASCII one another way: `;` as U+037E) enters the ones held back
        // in the table, in order, and from then on every path goes through the table as before.
        if plainRelativeAsIs, !sawOtherThanASCII {
            if let shown = quick(path) { heldBack.append(path); last = (path, shown); return shown }
            if !withUTF8Bytes(path, isASCII) {
                sawOtherThanASCII = true
                for p in heldBack { memo[p] = memo[p] ?? compute(p) }
                heldBack = []
            }
        }
        let shown = memo[path] ?? compute(path)
        memo[path] = shown
        last = (path, shown)
        return shown
    }
    private var last: (path: String, shown: String)?
    /// Paths shown by the shortcut, not yet in the table; and whether a path that is not ASCII was shown.
    private var heldBack: [String] = []
    private var sawOtherThanASCII = false

    /// What `compute` gives an ASCII normal absolute path, worked out by bytes: under `base`, the rest after it;
    /// elsewhere (`sselint /etc/nginx` run from a home directory), the path as it is, when `base` is ASCII and not
    /// `/` (ASCII Strings are equal and prefixes of each other exactly when their bytes are). Else nil.
    private func quick(_ path: String) -> String? {
        withUTF8Bytes(base) { b in
            withUTF8Bytes(path) { p -> String? in
                let n = b.count
                guard p.first == 0x2F, isASCII(p), Path.isNormal(path) else { return nil }
                let startsWithBase = p.count >= n && memcmp(p.baseAddress!, b.baseAddress!, n) == 0
                if startsWithBase, p.count > n + 1, p[n] == 0x2F {
                    return String(decoding: UnsafeBufferPointer(rebasing: p[(n + 1)...]), as: UTF8.self)
                }
                guard elsewhereAsIs, !(startsWithBase && (p.count == n || p[n] == 0x2F)) else { return nil }
                return path
            }
        }
    }
    /// Whether an ASCII absolute path that is neither `base` nor under it is shown as it is without a lookup.
    private let elsewhereAsIs: Bool

    func compute(_ path: String) -> String {
        // A live probe's findings stand under its URL, which is no path.
        if path.contains("://") { return path }
        let abs = path.hasPrefix("/") ? Path.normalize(path) : Path.normalize(Path.join(base, path))
        if abs == base { return "." }
        if abs.hasPrefix(base.hasSuffix("/") ? base : base + "/") { return Path.relative(abs, to: base) }
        return Path.normalize(path)
    }
}

public let sselintVersion = "0.1.0"

/// A finding hidden by an inline suppression or the baseline, kept for JSON and SARIF.
public struct SuppressedFinding: Sendable {
    public enum Kind: String, Sendable { case inSource, baseline }
    public let finding: Finding
    public let kind: Kind
    public let justification: String?
    public init(finding: Finding, kind: Kind, justification: String?) {
        self.finding = finding; self.kind = kind; self.justification = justification
    }
}

/// A content fingerprint of a finding: rule + path + the text of the flagged lines (whitespace-trimmed), so it
/// survives lines being added above (baseline entries, SARIF partialFingerprints).
public enum Fingerprint {
    public static func of(_ f: Finding, path: String) -> String {
        let file = f.range.file
        var content = ""
        for line in f.range.start.line...max(f.range.start.line, f.range.end.line) where line <= file.lineStarts.count {
            let s = file.lineStarts[line - 1]
            let e = line < file.lineStarts.count ? file.lineStarts[line] : file.bytes.count
            content += file.text(s..<e).trimmingSpaces.trimmingCharacters(["\n", "\r"]) + "\n"
        }
        return hex(fnv1a("\(f.rule)\u{0}\(path)\u{0}\(content)"))
    }

    /// Fingerprints made unique within one report: the Nth identical one gets `:N`.
    public static func all(_ findings: [Finding], paths: PathDisplay) -> [String] {
        var seen: [String: Int] = [:]
        return findings.map { f in
            let base = of(f, path: paths.show(f.range.file.path))
            let n = seen[base, default: 0]
            seen[base] = n + 1
            return n == 0 ? base : "\(base):\(n)"
        }
    }

    static func fnv1a(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in s.utf8 { h ^= UInt64(b); h = h &* 0x100000001b3 }
        return h
    }

    static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}

extension String {
    public func trimmingCharacters(_ set: Set<Character>) -> String {
        String(drop(while: { set.contains($0) }).reversed().drop(while: { set.contains($0) }).reversed())
    }
}
