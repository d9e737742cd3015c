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

    @usableFromInline init(value: String, quoted: Bool, start: Int, end: Int, substitution: String? = nil) {
        self.value = value; self.quoted = quoted; self.start = start; self.end = end; self.substitution = substitution
    }
}

/// One parsed file's directives in flat arrays: a row of every directive in one buffer, so that a config of
/// hundreds of thousands of directives costs a handful of allocations instead of two per directive (a box and an
/// argument array each were most of a large config's memory and a fifth of its parse).
public final class NginxStore: @unchecked Sendable {
    public let file: SourceFile
    // Appended while one file is parsed, then only read (a template's substituted copy is made whole before use).
    /// Directive `i`'s fields, one row each (a config split into thousands of small files paid an allocation and
    /// its header for each of seven columns of every file).
    @exclusivity(unchecked) @usableFromInline var rows: [Row] = []
    /// Names nginx does not know (third-party modules, typos), with their keys: none in most files, whose names are
    /// the process's own Strings of the names nginx knows (a table of names per file was a tenth of a config split
    /// into thousands of files).
    @exclusivity(unchecked) @usableFromInline var otherNames: [(key: Int32, name: String)] = []
    /// Directives whose unknown name is spelled with other bytes than the first of its key here (NFC and NFD).
    @exclusivity(unchecked) @usableFromInline var spellings: [Int32: String] = [:]
    /// The arguments of directive `i` are `args[rows[i].argStart..<rows[i + 1].argStart]` (the last ends at `args.count`).
    @exclusivity(unchecked) @usableFromInline var args: [StoredArg] = []
    /// Template arguments filled in from the deployment, by index into `args` (few, and only in templates).
    @exclusivity(unchecked) @usableFromInline var substitutions: [Int: String] = [:]

    /// One directive's fields, as 32-bit offsets.
    @usableFromInline struct Row: Sendable {
        /// The name's process-wide key (`NginxNames`).
        @usableFromInline let nameKey: Int32
        @usableFromInline let line: Int32
        @usableFromInline let start: Int32
        @usableFromInline var end: Int32
        /// -1: not a block.
        @usableFromInline var blockOpen: Int32 = -1
        @usableFromInline var blockClose: Int32 = -1
        @usableFromInline let argStart: Int32
    }

    /// An argument as the store keeps it, in 24 bytes instead of `NginxArg`'s 56 (32-bit offsets, whether it was
    /// quoted in the end offset's sign, the rare substitution kept aside): the largest buffer of a parsed config.
    @usableFromInline struct StoredArg: Sendable {
        @usableFromInline let value: String
        @usableFromInline let start: Int32
        /// The end offset; negative (bitwise complement) when the argument was quoted.
        @usableFromInline let endAndQuoted: Int32
        @inlinable var end: Int32 { endAndQuoted < 0 ? ~endAndQuoted : endAndQuoted }
        @inlinable var quoted: Bool { endAndQuoted < 0 }
        init(_ a: NginxArg) { self.init(value: a.value, quoted: a.quoted, start: a.start, end: a.end) }
        init(value: String, quoted: Bool, start: Int, end: Int) {
            self.value = value
            self.start = Int32(truncatingIfNeeded: start)
            let end = Int32(truncatingIfNeeded: end)
            endAndQuoted = quoted ? ~end : end
        }
    }

    @inlinable func arg(_ k: Int) -> NginxArg {
        let a = args[k]
        return NginxArg(value: a.value, quoted: a.quoted, start: Int(a.start), end: Int(a.end),
                        substitution: substitutions.isEmpty ? nil : substitutions[k])
    }
    /// Comments between the arguments, for the few directives that have them.
    @exclusivity(unchecked) var argComments: [Int32: [String]] = [:]

    init(file: SourceFile) { self.file = file }

    /// Appends an argument of the directive being read: the parser writes them here as they come (a list per
    /// directive, copied in and emptied, was a tenth of parsing), then appends the directive.
    func appendArg(value: String, quoted: Bool, start: Int, end: Int) {
        args.append(StoredArg(value: value, quoted: quoted, start: start, end: end))
    }

    /// The arguments appended since `from`, replaced (an `if`'s condition without its parentheses).
    func replaceArgs(from: Int, with replacement: [NginxArg]) {
        args.removeSubrange(from...)
        for a in replacement { args.append(StoredArg(a)) }
    }

    /// Appends a directive whose arguments are those appended since `argsFrom`; its index.
    func append(nameKey: Int32, argsFrom: Int, line: Int, start: Int, end: Int, argComments: [String]) -> Int32 {
        let i = Int32(rows.count)
        rows.append(Row(nameKey: nameKey, line: Int32(truncatingIfNeeded: line), start: Int32(truncatingIfNeeded: start),
                        end: Int32(truncatingIfNeeded: end), argStart: Int32(argsFrom)))
        if !argComments.isEmpty { self.argComments[i] = argComments }
        return i
    }

    func open(_ i: Int32, at offset: Int) { rows[Int(i)].blockOpen = Int32(truncatingIfNeeded: offset) }
    func close(_ i: Int32, at offset: Int, end: Int) {
        rows[Int(i)].blockClose = Int32(truncatingIfNeeded: offset); rows[Int(i)].end = Int32(truncatingIfNeeded: end)
    }

    /// Each buffer cut to its length (a small file's buffers were reserved by its line count; with thousands of
    /// included files the slack added up). Large files keep theirs: untouched capacity costs no memory there.
    func compact() {
        rows.shrinkToFit()
        args.shrinkToFit(movingWith: StoredArg(value: "", quoted: false, start: 0, end: 0))
    }

    func reserve(_ directives: Int) {
        rows.reserveCapacity(directives); args.reserveCapacity(directives * 2)
    }

    @inlinable func argRange(_ i: Int32) -> Range<Int> {
        let lo = Int(rows[Int(i)].argStart)
        let hi = Int(i) + 1 < rows.count ? Int(rows[Int(i) + 1].argStart) : args.count
        return lo..<hi
    }

    /// The name of directive `row`, whose key is `key`.
    func name(_ key: Int32, row: Int32) -> String {
        if let known = NginxNames.knownName(key) { return known }
        if !spellings.isEmpty, let s = spellings[row] { return s }
        for o in otherNames where o.key == key { return o.name }
        return ""
    }

    /// A copy whose arguments `change` rewrote (a template filled in); nil when it changed none.
    func replacingArgs(_ change: (NginxArg) -> NginxArg?) -> NginxStore? {
        var changed: [(Int, NginxArg)] = []
        for k in args.indices { if let n = change(arg(k)) { changed.append((k, n)) } }
        guard !changed.isEmpty else { return nil }
        let c = NginxStore(file: file)
        c.rows = rows; c.otherNames = otherNames; c.spellings = spellings; c.args = args; c.argComments = argComments
        c.substitutions = substitutions
        for (k, a) in changed {
            c.args[k] = StoredArg(a)
            if let note = a.substitution { c.substitutions[k] = note } else { c.substitutions[k] = nil }
        }
        return c
    }
}

/// The arguments of one directive: a view into its file's argument buffer, indexed from 0.
public struct NginxArgs: RandomAccessCollection, Sendable {
    @usableFromInline let store: NginxStore
    @usableFromInline let base: Int
    public let count: Int
    @inlinable init(store: NginxStore, range: Range<Int>) { self.store = store; base = range.lowerBound; count = range.count }
    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { count }
    @inlinable public subscript(i: Int) -> NginxArg {
        precondition(i >= 0 && i < count, "argument index out of range")
        return store.arg(base + i)
    }
}

/// A directive with its arguments and, for blocks, its children. Offsets are bytes into `file`.
///
/// A handle: its file's `NginxStore` holds the fields, so a copy costs one retain (two for a block) and a
/// directive no allocation of its own.
public struct NginxDirective: Sendable {
    @usableFromInline let store: NginxStore
    @usableFromInline let index: Int32
    /// The name's process-wide key (`NginxNames`), kept in the handle (in what would be padding) so that name
    /// lookups compare integers without reading the store.
    public let nameKey: Int32
    /// The children of a block directive; nil for a simple directive. The resolved config's blocks have their
    /// includes spliced in, so they are held here rather than in the file's store.
    public internal(set) var block: [NginxDirective]?

    init(store: NginxStore, index: Int32, block: [NginxDirective]?) {
        self.store = store; self.index = index; self.block = block
        nameKey = store.rows[Int(index)].nameKey
    }

    public var name: String { store.name(nameKey, row: index) }
    @inlinable public var args: NginxArgs { NginxArgs(store: store, range: store.argRange(index)) }
    @inlinable public var file: SourceFile { store.file }
    @inlinable public var line: Int { Int(store.rows[Int(index)].line) }
    /// Offset of the directive name.
    @inlinable public var start: Int { Int(store.rows[Int(index)].start) }
    /// Offset just past the terminating `;` or the block's closing `}`.
    @inlinable public var end: Int { Int(store.rows[Int(index)].end) }
    /// Offset of the block's `{`.
    public var blockOpen: Int? { let o = store.rows[Int(index)].blockOpen; return o < 0 ? nil : Int(o) }
    /// Offset of the block's `}`.
    public var blockClose: Int? { let o = store.rows[Int(index)].blockClose; return o < 0 ? nil : Int(o) }
    /// Comments between the arguments (crossplane reports them after the directive).
    public var argComments: [String] { store.argComments.isEmpty ? [] : store.argComments[index] ?? [] }

    public var range: SourceRange { SourceRange(file: file, start: start, end: end, line: line) }
    /// The first line only: `location /x {` or the whole simple directive.
    public var headRange: SourceRange {
        SourceRange(file: file, start: start, end: blockOpen.map { $0 + 1 } ?? end, line: line)
    }
    @inlinable public func arg(_ i: Int) -> String? {
        let r = store.argRange(index)
        return i < r.count ? store.args[r.lowerBound + i].value : nil
    }
    public var argValues: [String] { args.map(\.value) }
    /// "file:line" used in messages that name where a value came from.
    public var where_: String { Path.concatenate(file.path, ":", String(line)) }
}

public struct NginxComment: Sendable, Hashable {
    /// Text after `#`, without the line terminator.
    public let text: String
    public let start: Int
    public let end: Int
    public let line: Int
}

/// One parsed file, independent of where it is included from.
///
/// A class: every lookup of a file in the workspace's cache, and every file a config includes, handed out a copy
/// of its fields (five reference counts each, on objects spread over the heap: thousands in a split config).
public final class NginxFile: Sendable {
    public let source: SourceFile
    public let directives: [NginxDirective]
    public let comments: [NginxComment]
    /// Directives at every depth (what including this file costs).
    public let directiveCount: Int
    /// Every `include` at any depth, in the order the parser completed them (post-order).
    public let includes: [NginxDirective]
    /// The last directive (post-order) whose name is a template placeholder (`${…}`, `{{`, `{%`).
    public let templateLike: NginxDirective?
    /// How deep its blocks nest (a top-level block is 1).
    public let nesting: Int

    init(source: SourceFile, directives: [NginxDirective], comments: [NginxComment], directiveCount: Int,
         includes: [NginxDirective], templateLike: NginxDirective?, nesting: Int) {
        self.source = source; self.directives = directives; self.comments = comments
        self.directiveCount = directiveCount; self.includes = includes; self.templateLike = templateLike
        self.nesting = nesting
    }
}
