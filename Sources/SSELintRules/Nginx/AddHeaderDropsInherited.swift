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
        struct Key: Equatable { let parent: ObjectIdentifier; let names: [String] }
        typealias Drop = (dropped: Int, names: String, from: String, text: [String], related: [RelatedLocation])
        var shared: (key: Key, drop: Drop)?
        for loc in config.sseLocations {
            guard let own = loc.scope.own["add_header"], let first = own.first,
                  let parent = loc.scope.parent else { continue }
            let (inherited, from) = parent.effectiveList("add_header")
            guard !inherited.isEmpty, let from,
                  loc.scope.effective("add_header_inherit", default: ["on"]).first != "merge" else { continue }
            let ownNames = Set(own.compactMap { $0.arg(0)?.lowercased() })
            let key = Key(parent: ObjectIdentifier(parent), names: ownNames.sorted())
            let drop: Drop
            if let last = shared, last.key == key { drop = last.drop } else {
                let dropped = inherited.filter { !ownNames.contains($0.arg(0)?.lowercased() ?? "") }
                // Each range made once (a range looks its lines up).
                let ranges = dropped.map(\.range)
                var names = TextBuilder(capacity: 64)
                for (k, name) in dropped.compactMap({ $0.arg(0) }).enumerated() { if k > 0 { names.add(", ") }; names.add(name) }
                drop = (dropped.count, names.text, dropped.first?.where_ ?? "",
                        ranges.map(\.text), ranges.map { RelatedLocation(range: $0, message: "dropped in this location") })
                shared = (key, drop)
            }
            guard drop.dropped > 0 else { continue }
            let f = first.file
            let firstRange = first.range
            let lineStart = f.lineStarts[firstRange.start.line - 1]
            let ownLine = f.bytes[lineStart..<first.start].allSatisfy { $0 == 0x20 || $0 == 0x09 }
            // On its own line: one copied line each, same indentation. After other code on the line: inline.
            // Texts assembled as bytes and made Strings once (interpolation and `+` appended piece by piece: a fifth
            // of this rule's time, which reports every location of a generated config).
            let edit: Edit
            if ownLine {
                let (indent, newline) = (f.indentation(ofLineContaining: first.start), f.newline)
                var replacement = TextBuilder(capacity: drop.text.reduce(0) { $0 + $1.utf8.count + indent.utf8.count + newline.utf8.count })
                for line in drop.text { replacement.add(indent); replacement.add(line); replacement.add(newline) }
                edit = Edit(file: f, range: lineStart..<lineStart, replacement: replacement.text)
            } else {
                var replacement = TextBuilder(capacity: drop.text.reduce(0) { $0 + $1.utf8.count + 1 })
                for line in drop.text { replacement.add(line); replacement.add(" ") }
                edit = Edit(file: f, range: first.start..<first.start, replacement: replacement.text)
            }
            let because = loc.because
            var text = TextBuilder(capacity: 100 + from.kind.utf8.count + drop.from.utf8.count + drop.names.utf8.count + because.utf8.count)
            text.add("this location's add_header drops the "); text.add(drop.dropped); text.add(" header(s) set on the ")
            text.add(from.kind); text.add(" level at "); text.add(drop.from); text.add(": "); text.add(drop.names)
            text.add(" "); text.add(because)
            let message = text.text
            context.report(message, at: firstRange, fix: [edit], related: drop.related, isolation: loc.location)
        }
    }
}
