import SSELintCore
import SSELintNginx

/// NGX010 — see rules/nginx/NGX010.yml
struct AddHeaderDropsInherited: Rule {
    static let id: RuleID = "NGX010"
    /// A fix and related locations for every location it reports: the longest NGX rule on a large config.
    static let startsFirst = true

    func check(_ config: NginxAnalysis, _ context: inout RuleContext) {
        // What a location loses is the same for every location with the same parent level and own header names (a
        // generated config repeats it at every location). What a location inherits depends only on its parent level (a level between may merge its own headers in),
        // and locations come in order, so those of one parent are neighbours: the last answer is the one to keep.
        var shared: Drop?
        for loc in config.sseLocations {
            guard let own = loc.scope.own[key: NginxScope.addHeaderKey], let first = own.first,
                  let parent = loc.scope.parent else { continue }
            let (inherited, from) = parent.effectiveList(key: NginxScope.addHeaderKey)
            guard !inherited.isEmpty, let from, !Self.isMerge(loc.scope.addHeaderInherit) else { continue }
            // Header names as written: compared ignoring case, without a lowercased copy of each.
            var ownNames: [String] = []
            ownNames.reserveCapacity(own.count)
            for d in own { if let name = d.arg(0) { ownNames.append(name) } }
            let drop: Drop
            if let last = shared, last.parent == ObjectIdentifier(parent), Self.sameNames(last.ownNames, ownNames) { drop = last } else {
                // A few names (the usual case) compared pairwise; many through a set of their lowercased forms
                // (pairwise, thousands of headers on both levels would take millions of comparisons).
                let ownLower = ownNames.count > Self.pairwiseUpTo ? Set(ownNames.map { $0.lowercased() }) : nil
                let dropped = inherited.filter { d in
                    let name = d.arg(0) ?? ""
                    if let ownLower { return !ownLower.contains(name.lowercased()) }
                    return !ownNames.contains { Self.sameName($0, name) }
                }
                var names = TextBuilder(capacity: 64)
                var k = 0
                for d in dropped { if let name = d.arg(0) { if k > 0 { names.add(", ") }; names.add(name); k += 1 } }
                // Each range made once (a range looks its lines up).
                let ranges = dropped.map(\.range)
                drop = Drop(parent: ObjectIdentifier(parent), ownNames: ownNames, dropped: dropped.count, names: names.text,
                            from: dropped.first?.where_ ?? "", ranges: ranges,
                            related: ranges.map { RelatedLocation(range: $0, message: "dropped in this location") })
                shared = drop
            }
            guard drop.dropped > 0 else { continue }
            let f = first.file
            let firstRange = first.range
            let lineStart = f.lineStarts[firstRange.start.line - 1]
            let ownLine = f.bytes[lineStart..<first.start].allSatisfy { $0 == 0x20 || $0 == 0x09 }
            // On its own line: one copied line each, same indentation. After other code on the line: inline.
            // Texts assembled as bytes and made Strings once (interpolation and `+` appended piece by piece: a fifth
            // of this rule's time, which reports every location of a generated config); each copied line straight
            // from its file's bytes.
            let textBytes = drop.ranges.reduce(0) { $0 + $1.bytes.count }
            let edit: Edit
            if ownLine {
                // The line's indentation is what lies before the first add_header on it.
                let indent = lineStart..<first.start, newline = f.newline
                var replacement = TextBuilder(capacity: textBytes + drop.ranges.count * (indent.count + newline.utf8.count))
                for r in drop.ranges { replacement.add(f, indent); replacement.add(r); replacement.add(newline) }
                edit = Edit(file: f, range: lineStart..<lineStart, replacement: replacement.text)
            } else {
                var replacement = TextBuilder(capacity: textBytes + drop.ranges.count)
                for r in drop.ranges { replacement.add(r); replacement.add(" ") }
                edit = Edit(file: f, range: first.start..<first.start, replacement: replacement.text)
            }
            var text = TextBuilder(capacity: 120 + from.kind.utf8.count + drop.from.utf8.count + drop.names.utf8.count + loc.reason.utf8.count)
            text.add("this location's add_header drops the "); text.add(drop.dropped); text.add(" header(s) set on the ")
            text.add(from.kind); text.add(" level at "); text.add(drop.from); text.add(": "); text.add(drop.names)
            // `loc.because`, without a String of its own.
            text.add(" (SSE endpoint: "); text.add(loc.reason); text.add(")")
            let message = text.text
            context.report(message, at: firstRange, fix: [edit], related: drop.related, isolation: loc.location)
        }
    }

    /// What the locations below one parent level with the same own header names lose (a class: kept for the next
    /// location and handed out without copying its fields).
    private final class Drop {
        let parent: ObjectIdentifier
        let ownNames: [String]
        let dropped: Int
        let names: String
        let from: String
        let ranges: [SourceRange]
        let related: [RelatedLocation]
        init(parent: ObjectIdentifier, ownNames: [String], dropped: Int, names: String, from: String, ranges: [SourceRange],
             related: [RelatedLocation]) {
            self.parent = parent; self.ownNames = ownNames; self.dropped = dropped; self.names = names; self.from = from
            self.ranges = ranges; self.related = related
        }
    }

    /// Whether two header names are the same ignoring case (`lowercased()` of both equal; by bytes when both are ASCII).
    static func sameName(_ a: String, _ b: String) -> Bool {
        withUTF8Bytes(a) { x in
            withUTF8Bytes(b) { y in
                guard isASCII(x), isASCII(y) else { return a.lowercased() == b.lowercased() }
                guard x.count == y.count else { return false }
                for i in 0..<x.count where x[i] != y[i] {
                    let c = x[i] | 0x20
                    if c != y[i] | 0x20 || c < 0x61 || c > 0x7A { return false }
                }
                return true
            }
        }
    }

    /// Whether two lists hold the same names ignoring case and order (what the sets of their lowercased names compare).
    static func sameNames(_ a: [String], _ b: [String]) -> Bool {
        if a.count > pairwiseUpTo || b.count > pairwiseUpTo { return Set(a.map { $0.lowercased() }) == Set(b.map { $0.lowercased() }) }
        return a.allSatisfy { x in b.contains { sameName(x, $0) } } && b.allSatisfy { x in a.contains { sameName(x, $0) } }
    }

    /// Lists of names up to this long are compared pairwise.
    static let pairwiseUpTo = 8

    /// Whether `add_header_inherit`'s value is `merge`, in any case.
    static func isMerge(_ value: String?) -> Bool { value.map { sameName($0, "merge") } ?? false }
}
