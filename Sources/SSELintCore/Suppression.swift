/// `# sselint: disable=ID[,ID] [-- reason]` (this line, or the next code line when the comment stands alone),
/// `# sselint: disable-next-line=ID`, `# sselint: disable-file=ID` (before the first code line). `//` works the same
/// in JS/Go. Parse errors are never suppressible: they are not findings.
public struct Suppression: Sendable, Hashable {
    public enum Scope: Sendable, Hashable { case line(Int), file }
    public let rules: [String]
    public let scope: Scope
    public let reason: String?
    /// The comment itself (for SUP001 and its fix).
    public let comment: SourceRange
    /// The comment is alone on its line (its fix removes the line).
    public let ownLine: Bool
    /// Set when the comment is malformed or misplaced; it then suppresses nothing.
    public let problem: String?
}

/// A comment as a parser saw it: the text after the comment marker, and its byte range.
public struct Comment: Sendable {
    public let text: String
    public let start: Int
    public let end: Int
    public init(text: String, start: Int, end: Int) { self.text = text; self.start = start; self.end = end }
}

public enum SuppressionParser {
    /// Suppressions in `comments` of `file`. `isCodeLine(line)` says whether a line holds code (not blank, not
    /// only a comment), to find "the next code line" and "before the first code line".
    public static func parse(_ comments: [Comment], in file: SourceFile, isCodeLine: (Int) -> Bool) -> [Suppression] {
        var out: [Suppression] = []
        let lineCount = file.lineStarts.count
        let firstCode = (1...max(1, lineCount)).first(where: isCodeLine) ?? Int.max
        for c in comments {
            var body = Substring(c.text).drop(while: { $0 == " " || $0 == "\t" })
            guard body.hasPrefix("sselint:") else { continue }
            body = body.dropFirst("sselint:".count).drop(while: { $0 == " " })
            var reason: String?
            if let dash = body.firstRange(of: "--") {
                reason = String(body[dash.upperBound...]).trimmingSpaces
                body = body[..<dash.lowerBound]
            }
            let range = SourceRange(file: file, start: c.start, end: c.end)
            let line = range.start.line
            let lineStart = file.lineStarts[line - 1]
            let ownLine = file.bytes[lineStart..<c.start].allSatisfy { $0 == 0x20 || $0 == 0x09 } || c.start == lineStart
            let parts = body.split(separator: "=", maxSplits: 1)
            let verb = parts.first.map { String($0).trimmingSpaces } ?? ""
            let ids = parts.count > 1 ? parts[1].split(separator: ",").map { String($0).trimmingSpaces.uppercased() }.filter { !$0.isEmpty } : []
            func next() -> Int { ((line + 1)...max(line + 1, lineCount)).first(where: isCodeLine) ?? line + 1 }
            var problem: String? = ids.isEmpty ? "names no rule (write `sselint: disable=ID`)" : nil
            let scope: Suppression.Scope
            switch verb {
            case "disable": scope = .line(ownLine ? next() : line)
            case "disable-next-line": scope = .line(next())
            case "disable-file":
                scope = .file
                if line > firstCode { problem = "disable-file is honoured only before the first directive" }
            default:
                scope = .line(line)
                problem = "unknown directive \"\(verb)\" (disable, disable-next-line or disable-file)"
            }
            out.append(Suppression(rules: ids, scope: scope, reason: reason?.isEmpty == true ? nil : reason,
                                   comment: range, ownLine: ownLine, problem: problem))
        }
        return out
    }
}
