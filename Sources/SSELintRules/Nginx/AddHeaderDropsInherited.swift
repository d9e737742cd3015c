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
                drop = (dropped.count, dropped.compactMap { $0.arg(0) }.joined(separator: ", "), dropped.first?.where_ ?? "",
                        ranges.map(\.text), ranges.map { RelatedLocation(range: $0, message: "dropped in this location") })
                shared = (key, drop)
            }
            guard drop.dropped > 0 else { continue }
            let f = first.file
            let firstRange = first.range
            let lineStart = f.lineStarts[firstRange.start.line - 1]
            let ownLine = f.bytes[lineStart..<first.start].allSatisfy { $0 == 0x20 || $0 == 0x09 }
            // On its own line: one copied line each, same indentation. After other code on the line: inline.
            // Texts written into strings sized once (interpolation and `+` grew them piece by piece, reallocating:
            // a fifth of this rule's time, which reports every location of a generated config).
            var replacement = ""
            let edit: Edit
            if ownLine {
                let (indent, newline) = (f.indentation(ofLineContaining: first.start), f.newline)
                replacement.reserveCapacity(drop.text.reduce(0) { $0 + $1.utf8.count + indent.utf8.count + newline.utf8.count })
                for line in drop.text { replacement += indent; replacement += line; replacement += newline }
                edit = Edit(file: f, range: lineStart..<lineStart, replacement: replacement)
            } else {
                replacement.reserveCapacity(drop.text.reduce(0) { $0 + $1.utf8.count + 1 })
                for line in drop.text { replacement += line; replacement += " " }
                edit = Edit(file: f, range: first.start..<first.start, replacement: replacement)
            }
            let because = loc.because, count = String(drop.dropped)
            var message = ""
            message.reserveCapacity(96 + count.utf8.count + from.kind.utf8.count + drop.from.utf8.count + drop.names.utf8.count + because.utf8.count)
            message += "this location's add_header drops the "; message += count; message += " header(s) set on the "
            message += from.kind; message += " level at "; message += drop.from; message += ": "; message += drop.names
            message += " "; message += because
            context.report(message, at: firstRange, fix: [edit], related: drop.related, isolation: loc.location)
        }
    }
}
