public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    case info, warning, error
    var rank: Int { self == .info ? 0 : self == .warning ? 1 : 2 }
    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// How freely a fix may be applied (ruff's applicability levels).
public enum FixSafety: String, Sendable, Codable {
    /// Applied by `--fix`.
    case safe
    /// Applied only with `--unsafe-fixes`.
    case unsafe
    /// Shown, never applied.
    case display
}

/// One text replacement; an empty replacement deletes, an empty range inserts.
public struct Edit: Sendable, Hashable {
    public let file: SourceFile
    public let range: Range<Int>
    public let replacement: String
    public init(file: SourceFile, range: Range<Int>, replacement: String) {
        self.file = file; self.range = range; self.replacement = replacement
    }
}

public struct Fix: Sendable, Hashable {
    public let title: String
    public let safety: FixSafety
    public let edits: [Edit]
    /// Fixes with the same key are never applied in one round (ruff's isolation): two rules that each add a
    /// directive to one nginx block would otherwise both succeed and leave a duplicate. The next round re-lints.
    public let isolation: String?
    public init(title: String, safety: FixSafety, edits: [Edit] = [], isolation: String? = nil) {
        self.title = title; self.safety = safety
        self.edits = safety == .display ? [] : edits
        self.isolation = isolation
    }
}

public struct RelatedLocation: Sendable, Hashable {
    public let range: SourceRange
    public let message: String
    public init(range: SourceRange, message: String) { self.range = range; self.message = message }
}

public struct Finding: Sendable, Hashable {
    public let rule: RuleID
    public let name: String
    public var severity: Severity
    public let range: SourceRange
    public let message: String
    public let fix: Fix?
    public var related: [RelatedLocation]
    public init(rule: RuleID, name: String, severity: Severity, range: SourceRange, message: String,
                fix: Fix?, related: [RelatedLocation] = []) {
        self.rule = rule; self.name = name; self.severity = severity; self.range = range
        self.message = message; self.fix = fix; self.related = related
    }
}

/// A file that could not be read or parsed: reported with its place, never suppressible.
public struct InputError: Error, Sendable, Hashable {
    public let path: String
    public let line: Int
    public let column: Int
    public let message: String
    public init(path: String, line: Int = 0, column: Int = 0, message: String) {
        self.path = path; self.line = line; self.column = column; self.message = message
    }
    public init(at pos: SourcePosition, in file: SourceFile, _ message: String) {
        self.init(path: file.path, line: pos.line, column: pos.column, message: message)
    }
}

/// Something the user should know that is not a failure (a skipped template, an include outside the tree).
public struct Notice: Sendable, Hashable {
    /// Why a file was not judged; the summary counts skipped files by it.
    public enum Skip: String, Sendable, Hashable, CaseIterable {
        case template, binary, otherProxy = "other-proxy", notNginx = "not-nginx", archived
        public func label(_ n: Int) -> String {
            switch self {
            case .template: return n == 1 ? "template" : "templates"
            case .binary: return n == 1 ? "binary file" : "binary files"
            case .otherProxy: return n == 1 ? "other proxy's config" : "other proxies' configs"
            case .notNginx: return n == 1 ? "*.conf that is not nginx" : "*.conf files that are not nginx"
            case .archived: return n == 1 ? "archived directory" : "archived directories"
            }
        }
    }
    public let path: String
    public let line: Int
    public let message: String
    public let skip: Skip?
    /// Found in a tree walk rather than named: counted in the summary, listed only with `--verbose`.
    public let verboseOnly: Bool
    public init(path: String, line: Int = 0, message: String, skip: Skip? = nil, verboseOnly: Bool = false) {
        self.path = path; self.line = line; self.message = message; self.skip = skip; self.verboseOnly = verboseOnly
    }
}
