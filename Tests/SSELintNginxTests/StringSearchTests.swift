import Foundation
@testable import SSELintCore
import Testing

/// The byte-level string helpers answer as what they replaced: Foundation's `contains`, the UTF-8 views' order,
/// the path split at the last `/`.
struct StringSearchTests {
    static let texts = ["", "a", "abc", "/etc/nginx/conf.d/site.conf", "docker-compose.yml", "x.compose.yaml", "caf\u{e9}",
                        "cafe\u{301}", "e", "\u{e9}", "://", "http://x", "aaab", "ab", "ba", "supervisor.conf", "a\r\nb",
                        "\n", "/", "//", "a/b/", "/a", "\u{1F600}/x", "12345678abcdefgh12345678"]

    /// A path shown in a report: the byte-wise answer for absolute paths under the base and elsewhere is what the
    /// general one (by Characters, through the normalised path) gives, for paths near every edge of the shortcut (a
    /// base spelled with the Kelvin sign is the same String as one with `K`).
    @Test func pathDisplayShortcutAgreesWithTheGeneralAnswer() {
        for base in ["/work/main", "/", "/work/caf\u{e9}", "/a", "/work/\u{212A}", "/work/K"] {
            let rests = ["x.conf", "d/x.conf", "\u{301}x.conf", "x/\u{301}y", "./x", "x/../y", "x//y", "x/", "", ".", "..",
                         "caf\u{e9}/x", "cafe\u{301}", "\u{1F600}", "http://x", "a b/c"]
            var paths = rests.map { base == "/" ? "/" + $0 : base + "/" + $0 }
            paths += [base, base + "x/y", "/elsewhere/x.conf", "relative/x.conf", "/work/mainly/x", "/work", "/work/mai",
                      "/work/K/x.conf", "/work/\u{212A}/x.conf", "/work/K", "/elsewhere/./x", "/elsewhere/\u{e9}"]
            for p in paths {
                #expect(Array(PathDisplay(base: base).show(p).utf8) == Array(PathDisplay(base: base).compute(p).utf8), "\(base) \(p.debugDescription)")
            }
        }
    }

    /// Shown one after another by one display, paths that are the same name in two spellings (NFC and NFD, `;` and
    /// U+037E, `K` and the Kelvin sign) read as the table of shown paths always made them read: the first spelling
    /// shown, whichever order they come in, with others between them.
    @Test func pathDisplayKeepsTheFirstSpellingOfAName() {
        // The answer before the shortcut: every path that is not plain and relative through the table.
        final class Reference {
            let display: PathDisplay
            var memo: [String: String] = [:], last: (path: String, shown: String)?
            init(_ base: String) { display = PathDisplay(base: base) }
            func show(_ path: String) -> String {
                if let last, last.path == path { return last.shown }
                if path.utf8.first.map({ $0 != 0x2F }) ?? false, Path.isNormal(path) { return path }
                let shown = memo[path] ?? display.compute(path)
                memo[path] = shown
                last = (path, shown)
                return shown
            }
        }
        let base = "/work/main"
        let names = ["a;b.conf", "a\u{37E}b.conf", "caf\u{e9}.conf", "cafe\u{301}.conf", "x.conf", "K.conf", "\u{212A}.conf", "d/y.conf"]
        let pool = names.map { base + "/" + $0 } + ["rel/x.conf", "/elsewhere/\u{212A}.conf", "/elsewhere/K.conf", base + "/./x.conf"]
        var seed: UInt64 = 7
        for _ in 0..<300 {
            var order: [String] = []
            for _ in 0..<12 { seed = seed &* 6364136223846793005 &+ 1442695040888963407; order.append(pool[Int(seed >> 33) % pool.count]) }
            let (display, reference) = (PathDisplay(base: base), Reference(base))
            // By bytes: String's == would take either spelling for the other.
            #expect(order.map { Array(display.show($0).utf8) } == order.map { Array(reference.show($0).utf8) }, "\(order.map(\.debugDescription))")
        }
    }

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

    @Test func everyOffsetOfAByteInOrder() {
        for t in Self.texts + ["", ";;", "a;b{c;", String(repeating: "x;", count: 40)] {
            for byte: UInt8 in [0x2F, 0x3B, 0x0A, 0x61] {
                var found: [Int] = []
                Array(t.utf8).withUnsafeBufferPointer { forEachOffset(of: byte, in: $0) { found.append($0) } }
                #expect(found == Array(t.utf8).indices.filter { Array(t.utf8)[$0] == byte }, "\(t.debugDescription) \(byte)")
            }
        }
    }

    /// A byte found at every place, next to the values one apart from it and to bytes with the high bit set, in texts
    /// of many sizes.
    @Test func everyOffsetOfAByteInRandomBytes() {
        var rng = SystemRandomNumberGenerator()
        for size in [0, 1, 7, 8, 9, 15, 16, 17, 63, 1 << 14 - 1, 1 << 14, 40_000] {
            for byte: UInt8 in [0x00, 0x01, 0x0A, 0x3B, 0x7F, 0x80, 0xFF] {
                let alphabet: [UInt8] = [byte, byte &+ 1, byte &- 1, byte ^ 0x80, 0x00, 0xFF]
                let b = (0..<size).map { _ in alphabet.randomElement(using: &rng)! }
                var found: [Int] = []
                b.withUnsafeBufferPointer { forEachOffset(of: byte, in: $0) { found.append($0) } }
                #expect(found == b.indices.filter { b[$0] == byte }, "size \(size), byte \(byte)")
            }
        }
    }

    @Test func textBuilderJoinsItsPieces() {
        for a in Self.texts {
            for b in Self.texts {
                var t = TextBuilder(capacity: 1)
                t.add(a); t.add(-12); t.add(b); t.add(String(a.dropFirst()))
                #expect(t.text == a + "-12" + b + String(a.dropFirst()), "\(a) \(b)")
            }
        }
    }

    @Test func textBuilderWritesIntegersAndFileRangesAsTheirStringsWould() {
        for i in [0, 1, 9, 10, 99, 100, 4_321, -1, -10, Int.max, Int.min, Int.max - 1, Int.min + 1] {
            var t = TextBuilder(capacity: 1)
            t.add(i)
            #expect(t.text == String(i))
        }
        let file = SourceFile(path: "a.conf", bytes: Array("server {\n    add_header X 1;\n}\n".utf8))
        let range = SourceRange(file: file, start: 13, end: 28)
        var t = TextBuilder(capacity: 1)
        t.add(file, 9..<13); t.add(range)
        #expect(t.text == "    " + range.text && range.text == "add_header X 1;")
    }

    @Test func bytewiseEqualityAgreesWithTheUTF8Views() {
        // "café" spelled two ways is one String (==) and two byte sequences.
        for a in Self.texts {
            for b in Self.texts { #expect(bytewiseEqual(a, b) == a.utf8.elementsEqual(b.utf8), "\(a) == \(b)") }
        }
        #expect(!bytewiseEqual("caf\u{e9}", "cafe\u{301}") && "caf\u{e9}" == "cafe\u{301}")
        #expect(bytewiseEqual(String("xcafé".dropFirst()), "café"))
    }

    @Test func sortedByPrefixKeyAgreesWithBytewiseOrder() {
        // Names sharing their first eight bytes, shorter than eight, with NUL and non-ASCII bytes: ties go to the bytes.
        let names = Self.texts + ["12345678", "12345678a", "1234567", "1234567\u{0}", "s00010.conf", "s00009.conf",
                                  "s0001.conf", "\u{0}", "a\u{0}b", "\u{e9}t\u{e9}", "zzzzzzzzzz", "zzzzzzzzz"]
        for n in [0, 1, 2, names.count] {
            let items = Array(names.shuffled().prefix(n).enumerated())
            #expect(sortedBytewise(items) { $0.element }.map(\.element) == items.map(\.element).sorted(by: bytewiseLess))
        }
        for a in names { #expect(bytewiseHasPrefix(a, "1234") == a.utf8.starts(with: "1234".utf8)) }
    }

    @Test func joinAgreesWithConcatenation() {
        for a in Self.texts {
            for b in Self.texts {
                let expected = b.hasPrefix("/") || a.isEmpty ? b : a.hasSuffix("/") ? a + b : a + "/" + b
                #expect(Path.join(a, b) == expected && Path.join(a, b).utf8.elementsEqual(expected.utf8), "\(a) + \(b)")
                #expect(Path.concatenate(a, b, a).utf8.elementsEqual((a + b + a).utf8))
            }
        }
    }

    @Test func segmentsByByte() {
        for p in Self.texts { #expect(Glob.segments(p) == p.utf8.split(separator: 0x2F).map { Array($0) }, "\(p)") }
    }

    @Test func dirnameAndBasenameSplitAtTheLastSlash() {
        for p in Self.texts {
            let i = p.utf8.lastIndex(of: 0x2F)
            #expect(Path.dirname(p) == (i.map { $0 == p.startIndex ? "/" : String(p[..<$0]) } ?? ""), "\(p)")
            #expect(Path.basename(p) == (i.map { String(p[p.utf8.index(after: $0)...]) } ?? p), "\(p)")
        }
    }
}

/// JSON strings are escaped eight bytes at a time where nothing needs it: every escape at every place in a word.
struct JSONEscapeTests {
    private static func reference(_ s: String) -> String {
        var o: [UInt8] = [0x22]
        for b in s.utf8 {
            switch b {
            case 0x22: o += Array("\\\"".utf8)
            case 0x5C: o += Array("\\\\".utf8)
            case 0x0A: o += Array("\\n".utf8)
            case 0x0D: o += Array("\\r".utf8)
            case 0x09: o += Array("\\t".utf8)
            case 0..<0x20: o += Array(String(format: "\\u%04x", b).utf8)
            default: o.append(b)
            }
        }
        return String(decoding: o + [0x22], as: UTF8.self)
    }

    @Test func escapesAgreeWithAByteAtATime() {
        let specials = ["\"", "\\", "\n", "\r", "\t", "\u{01}", "\u{1f}", " ", "!", "#", "[", "]", "\u{7f}", "\u{e9}", "\u{1F600}"]
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 23] {
            for at in 0...length {
                for sp in specials {
                    var chars = Array(repeating: "a", count: length)
                    chars.insert(sp, at: at)
                    let s = chars.joined()
                    #expect(JSON.string(s).serialized(indent: 0) == Self.reference(s), "\(s.debugDescription)")
                }
            }
        }
    }
}

/// Whether a path is already normal, by one pass: the same answer as the three-byte window it replaced.
struct PathNormalTests {
    private static func windowed(_ p: String) -> Bool {
        var prev: UInt8 = 0x2F, prev2: UInt8 = 0, prev3: UInt8 = 0
        var n = 0
        for b in p.utf8 {
            if b == 0x2F {
                if n > 0 && prev == 0x2F { return false }
                if prev == 0x2E && (prev2 == 0x2F || (n == 1)) { return false }
                if prev == 0x2E && prev2 == 0x2E && (prev3 == 0x2F || n == 2) { return false }
            }
            prev3 = prev2; prev2 = prev; prev = b; n += 1
        }
        if n == 0 { return false }
        if prev == 0x2F && n > 1 { return false }
        if prev == 0x2E && (prev2 == 0x2F || n == 1) { return false }
        if prev == 0x2E && prev2 == 0x2E && (prev3 == 0x2F || n == 2) { return false }
        return true
    }

    @Test func agreesWithTheWindowedCheckOnEveryShortPath() {
        // Every path of up to five characters from these parts.
        let alphabet = ["/", ".", "a"]
        var paths = [""]
        for _ in 0..<5 { paths += paths.flatMap { p in alphabet.map { p + $0 } } }
        for p in Set(paths) + ["/etc/nginx/conf.d/a.conf", "a/.hidden/b", "a/..x/b", "a/.../b", "./", "../a"] {
            #expect(Path.isNormal(p) == Self.windowed(p), "\(p.debugDescription)")
        }
    }
}

/// A memo's keys are bytes: canonically equivalent spellings are different questions (the answers are by bytes).
struct MemoTests {
    @Test func equivalentSpellingsAreAnsweredApart() {
        let memo = Memo<Int>()
        let composed = "/caf\u{e9}", decomposed = "/cafe\u{301}"
        #expect(composed == decomposed)
        #expect(memo.value(composed) { $0.utf8.count } == 6)
        #expect(memo.value(decomposed) { $0.utf8.count } == 7)
        #expect(memo.value(composed) { _ in -1 } == 6)
    }

    /// More keys than the table of latest answers has slots, asked in turn and then at random: each computed once,
    /// each answered with its own value (two keys in one slot never answer for each other).
    @Test func everyKeyIsComputedOnceAndAnsweredWithItsOwnValue() {
        let memo = Memo<String>()
        var computed = 0
        let keys = (0..<1_000).map { "/api/v\($0 % 7)/route-\($0)" }
        func ask(_ k: String) -> String { memo.value(k) { computed += 1; return "answer for " + $0 } }
        for k in keys { #expect(ask(k) == "answer for " + k) }
        #expect(computed == keys.count)
        // Then in a scrambled order (fixed, so that a failure replays): neighbours in it share no pattern.
        for i in 0..<5_000 {
            let k = keys[(i * 7_919) % keys.count]
            #expect(ask(k) == "answer for " + k)
        }
        #expect(computed == keys.count)
    }
}
