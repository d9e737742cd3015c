import SSELintCore
import SSELintNginx

/// NGX010 — see rules/nginx/NGX010.yml
struct AddHeaderDropsInherited: Rule {
    static let id: RuleID = "NGX010"

    func check(_ config: NginxAnalysis, _ context: inout RuleContext) {
        for loc in config.sseLocations {
            guard let own = loc.scope.own["add_header"], let first = own.first,
                  let parent = loc.scope.parent else { continue }
            let (inherited, from) = parent.effectiveList("add_header")
            guard !inherited.isEmpty, let from,
                  loc.scope.effective("add_header_inherit", default: ["on"]).first != "merge" else { continue }
            let ownNames = Set(own.compactMap { $0.arg(0)?.lowercased() })
            let dropped = inherited.filter { !ownNames.contains($0.arg(0)?.lowercased() ?? "") }
            guard !dropped.isEmpty else { continue }
            let names = dropped.compactMap { $0.arg(0) }.joined(separator: ", ")
            // Each range made once (a range looks its lines up): this rule can report at every SSE location.
            let droppedRanges = dropped.map(\.range)
            let text = droppedRanges.map(\.text)
            let f = first.file
            let firstRange = first.range
            let lineStart = f.lineStarts[firstRange.start.line - 1]
            let ownLine = f.bytes[lineStart..<first.start].allSatisfy { $0 == 0x20 || $0 == 0x09 }
            // On its own line: one copied line each, same indentation. After other code on the line: inline.
            let edit = ownLine
                ? Edit(file: f, range: lineStart..<lineStart, replacement: text.map { f.indentation(ofLineContaining: first.start) + $0 + f.newline }.joined())
                : Edit(file: f, range: first.start..<first.start, replacement: text.map { $0 + " " }.joined())
            context.report(
                "this location's add_header drops the \(dropped.count) header(s) set on the \(from.kind) level at \(dropped[0].where_): \(names) \(loc.because)",
                at: firstRange, fix: [edit],
                related: droppedRanges.map { RelatedLocation(range: $0, message: "dropped in this location") }, isolation: loc.location)
        }
    }
}
