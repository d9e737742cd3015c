import Foundation
@testable import SSELintCore
import Testing

/// The byte-level string helpers answer as what they replaced: Foundation's `contains`, the UTF-8 views' order,
/// the path split at the last `/`.
struct StringSearchTests {
    static let texts = ["", "a", "abc", "/etc/nginx/conf.d/site.conf", "docker-compose.yml", "x.compose.yaml", "caf\u{e9}",
                        "cafe\u{301}", "e", "\u{e9}", "://", "http://x", "aaab", "ab", "ba", "supervisor.conf", "a\r\nb",
                        "\n", "/", "//", "a/b/", "/a", "\u{1F600}/x", "12345678abcdefgh12345678"]

    @Test func containsAgreesWithFoundation() {
        for h in Self.texts {
            for n in Self.texts {
                #expect(h.contains(n) == (h.range(of: n) != nil), "\(h.debugDescription) contains \(n.debugDescription)")
            }
        }
    }

    @Test func bytewiseOrderAgreesWithTheUTF8Views() {
        for a in Self.texts {
            for b in Self.texts { #expect(bytewiseLess(a, b) == a.utf8.lexicographicallyPrecedes(b.utf8), "\(a) < \(b)") }
        }
    }

    @Test func dirnameAndBasenameSplitAtTheLastSlash() {
        for p in Self.texts {
            let i = p.utf8.lastIndex(of: 0x2F)
            #expect(Path.dirname(p) == (i.map { $0 == p.startIndex ? "/" : String(p[..<$0]) } ?? ""), "\(p)")
            #expect(Path.basename(p) == (i.map { String(p[p.utf8.index(after: $0)...]) } ?? p), "\(p)")
        }
    }
}
