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
///
/// Its fields live in one reference-counted box, copied on write: configs hold hundreds of thousands of directives
/// and every pass over them copies each one, so a copy costs one retain instead of one per array and file.
public struct NginxDirective: Sendable {
    @usableFromInline final class Storage: @unchecked Sendable {
        // Written only while the box is unique (copy on write), so reads need no dynamic exclusivity check: with it,
        // reading `args` cost more than the comparison it fed, for every directive of every rule's pass.
        @usableFromInline let name: String
        @exclusivity(unchecked) @usableFromInline var args: [NginxArg]
        @exclusivity(unchecked) @usableFromInline var block: [NginxDirective]?
        @usableFromInline let file: SourceFile
        @usableFromInline let line: Int
        @usableFromInline let start: Int
        @exclusivity(unchecked) @usableFromInline var end: Int
        @exclusivity(unchecked) var blockOpen: Int?
        @exclusivity(unchecked) var blockClose: Int?
        @exclusivity(unchecked) var argComments: [String]
        init(name: String, args: [NginxArg], block: [NginxDirective]?, file: SourceFile, line: Int, start: Int, end: Int,
             blockOpen: Int?, blockClose: Int?, argComments: [String]) {
            self.name = name; self.args = args; self.block = block; self.file = file; self.line = line; self.start = start
            self.end = end; self.blockOpen = blockOpen; self.blockClose = blockClose; self.argComments = argComments
        }
        func copy() -> Storage {
            Storage(name: name, args: args, block: block, file: file, line: line, start: start, end: end,
                    blockOpen: blockOpen, blockClose: blockClose, argComments: argComments)
        }
    }
    // Read by the inlinable accessors below (rules in other modules read every directive's fields).
    @usableFromInline var s: Storage

    init(name: String, args: [NginxArg], block: [NginxDirective]?, file: SourceFile, line: Int, start: Int, end: Int,
         blockOpen: Int?, blockClose: Int?, argComments: [String] = []) {
        s = Storage(name: name, args: args, block: block, file: file, line: line, start: start, end: end,
                    blockOpen: blockOpen, blockClose: blockClose, argComments: argComments)
    }

    /// The box, made unique before a write (copy on write).
    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&s) { s = s.copy() }
        return s
    }

    @inlinable public var name: String { s.name }
    public internal(set) var args: [NginxArg] {
        @inlinable get { s.args }
        set { unique().args = newValue }
    }
    public internal(set) var block: [NginxDirective]? {
        @inlinable get { s.block }
        set { unique().block = newValue }
    }
    @inlinable public var file: SourceFile { s.file }
    @inlinable public var line: Int { s.line }
    /// Offset of the directive name.
    @inlinable public var start: Int { s.start }
    /// Offset just past the terminating `;` or the block's closing `}`.
    public internal(set) var end: Int {
        get { s.end }
        set { unique().end = newValue }
    }
    /// Offset of the block's `{`.
    public internal(set) var blockOpen: Int? {
        get { s.blockOpen }
        set { unique().blockOpen = newValue }
    }
    /// Offset of the block's `}`.
    public internal(set) var blockClose: Int? {
        get { s.blockClose }
        set { unique().blockClose = newValue }
    }
    /// Comments between the arguments (crossplane reports them after the directive).
    public internal(set) var argComments: [String] {
        get { s.argComments }
        set { unique().argComments = newValue }
    }

    public var range: SourceRange { SourceRange(file: file, start: start, end: end) }
    /// The first line only: `location /x {` or the whole simple directive.
    public var headRange: SourceRange {
        SourceRange(file: file, start: start, end: blockOpen.map { $0 + 1 } ?? end)
    }
    @inlinable public func arg(_ i: Int) -> String? { let a = s.args; return i < a.count ? a[i].value : nil }
    public var argValues: [String] { s.args.map(\.value) }
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
    /// Every `include` at any depth, in the order the parser completed them (post-order).
    public let includes: [NginxDirective]
    /// The last directive (post-order) whose name is a template placeholder (`${…}`, `{{`, `{%`).
    public let templateLike: NginxDirective?
}
