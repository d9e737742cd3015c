/// Checks that keep hostile YAML away from libyaml/Yams, whose recursion and alias expansion are unbounded:
/// nesting deeper than a config needs and aliases (never needed in sselint's own files) are input errors.
enum YAMLGuard {
    static let maxDepth = 64

    static func check(_ text: String, allowAliases: Bool = false) -> (line: Int, message: String)? {
        var depth = 0, line = 1
        var quote: UInt8? = nil
        var lineStart = true, indent = 0
        var prev: UInt8 = 0x0A
        for b in text.utf8 {
            if b == 0x0A { line += 1; lineStart = true; indent = 0; prev = b; quote = nil; continue }
            if lineStart {
                if b == 0x20 { indent += 1; if indent / 2 > maxDepth * 2 { return (line, "YAML nested deeper than sselint reads") }; prev = b; continue }
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
