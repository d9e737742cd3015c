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
    @Test func theQuickNoAgreesWithTheCharacterWiseCheck() {
        let paths = [
            "", "/", "nginx.conf", "default.conf.template", "a/nginx.conf.tpl", "/etc/nginx/templates/default.conf",
            "templates/default.conf", "x/templates/sub/a.conf", "/etc/nginx/templates/", "x.template/", "a/b.template//",
            "/etc/nginx/templates/default.conf\u{301}", "d.templat\u{65}\u{301}", "t/templates\u{301}/a.conf",
            "/\u{301}templates/a.conf", "a/templates/\u{301}.conf", "conf.d/s00042.conf", "a.TEMPLATE", "a.tpl\u{200D}",
            "/etc/nginx/templates/\u{0065}\u{0301}.conf", "/etc/nginx/templates/\u{00E9}.conf", "sites/x.conf.tpl",
            "/templates/a.conf", "templates/a.conf", "x/templates/y/templates.conf", "a/templates//b.conf", "\u{0600}/templates/a.conf",
            "a/xtemplates/b.conf", "a/templates.conf", "/templates", "a/templates/.conf",
        ]
        #expect(NginxTemplate.isEnvsubstTemplate("default.conf.template") && NginxTemplate.isEnvsubstTemplate("a/nginx.conf.tpl")
                && NginxTemplate.isEnvsubstTemplate("/etc/nginx/templates/default.conf") && !NginxTemplate.isEnvsubstTemplate("conf.d/s00042.conf"))
        for p in paths {
            #expect(NginxTemplate.isEnvsubstTemplate(p) == NginxTemplate.isEnvsubstTemplateByCharacters(p), "\(p.unicodeScalars.map { String($0.value, radix: 16) })")
            if NginxTemplate.isEnvsubstTemplateByCharacters(p) { #expect(NginxTemplate.mayBeTemplate(p), "\(p)") }
        }
    }
}

/// nginxSeconds reads ASCII by bytes: the same answers as Character by Character.
struct SecondsTests {
    @Test func bytesAndCharactersAgree() {
        let texts = ["", " ", "0", "60", "60s", "1m30s", "500ms", "1h", "1d", "2w", "1M", "1y", "x", "s", "1x", "1mss", "1 h",
                     "1 0s", "1m s", "1 m 30 s", "007", "1.5s", "-1s", "1h;", "12345678901234567890s", "999999999999999",
                     "9007199254740993", "1S", "1H", "1ms5", "5 ", " 5s", "1\u{0663}s", "\u{0663}", "\u{00BD}s", "1\u{00E9}",
                     "1m\u{0301}", "٣٠s", "10s10s", "1Ms", "1sm"]
        for t in texts {
            #expect(nginxSeconds(t) == nginxSecondsByCharacters(t), "\(t)")
        }
    }
}
