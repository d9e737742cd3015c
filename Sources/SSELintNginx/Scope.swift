import SSELintCore

/// One configuration level (main, http, server, location, `if`, `limit_except`) with the simple directives set
/// directly on it. Lookups walk up the parent chain, which is what nginx's merge of a child level with its parent
/// does: O(depth) per lookup, never a rescan of siblings.
public final class NginxScope {
    public let kind: String
    public let directive: NginxDirective?
    /// Unowned: children are owned by their parent (the analysis holds every scope), so the tree is not a cycle; a
    /// scope is used while the root `build` returned is held. Not weak: a weak reference gives the parent a side
    /// table, and every retain of it then takes the slow path.
    public unowned let parent: NginxScope?
    /// The same without reference counting, for the lookups below: every location's walks up through the same few
    /// levels (its server, http, main) on all cores, and a strong reference taken of each level on the way was an
    /// atomic count on a line all cores share (a fifth of the retains' time at 5,000 split files). Unchecked: where `parent` would
    /// trap on a level already freed, a walk through `up` reads freed memory; the levels live as long as the root
    /// `build` returned (the analysis holds it), and a scope is only used while it is held.
    private let up: Unmanaged<NginxScope>?
    /// The simple directives set directly on this level, by name: `own["add_header"]` is nil when there are none.
    /// A view over `ordered` (a level holds a handful of directives; a dictionary per level was a third of the scope
    /// tree's memory and time), indexed by name only for the rare level with many.
    public var own: Own { Own(scope: self) }
    /// The same directives in the order of the resolved config: a view over the level's block, which the resolved
    /// config holds anyway (a copy per level was a tenth of a large config's memory).
    public var ordered: LazyFilterSequence<[NginxDirective]> { list.lazy.filter { $0.block == nil } }
    /// The level's block (the config's top level for main): its simple directives and its nested blocks.
    /// Constants, set when the level is made: a lookup from every location walks up through the same few levels
    /// (http, main) on all cores, and reading a `var` of them counted a reference up and down on one shared line.
    private let list: [NginxDirective]
    private let simple: [NginxDirective]?
    private let byName: [Int32: [NginxDirective]]?
    /// Whether an `if` or `limit_except` level is directly below this one.
    @exclusivity(unchecked) public private(set) var hasConditionals = false
    @exclusivity(unchecked) public private(set) var children: [NginxScope] = []
    public let depth: Int

    init(kind: String, directive: NginxDirective?, parent: NginxScope?, list: [NginxDirective]) {
        self.kind = kind; self.directive = directive; self.parent = parent
        up = parent.map { Unmanaged.passUnretained($0) }
        self.depth = (parent?.depth ?? -1) + 1
        self.list = list
        var simpleCount = 0
        for d in list where d.block == nil { simpleCount += 1 }
        if simpleCount > Own.indexAbove {
            byName = Dictionary(grouping: list.lazy.filter { $0.block == nil }, by: \.nameKey)
            simple = nil
        } else if list.count > 2 * simpleCount + Own.indexAbove {
            // A level of thousands of servers and a few directives (http): its directives apart, so that a
            // lookup from every location below does not walk every server.
            byName = nil
            simple = list.filter { $0.block == nil }
        } else {
            byName = nil
            simple = nil
        }
    }

    /// Blocks whose contents are not proxy configuration (their "directives" are map keys, MIME types, …).
    static let opaque: Set<String> = ["events", "map", "types", "geo", "split_clients", "upstream", "stream",
                                      "mail", "charset_map", "match", "js_import"]
    public static let scoped: Set<String> = ["http", "server", "location", "if", "limit_except"]
    // The same by name key (compared as integers while the tree is built).
    // A handful, compared in turn (hashing each block's key was a tenth of building a large config's tree).
    static let scopedKeys = scoped.map(NginxNames.knownKey)
    static let conditionalKeys = ["if", "limit_except"].map(NginxNames.knownKey)

    /// Builds the scope tree of a resolved config in one walk.
    public static func build(_ config: ResolvedConfig) -> NginxScope {
        let root = NginxScope(kind: "main", directive: nil, parent: nil, list: config.directives)
        var work: [NginxScope] = [root]
        let scopedKeys = Self.scopedKeys, conditionalKeys = Self.conditionalKeys
        while let scope = work.popLast() {
            // Counted first (a level's list is short, but for http, whose servers are thousands): most levels
            // (locations) have no block, and no list is made for them.
            var blocks = 0
            for d in scope.list where d.block != nil { blocks += 1 }
            guard blocks > 0 else { continue }
            var children: [NginxScope] = []
            children.reserveCapacity(blocks)
            for d in scope.list {
                if let block = d.block, scopedKeys.contains(d.nameKey) {
                    children.append(NginxScope(kind: d.name, directive: d, parent: scope, list: block))
                    if conditionalKeys.contains(d.nameKey) { scope.hasConditionals = true }
                }
            }
            scope.children = children
            work.append(contentsOf: children.reversed())
        }
        return root
    }

    public struct Own {
        /// Levels with more simple directives than this are indexed by name once.
        static let indexAbove = 16
        let scope: NginxScope
        public subscript(name: String) -> [NginxDirective]? {
            guard let key = NginxNames.key(name) else { return nil }
            return self[key: key]
        }
        /// The same, by the name's key (`NginxNames.key`): for a lookup repeated on every level up the chain.
        public subscript(key key: Int32) -> [NginxDirective]? {
            if let index = scope.byName { return index[key] }
            // By index: only the matches are copied (a copy of each directive looked at counted its references up
            // and down, on every level of every lookup).
            return scope.withDirectives { l in
                var found: [NginxDirective] = []
                for i in l.indices where l[i].nameKey == key && l[i].block == nil { found.append(l[i]) }
                return found.isEmpty ? nil : found
            }
        }
        /// The last directive named `name` on this level (what a single-value directive's lookup wants), no array.
        public func last(_ name: String) -> NginxDirective? {
            guard let key = NginxNames.key(name) else { return nil }
            return last(key: key)
        }
        public func last(key: Int32) -> NginxDirective? { scope.lastSimple(key: key) }
    }

    /// Calls `body` with each simple directive of this level whose name key is in `keys` (a few), in order. The
    /// others are read by key only, never copied: a copy of a directive counts two references up and down, and
    /// rules that looked at every directive of every level this way spent most of their time counting.
    @inlinable public func forEachSimple(keyedIn keys: [Int32], _ body: (NginxDirective) throws -> Void) rethrows {
        try withDirectives { l in
            for i in l.indices where keys.contains(l[i].nameKey) && l[i].block == nil { try body(l[i]) }
        }
    }
    /// Calls `body` with each simple directive of this level, in order, read where it lies (no list made).
    @inlinable public func forEachSimple(_ body: (NginxDirective) throws -> Void) rethrows {
        try withDirectives { l in
            for i in l.indices where l[i].block == nil { try body(l[i]) }
        }
    }
    @usableFromInline func withDirectives<R>(_ body: ([NginxDirective]) throws -> R) rethrows -> R {
        // Each array passed as it is held (`simple ?? list` made a new reference to one of them).
        if let simple { return try body(simple) }
        return try body(list)
    }

    /// Every scope below this one, in document order.
    public var descendants: [NginxScope] {
        var out: [NginxScope] = []
        var stack = children.reversed() as [NginxScope]
        while let s = stack.popLast() {
            out.append(s)
            stack.append(contentsOf: s.children.reversed())
        }
        return out
    }

    public func nearest(_ kind: String) -> NginxScope? {
        var s: NginxScope? = self
        while let c = s { if c.kind == kind { return c }; s = c.parent }
        return nil
    }

    /// The value of a single-value directive here: the nearest level that sets it, else nginx's default.
    public func effective(_ name: String, default value: [String]) -> EffectiveValue {
        // No directive anywhere has this name: nginx's default.
        guard let key = NginxNames.key(name), let (d, c) = inForce(key: key) else {
            return EffectiveValue(args: value, directive: nil, origin: .defaultValue)
        }
        return EffectiveValue(args: d.argValues, directive: d, origin: c === self ? .here : .inherited(c))
    }

    /// The single-value directive with this name key in force here and the level that sets it: the nearest level's
    /// last one; nil where none is set (nginx's default applies).
    public func inForce(key: Int32) -> (directive: NginxDirective, level: NginxScope)? {
        // `_withUnsafeGuaranteedRef`: the level is used without a count up and down (the standard library's way to
        // say that something else keeps it alive: here, the root).
        var c = Unmanaged.passUnretained(self)
        while true {
            if let d = c._withUnsafeGuaranteedRef({ $0.lastSimple(key: key) }) { return (d, c.takeUnretainedValue()) }
            guard let p = c._withUnsafeGuaranteedRef({ $0.up }) else { return nil }
            c = p
        }
    }

    /// `own.last(key:)`, also without the view (asked on every level up the chain from every location).
    @inline(__always) fileprivate func lastSimple(key: Int32) -> NginxDirective? {
        if let index = byName { return index[key]?.last }
        if let simple { return Self.last(in: simple, key: key) }
        return Self.last(in: list, key: key)
    }

    @inline(__always) private static func last(in l: [NginxDirective], key: Int32) -> NginxDirective? {
        var i = l.count
        while i > 0 {
            i -= 1
            if l[i].nameKey == key && l[i].block == nil { return l[i] }
        }
        return nil
    }

    /// The directives of an array directive (`add_header`, `proxy_set_header`, …) in force here: those of the
    /// nearest level that has any; a level with its own inherits none (unless `add_header_inherit merge`).
    public func effectiveList(_ name: String) -> (directives: [NginxDirective], from: NginxScope?) {
        guard let key = NginxNames.key(name) else { return ([], nil) }
        return effectiveList(key: key)
    }

    /// The same by the name's key (asked of every location: hashing the name and the merge check's own lookup by
    /// name, with its default list made each time, were a tenth of NGX010).
    public func effectiveList(key: Int32) -> (directives: [NginxDirective], from: NginxScope?) {
        var s: Unmanaged<NginxScope>? = Unmanaged.passUnretained(self)
        var merged: [NginxDirective] = []
        while let c = s {
            let (ds, next) = c._withUnsafeGuaranteedRef { ($0.own[key: key], $0.up) }
            if let ds, !ds.isEmpty {
                let level = c.takeUnretainedValue()
                let merge = key == Self.addHeaderKey && level.addHeaderInherit == "merge"
                if !merge { return (merged.isEmpty ? ds : ds + merged, level) }
                merged = ds + merged
            }
            s = next
        }
        return (merged, merged.isEmpty ? nil : self)
    }

    public static let addHeaderKey = NginxNames.knownKey("add_header")
    static let addHeaderInheritKey = NginxNames.knownKey("add_header_inherit")

    /// The first argument of the `add_header_inherit` in force here, as written; nil when none is (nginx's default, `on`).
    public var addHeaderInherit: String? { inForce(key: Self.addHeaderInheritKey)?.directive.arg(0) }

    /// Directives named `name` in this level and in its `if`/`limit_except` sub-levels (not nested locations).
    public func ownIncludingConditionals(_ name: String) -> [NginxDirective] {
        guard let key = NginxNames.key(name) else { return [] }
        return ownIncludingConditionals(key: key)
    }

    /// `ownIncludingConditionals(name).first` by the name's key, without building the list when there are no
    /// conditional blocks (asked of every location for each `*_pass`).
    public func firstIncludingConditionals(key: Int32) -> NginxDirective? {
        if hasConditionals { return ownIncludingConditionals(key: key).first }
        // The first of the earliest: what a stable sort by position puts first.
        var best: NginxDirective?
        if let index = byName {
            for d in index[key] ?? [] where best.map({ d.start < $0.start }) ?? true { best = d }
            return best
        }
        withDirectives { l in
            for i in l.indices where l[i].nameKey == key && l[i].block == nil && (best.map { l[i].start < $0.start } ?? true) { best = l[i] }
        }
        return best
    }

    func ownIncludingConditionals(key: Int32) -> [NginxDirective] {
        var out = own[key: key] ?? []
        if !hasConditionals { return out.inSourceOrder }
        var stack = children.filter { $0.kind == "if" || $0.kind == "limit_except" }
        while let c = stack.popLast() {
            out += c.own[key: key] ?? []
            stack += c.children.filter { $0.kind == "if" || $0.kind == "limit_except" }
        }
        return out.inSourceOrder
    }
}

extension Array where Element == NginxDirective {
    /// Sorted by offset, as the rules read a level's directives; most lists already are (no sort, no copy).
    public var inSourceOrder: [NginxDirective] {
        zip(self, dropFirst()).allSatisfy({ $0.start <= $1.start }) ? self : sorted { $0.start < $1.start }
    }
}

public struct EffectiveValue {
    public enum Origin {
        case here
        case inherited(NginxScope)
        case defaultValue
    }
    public let args: [String]
    public let directive: NginxDirective?
    public let origin: Origin

    public init(args: [String], directive: NginxDirective?, origin: Origin) {
        self.args = args; self.directive = directive; self.origin = origin
    }

    public var first: String {
        guard let a = args.first else { return "" }
        // A value with no upper-case letter, all ASCII (`off`, `60s`), is its own lower case: no new String made
        // (asked of several values at every location).
        if withUTF8Bytes(a, { $0.allSatisfy { $0 < 0x80 && ($0 < 0x41 || $0 > 0x5A) } }) { return a }
        return a.lowercased()
    }
    public var isDefault: Bool { if case .defaultValue = origin { return true }; return false }
    public var isHere: Bool { if case .here = origin { return true }; return false }

    /// "; ${READ_TIMEOUT} = 600s from .env.example:42" for a template argument filled in from the deployment.
    var substitutions: String {
        let notes = directive?.args.compactMap(\.substitution) ?? []
        return notes.isEmpty ? "" : "; " + notes.joined(separator: ", ")
    }

    /// "set here at a.conf:3", "inherited from server at site.conf:12", "nginx default".
    public var originText: String {
        switch origin {
        case .here: return "set at \(directive!.where_)\(substitutions)"
        case .inherited(let s): return "inherited from \(s.kind) at \(directive!.where_)\(substitutions)"
        case .defaultValue: return "nginx default"
        }
    }
}

/// nginx time values: `90`, `90s`, `1m30s`, `500ms`, `2h` → seconds.
private let nginxTimeUnits: [String: Double] = ["ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "M": 2592000, "y": 31536000]

public func nginxSeconds(_ text: String) -> Double? {
    // ASCII by bytes (Character by Character, each value cost 2,700 instructions, paid at every location of a
    // large config); other text as before, where a digit of another script is a number too.
    var text = text
    if let decided = text.withUTF8(nginxSecondsASCII) { return decided }
    return nginxSecondsByCharacters(text)
}

/// nginxSeconds of ASCII text by bytes: `.some(nil)` when it is not a time; nil when this does not decide (text not
/// all ASCII, or a space inside a number or a unit).
private func nginxSecondsASCII(_ b: UnsafeBufferPointer<UInt8>) -> Double?? {
    guard b.allSatisfy({ $0 < 0x80 }) else { return nil }
    var total = 0.0, any = false
    var number = 0..<0, unit = 0..<0
    func flush() -> Bool {
        let digits = UnsafeBufferPointer(rebasing: b[number])
        // Up to 15 digits an Int is exact as a Double, as Double(String) parses it.
        var n = 0.0
        if digits.count <= 15 { n = Double(digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }) } else {
            guard let v = Double(String(decoding: digits, as: UTF8.self)) else { return false }
            n = v
        }
        let u: Double
        switch (unit.count, unit.isEmpty ? 0 : b[unit.lowerBound], unit.count == 2 ? b[unit.lowerBound + 1] : 0) {
        case (0, _, _): u = 1
        case (2, 0x6D, 0x73): u = 0.001  // ms
        case (1, 0x73, _): u = 1  // s
        case (1, 0x6D, _): u = 60  // m
        case (1, 0x68, _): u = 3600  // h
        case (1, 0x64, _): u = 86400  // d
        case (1, 0x77, _): u = 604800  // w
        case (1, 0x4D, _): u = 2592000  // M
        case (1, 0x79, _): u = 31536000  // y
        default: return false
        }
        total += n * u; number = 0..<0; unit = 0..<0; any = true
        return true
    }
    for (i, c) in b.enumerated() {
        if c >= 0x30 && c <= 0x39 {
            if !unit.isEmpty { guard flush() else { return .some(nil) } }
            // A space inside a number (nginx's parser never sees one): left to the Character-wise answer.
            if number.isEmpty { number = i..<i + 1 } else if number.upperBound == i { number = number.lowerBound..<i + 1 } else { return nil }
        } else if (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A {
            guard !number.isEmpty else { return .some(nil) }
            // A space inside a unit: left to the Character-wise answer too.
            if unit.isEmpty { unit = i..<i + 1 } else if unit.upperBound == i { unit = unit.lowerBound..<i + 1 } else { return nil }
        } else if c == 0x20 {
            continue
        } else {
            return .some(nil)
        }
    }
    if !number.isEmpty { guard flush() else { return .some(nil) } }
    return .some(any ? total : nil)
}

/// nginxSeconds Character by Character (what the ASCII reading must agree with).
func nginxSecondsByCharacters(_ text: String) -> Double? {
    let units = nginxTimeUnits
    var total = 0.0, number = "", unit = ""
    var any = false
    func flush() -> Bool {
        guard let n = Double(number) else { return false }
        guard let u = unit.isEmpty ? 1 : units[unit] else { return false }
        total += n * u; number = ""; unit = ""; any = true
        return true
    }
    for ch in text {
        if ch.isNumber {
            if !unit.isEmpty { guard flush() else { return nil } }
            number.append(ch)
        } else if ch.isLetter {
            guard !number.isEmpty else { return nil }
            unit.append(ch)
        } else if ch == " " {
            continue
        } else {
            return nil
        }
    }
    if !number.isEmpty { guard flush() else { return nil } }
    return any ? total : nil
}
