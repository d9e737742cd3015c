/// Checks that keep hostile YAML away from libyaml/Yams, whose composer recurses once per nesting level (a fuzzer
/// overflowed the stack with 4,821 `[`) and whose alias expansion is unbounded: nesting deeper than any config needs is
/// an input error, and so are aliases where sselint's own files never need them (compose files do use them).
public enum YAMLGuard {
    public static let maxDepth = 64
    /// Block nesting, as a column: 64 levels of 2-space indentation, twice over.
    static let maxColumn = maxDepth * 4
    static let tooDeep = "YAML nested deeper than sselint reads"

    public static func check(_ text: String, allowAliases: Bool = false) -> (line: Int, message: String)? {
        var depth = 0, line = 1
        var quote: UInt8? = nil
        var lineStart = true, column = 0
        var prev: UInt8 = 0x0A
        var bytes = text.utf8.makeIterator()
        var pending: UInt8? = nil
        while let b = pending ?? bytes.next() {
            pending = nil
            if b == 0x0A { line += 1; lineStart = true; column = 0; prev = b; quote = nil; continue }
            if lineStart {
                // Indentation and compact block collections (`- - - x`, `? ? x`) nest without brackets.
                if b == 0x20 { column += 1; prev = b; continue }
                if b == UInt8(ascii: "-") || b == UInt8(ascii: "?") {
                    let next = bytes.next()
                    if next == 0x20 || next == 0x0A || next == nil {
                        column += 2
                        if column > maxColumn { return (line, tooDeep) }
                        pending = next == 0x20 ? nil : next
                        prev = 0x20
                        continue
                    }
                    pending = next
                }
                if column > maxColumn { return (line, tooDeep) }
                lineStart = false
            }
            if let q = quote { if b == q { quote = nil }; prev = b; continue }
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): if prev == 0x20 || prev == UInt8(ascii: "[") || prev == UInt8(ascii: ":") || prev == UInt8(ascii: ",") || prev == 0x0A { quote = b }
            case UInt8(ascii: "#"): if prev == 0x20 || prev == 0x0A { quote = 0x0A }   // comment to end of line
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > maxDepth { return (line, "YAML nested deeper than \(maxDepth) levels") }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
            case UInt8(ascii: "*"), UInt8(ascii: "&"):
                if !allowAliases && (prev == 0x20 || prev == UInt8(ascii: "[") || prev == UInt8(ascii: ",")) {
                    return (line, "YAML anchors and aliases are not supported here")
                }
            default: break
            }
            prev = b
        }
        return nil
    }
}
