@testable import SSELintNginx
import Testing

/// The table of names nginx knows gives each its place in sorted order, and nothing for other names.
struct NamesTests {
    @Test func knownNamesAreFoundByTheirBytes() {
        let sorted = NginxDirectiveTable.masks.keys.sorted()
        let table = KnownNames(sorted)
        for (i, name) in sorted.enumerated() { #expect(table[name] == Int32(i), "\(name)") }
        for other in ["", "proxy_pas", "proxy_passs", "Proxy_pass", "${X}", "lua_shared_dict_x", "\u{00e9}v\u{00e9}nements"] {
            #expect(table[other] == nil, "\(other)")
        }
        // A name built at run time (not a literal) and a substring's copy are found too.
        let built = ["proxy", "buffering"].joined(separator: "_")
        #expect(table[built] == sorted.firstIndex(of: "proxy_buffering").map(Int32.init))
        #expect(NginxNames.key("proxy_buffering") == NginxNames.knownKey("proxy_buffering"))
    }
}
