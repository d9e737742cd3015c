import SSELintCore
import SSELintNginx

/// Text edits that keep the file's indentation and line endings; shared by every fixable nginx rule.
public enum NginxEdits {
    /// Inserts `text` (one directive, without indentation) as the first line of a block.
    public static func insert(_ text: String, into block: NginxDirective) -> [Edit] {
        guard let open = block.blockOpen else { return [] }
        let f = block.file, b = f.bytes
        var i = open + 1
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
        let endsLine = i >= b.count || b[i] == 0x0A || b[i] == 0x0D || b[i] == UInt8(ascii: "#")
        guard endsLine else { return [Edit(file: f, range: open + 1..<open + 1, replacement: " " + text)] }
        while i < b.count, b[i] != 0x0A { i += 1 }
        let at = min(b.count, i + 1)
        let prefix = i >= b.count ? f.newline : ""
        return [Edit(file: f, range: at..<at, replacement: prefix + childIndent(block) + text + f.newline)]
    }

    /// Indentation of the block's children: that of its first child in the same file, else one level more.
    static func childIndent(_ block: NginxDirective) -> String {
        let f = block.file
        let openLine = f.position(of: block.blockOpen ?? block.start).line
        if let child = block.block?.first(where: { $0.file === f && $0.line > openLine }) {
            return f.indentation(ofLineContaining: child.start)
        }
        let own = f.indentation(ofLineContaining: block.start)
        return own + (own.hasPrefix("\t") ? "\t" : "    ")
    }

    /// Deletes a directive, with its line when nothing else is on it.
    /// A template placeholder (`${VAR}`) is the deployment's value, set elsewhere: never rewritten here.
    static func holdsPlaceholder(_ d: NginxDirective) -> Bool { d.args.contains { $0.value.contains("${") || $0.substitution != nil } }

    public static func remove(_ d: NginxDirective) -> [Edit] {
        if holdsPlaceholder(d) { return [] }
        let f = d.file, b = f.bytes
        var s = d.start
        while s > 0, b[s - 1] == 0x20 || b[s - 1] == 0x09 { s -= 1 }
        var j = d.end
        while j < b.count, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
        if (s == 0 || b[s - 1] == 0x0A), j >= b.count || b[j] == 0x0A || b[j] == 0x0D {
            if j < b.count, b[j] == 0x0D { j += 1 }
            if j < b.count, b[j] == 0x0A { j += 1 }
            return [Edit(file: f, range: s..<j, replacement: "")]
        }
        return [Edit(file: f, range: d.start..<j, replacement: "")]
    }

    /// Replaces the whole directive (`add_header …;` → `proxy_buffering off;`).
    public static func replace(_ d: NginxDirective, with text: String) -> [Edit] {
        if holdsPlaceholder(d) { return [] }
        return [Edit(file: d.file, range: d.start..<d.end, replacement: text)]
    }

    /// Replaces one argument's raw token.
    public static func replace(_ arg: NginxArg, in d: NginxDirective, with text: String) -> [Edit] {
        if holdsPlaceholder(d) { return [] }
        return [Edit(file: d.file, range: arg.start..<arg.end, replacement: text)]
    }
}
