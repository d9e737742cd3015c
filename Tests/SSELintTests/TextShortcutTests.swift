import Foundation
import SSELintCore
@testable import SSELintLaunch
@testable import SSELintSource
import Testing
import Yams

/// The launch readers trim, split and look up keys by byte where Foundation and the standard library work by
/// Character or bridge to NSString; each shortcut must answer as the form it replaced, on any text.
struct TextShortcutTests {
    static let texts = ["", " ", "\t", "a", " a ", "\t a \t\r", "a\r", "a\r\n", "\r", "\r\r\n", " \r\n", "\"x\"", "'[a, b]',", "[\"uvicorn\",",
                        " \u{301}x", "x \u{301}", "x\u{600} ", "\u{600} x", "é ", " é", "\u{a0}a\u{a0}", " \u{3000}a\u{3000} ", "a\u{2003} ",
                        "\u{feff} a", "-- \"", "''", "a b", "日本 ", " 日本"]

    @Test func trimmingAsFoundationAndTheStandardLibraryDo() {
        let quotes = CharacterSet(charactersIn: "\"'[],")
        for t in Self.texts {
            let q = t.trimmingASCII { $0 == 0x22 || $0 == 0x27 || $0 == 0x5B || $0 == 0x5D || $0 == 0x2C }
            #expect(String(q) == t.trimmingCharacters(in: quotes), "\(t.debugDescription)")
            #expect(String(t.trimmingWhitespace) == t.trimmingCharacters(in: .whitespaces), "\(t.debugDescription)")
            let old = String(t.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" }).reversed())
            #expect(t.trimmingSpaces == old, "\(t.debugDescription)")
            #expect(t[...].trimmingSpaces == old, "\(t.debugDescription)")
        }
    }

    @Test func piecesAsSplitGivesThem() {
        for t in ["", ".", "..", "a", "a.b", "a.b.", "..a..b..", "a..", "self.client.get", "x\u{301}.y", ".\u{301}a"] {
            #expect(t.lastPiece(".").map(String.init) == t.split(separator: ".").last.map(String.init), "\(t.debugDescription)")
            #expect(t.firstPiece(".").map(String.init) == t.split(separator: ".").first.map(String.init), "\(t.debugDescription)")
            let call = PyCallSite(callee: t, first: 0, lparen: 0, rparen: 0, args: [])
            #expect(call.lastComponent == (t.split(separator: ".").last ?? ""), "\(t.debugDescription)")
            #expect(call.firstComponent == (t.split(separator: ".").first ?? ""), "\(t.debugDescription)")
        }
        #expect("/usr/bin/python3".lastPiece("/") == "python3" && "/".lastPiece("/") == nil && "a\r\nb".lastPiece("\r\n") == "b")
    }

    @Test func containerLinesAndWordsAsCharactersSplitThem() {
        for text in ["FROM nginx:1.25 AS web\nCOPY [\"a.conf\", \"/etc/nginx/\"]\n", "a\r\nb\nc", "", "\n", "a\n\n", "x\u{301}\ny\r\n",
                     "\r\n\r\n", "COPY\t./conf.d/  /etc/nginx/conf.d/\n  image: \"nginx:1.27\" # pinned\n"] {
            let f = SourceFile(path: "Dockerfile", text: text)
            var old: [(Substring, Int)] = []
            var offset = 0
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) { old.append((line, offset)); offset += line.utf8.count + 1 }
            let new = ContainerImages.lines(f)
            #expect(new.map { String($0.text) } == old.map { String($0.0) } && new.map(\.offset) == old.map(\.1), "\(text.debugDescription)")
        }
        for line in ["FROM \"nginx:1.25\" AS x", "COPY [\"a\", \"b\"]", "\tRUN  a\t b ", "a \u{301}b", "x \"é\" ,,", "[]", " , ", "日本 語"] {
            let old = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { String($0).trimmingCharacters(in: ["\"", "'", "[", "]", ","]) }.filter { !$0.isEmpty }
            #expect(ContainerImages.words(Substring(line)) == old, "\(line.debugDescription)")
        }
    }

    /// A key is looked up as Yams looks it up (its tag resolved: `on` and `"on"` are not the same key), the last
    /// of duplicate keys winning.
    @Test func mappingLookupsAsYamsAnswersThem() throws {
        let yaml = """
            image: plain
            "quoted": q
            on: bool
            "true": quoted-true
            'null': quoted-null
            !!str yes: tagged
            1: one
            dup: first
            dup: second
            ? [a, b]
            : complex
            """
        let m = try #require(try Yams.compose(yaml: yaml)?.mapping)
        for key in ["image", "quoted", "on", "true", "null", "yes", "1", "dup", "missing", "a", ""] {
            let yams = m[Node(key, m.tag.copy(with: .implicit))]
            #expect(m.lookup(key) == yams, "\(key)")
            #expect(Node.mapping(m).lookup(key) == yams, "\(key)")
        }
        #expect(m.lookup("dup")?.string == "second" && m.lookup("quoted")?.string == "q")
    }
}
