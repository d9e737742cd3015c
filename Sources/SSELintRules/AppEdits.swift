import SSELintCore
import SSELintSource

/// Text edits that add headers or a media type to app code at an `Insertion`, in the syntax of its language.
enum AppEdits {
    static func quote(_ s: String) -> String {
        "\"" + s.replacingBackslashes() + "\""
    }

    /// Adds `headers` (name, value) at `at`. nil when the insertion style cannot hold headers.
    static func addHeaders(_ headers: [(String, String)], at ins: Insertion, in file: AppFile) -> Edit? {
        guard !headers.isEmpty else { return nil }
        let nl = file.source.newline
        let entries = headers.map { "\(quote($0.0)): \(quote($0.1))" }
        let text: String
        switch ins.style {
        case .pythonDictEntries, .jsObjectEntries:
            text = list(entries, ins, nl)
        case .pythonKeyword:
            text = list(["headers={\(entries.joined(separator: ", "))}"], ins, nl)
        case .jsHeadersProperty:
            text = list(["headers: { \(entries.joined(separator: ", ")) }"], ins, nl)
        case .statements(let receiver):
            let indent = ins.entryIndent ?? ""
            let call = file.language == .go ? { (n: String, v: String) in "\(receiver).Header().Set(\(quote(n)), \(quote(v)))" }
                : { (n: String, v: String) in "\(receiver).setHeader(\(quote(n)), \(quote(v)));" }
            text = headers.map { indent + call($0.0, $0.1) + nl }.joined()
        }
        return Edit(file: file.source, range: ins.offset..<ins.offset, replacement: text)
    }

    /// A new keyword argument (`media_type="text/event-stream"`) at a Python call insertion.
    static func addKeyword(_ keyword: String, at ins: Insertion, in file: AppFile) -> Edit {
        Edit(file: file.source, range: ins.offset..<ins.offset, replacement: list([keyword], ins, file.source.newline))
    }

    /// Items appended to a literal or argument list: on their own lines when the literal spans lines.
    private static func list(_ items: [String], _ ins: Insertion, _ nl: String) -> String {
        if let indent = ins.entryIndent {
            return ins.needsSeparator ? "," + items.map { nl + indent + $0 }.joined(separator: ",")
                : items.map { nl + indent + $0 + "," }.joined()
        }
        return (ins.needsSeparator ? ", " : "") + items.joined(separator: ", ")
    }
}

extension String {
    func replacingBackslashes() -> String {
        var out = ""
        for c in self { if c == "\\" || c == "\"" { out.append("\\") }; out.append(c) }
        return out
    }
}
