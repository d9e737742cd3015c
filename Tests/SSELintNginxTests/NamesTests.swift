import SSELintCore
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

/// The quick byte-wise no before the Character-wise template check never says no where the check says yes.
struct TemplateNameTests {
    /// The check as it was before the quick no (Characters only).
    static func exact(_ path: String) -> Bool {
        let name = Path.basename(path)
        return name.hasSuffix(".template") || name.hasSuffix(".tpl") || Path.dirname(path).hasSuffix("/templates") && name.hasSuffix(".conf")
    }

    @Test func theQuickNoAgreesWithTheCharacterWiseCheck() {
        let paths = [
            "", "/", "nginx.conf", "default.conf.template", "a/nginx.conf.tpl", "/etc/nginx/templates/default.conf",
            "templates/default.conf", "x/templates/sub/a.conf", "/etc/nginx/templates/", "x.template/", "a/b.template//",
            "/etc/nginx/templates/default.conf\u{301}", "d.templat\u{65}\u{301}", "t/templates\u{301}/a.conf",
            "/\u{301}templates/a.conf", "a/templates/\u{301}.conf", "conf.d/s00042.conf", "a.TEMPLATE", "a.tpl\u{200D}",
            "/etc/nginx/templates/\u{0065}\u{0301}.conf", "/etc/nginx/templates/\u{00E9}.conf", "sites/x.conf.tpl",
        ]
        for p in paths {
            #expect(NginxTemplate.isEnvsubstTemplate(p) == Self.exact(p), "\(p.unicodeScalars.map { String($0.value, radix: 16) })")
            if Self.exact(p) { #expect(NginxTemplate.mayBeTemplate(p), "\(p)") }
        }
    }
}

/// nginxSeconds reads ASCII by bytes: the same answers as Character by Character.
struct SecondsTests {
    /// The Character-wise reading, as it was.
    static func byCharacters(_ text: String) -> Double? {
        let units: [String: Double] = ["ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "M": 2592000, "y": 31536000]
        var total = 0.0, number = "", unit = "", any = false
        func flush() -> Bool {
            guard let n = Double(number), let u = unit.isEmpty ? 1 : units[unit] else { return false }
            total += n * u; number = ""; unit = ""; any = true
            return true
        }
        for ch in text {
            if ch.isNumber {
                if !unit.isEmpty { guard flush() else { return nil } }
                number.append(ch)
            } else if ch.isLetter {
                guard !number.isEmpty else { return nil }
                unit.append(ch)
            } else if ch == " " {
                continue
            } else {
                return nil
            }
        }
        if !number.isEmpty { guard flush() else { return nil } }
        return any ? total : nil
    }

    @Test func bytesAndCharactersAgree() {
        let texts = ["", " ", "0", "60", "60s", "1m30s", "500ms", "1h", "1d", "2w", "1M", "1y", "x", "s", "1x", "1mss", "1 h",
                     "1 0s", "1m s", "1 m 30 s", "007", "1.5s", "-1s", "1h;", "12345678901234567890s", "999999999999999",
                     "9007199254740993", "1S", "1H", "1ms5", "5 ", " 5s", "1\u{0663}s", "\u{0663}", "\u{00BD}s", "1\u{00E9}",
                     "1m\u{0301}", "٣٠s", "10s10s", "1Ms", "1sm"]
        for t in texts {
            #expect(nginxSeconds(t) == Self.byCharacters(t), "\(t)")
        }
    }
}
