/// The result of one run, as reporters see it.
public struct Report: Sendable {
    public var findings: [Finding]
    public var errors: [InputError]
    public var notices: [Notice]
    /// Every file that was linted (entries and the files they include).
    public var files: [String]
    /// Fixes applied (with `--fix`) or shown (with `--diff`).
    public var fixesApplied: Int
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
    public init(base: String = FileSystem.currentDirectory) { self.base = base }
    /// Under the working directory: relative to it; elsewhere: as the user named it.
    public func show(_ path: String) -> String {
        if let hit = memo[path] { return hit }
        let shown = compute(path)
        memo[path] = shown
        return shown
    }

    private func compute(_ path: String) -> String {
        let abs = path.hasPrefix("/") ? Path.normalize(path) : Path.normalize(Path.join(base, path))
        if abs == base { return "." }
        if abs.hasPrefix(base.hasSuffix("/") ? base : base + "/") { return Path.relative(abs, to: base) }
        return Path.normalize(path)
    }
}

public let sselintVersion = "0.1.0"
