import SSELintCore

/// One argument as nginx sees it: `value` has quotes removed and `\"` inside quotes unescaped, exactly as
/// crossplane reports it; `start..<end` covers the raw token (quotes included).
public struct NginxArg: Sendable, Hashable {
    public let value: String
    public let quoted: Bool
    public let start: Int
    public let end: Int
    /// For an argument of an envsubst template whose `${VAR}` was filled in from the deployment: what was
    /// substituted and where the value came from ("${READ_TIMEOUT} = 600s from docker/.env.example:42").
    public var substitution: String? = nil
}

/// A directive with its arguments and, for blocks, its children. Offsets are bytes into `file`.
public struct NginxDirective: Sendable {
    public let name: String
    public internal(set) var args: [NginxArg]
    public internal(set) var block: [NginxDirective]?
    public let file: SourceFile
    public let line: Int
    /// Offset of the directive name.
    public let start: Int
    /// Offset just past the terminating `;` or the block's closing `}`.
    public internal(set) var end: Int
    /// Offset of the block's `{`.
    public internal(set) var blockOpen: Int?
    /// Offset of the block's `}`.
    public internal(set) var blockClose: Int?
    /// Comments between the arguments (crossplane reports them after the directive).
    public internal(set) var argComments: [String] = []

    public var range: SourceRange { SourceRange(file: file, start: start, end: end) }
    /// The first line only: `location /x {` or the whole simple directive.
    public var headRange: SourceRange {
        SourceRange(file: file, start: start, end: blockOpen.map { $0 + 1 } ?? end)
    }
    public func arg(_ i: Int) -> String? { i < args.count ? args[i].value : nil }
    public var argValues: [String] { args.map(\.value) }
    /// "file:line" used in messages that name where a value came from.
    public var where_: String { "\(file.path):\(line)" }
}

public struct NginxComment: Sendable, Hashable {
    /// Text after `#`, without the line terminator.
    public let text: String
    public let start: Int
    public let end: Int
    public let line: Int
}

/// One parsed file, independent of where it is included from.
public struct NginxFile: Sendable {
    public let source: SourceFile
    public let directives: [NginxDirective]
    public let comments: [NginxComment]
    /// Directives at every depth (what including this file costs).
    public let directiveCount: Int
}
