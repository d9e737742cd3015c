import Foundation
import SSELintCore
@testable import SSELintNginx
import SSELintTestSupport
import Testing

/// A large file is parsed as parts on every core and joined; the joined tree must be exactly the tree of one parse
/// of the whole file, at any cuts, and a file the whole parse rejects must never come back joined.
struct SplitParseTests {
    /// Everything a parse gives, in one string: two trees are the same parse when their dumps are equal.
    static func dump(_ f: NginxFile) -> String {
        var out = "count \(f.directiveCount) nesting \(f.nesting)\n"
        func walk(_ list: [NginxDirective], _ depth: Int) {
            for d in list {
                let args = d.args.map { "\($0.value)|\($0.quoted)|\($0.start)-\($0.end)" }.joined(separator: " ")
                out += String(repeating: " ", count: depth) + "\(d.name) [\(args)] line \(d.line) \(d.start)-\(d.end)"
                    + " open \(d.blockOpen ?? -1) close \(d.blockClose ?? -1) comments \(d.argComments)\n"
                if let b = d.block { walk(b, depth + 1) }
            }
        }
        walk(f.directives, 0)
        out += "comments " + f.comments.map { "\($0.text)@\($0.start)-\($0.end):\($0.line)" }.joined(separator: ",") + "\n"
        out += "includes " + f.includes.map { "\($0.start)" }.joined(separator: ",") + "\n"
        out += "template \(f.templateLike?.start ?? -1)\n"
        return out
    }

    /// Every offset just after a `}` byte: where a cut could be tried (most are refused, which is the point).
    static func cuts(_ bytes: [UInt8], limit: Int = .max) -> [Int] {
        let all = bytes.indices.filter { bytes[$0] == UInt8(ascii: "}") }.map { $0 + 1 }
        guard all.count > limit else { return all }
        let step = Double(all.count) / Double(limit)
        return (0..<limit).map { all[Int(Double($0) * step)] }
    }

    /// Checks every cut of `text`; how many were joined.
    @discardableResult
    static func check(_ text: String, path: String = "test.conf", maxNesting: Int = 200, limit: Int = .max) -> Int {
        check(Array(text.utf8), path: path, maxNesting: maxNesting, limit: limit)
    }

    @discardableResult
    static func check(_ bytes: [UInt8], path: String, maxNesting: Int = 200, limit: Int = .max) -> Int {
        let source = SourceFile(path: path, bytes: bytes)
        var joined = 0
        let whole: String?
        // The whole parse as the parser does it for a small file (no cut).
        switch NginxParser.parse(source, maxNesting: maxNesting) {
        case .success(let f): whole = dump(f)
        case .failure: whole = nil
        }
        let all = cuts(source.bytes, limit: limit)
        for cut in all {
            guard let two = NginxParser.parseInTwo(source, cut: cut, maxNesting: maxNesting) else { continue }
            joined += 1
            #expect(whole != nil, "\(path): cut at \(cut) joined a file the whole parse rejects")
            #expect(dump(two) == whole, "\(path): cut at \(cut) differs from the whole parse")
        }
        // Three and four parts: every pair of cuts (of twelve spread over a long list), and runs of three.
        let sample = all.count > 12 ? (0..<12).map { all[$0 * all.count / 12] } : all
        var lists = sample.indices.flatMap { i in sample.indices.filter { $0 > i }.map { [sample[i], sample[$0]] } }
        if sample.count >= 3 { lists += (0..<sample.count - 2).map { Array(sample[$0...($0 + 2)]) } }
        for cuts in lists {
            guard let parts = NginxParser.parseInParts(source, cuts: cuts, maxNesting: maxNesting) else { continue }
            joined += 1
            #expect(whole != nil, "\(path): cuts at \(cuts) joined a file the whole parse rejects")
            #expect(dump(parts) == whole, "\(path): cuts at \(cuts) differ from the whole parse")
        }
        return joined
    }

    @Test func cutsBetweenServersJoinToTheSameTree() {
        let server = """
            server {
                listen 80; # the port
                server_name a.example;
                location /api/ {
                    proxy_pass http://app;
                    if ($request_method = POST) { return 405; }
                }
                include snippets/common.conf;
            }

        """
        let text = "user nginx;\nhttp {\n" + String(repeating: server, count: 6) + "}\n# end\nevents {}\n"
        let joined = Self.check(text)
        // Every server's `}` and the location's and the if's: most cuts are joinable.
        #expect(joined >= 12, "only \(joined) cuts were joined")
    }

    @Test func cutsThatAreNotTokenBoundariesAreRefused() {
        // `}` inside quotes, in a comment, in a regex and in a Lua block: not a place the whole parse closes a block.
        let text = """
        http {
            server {
                return 200 "}
        }";
                # }
                location ~ ^/a{2}$ { return 204; }
                content_by_lua_block {
                    local t = { a = "}" }
                    ngx.say("}")
                }
            }
        }

        """
        Self.check(text)
    }

    @Test func filesTheWholeParseRejectsAreNeverJoined() {
        for text in ["http {\n  server {\n  }\n}\n}\n", "http {\n  server {\n  }\n", "http {\n  server {\n  }\n  x\n}\n",
                     "http {\n}\n location {\n}\n;", "a {\n b {\n c {\n }\n }\n }\n }\n",
                     // A block the second part opens and never closes (found by the fuzzer).
                     "a {\n}\nb {\n c;\n", "a {\n b {\n }\n}\nc {\n d {\n }\n"] {
            Self.check(text)
        }
        // Nesting at the limit joins; one deeper is an error whichever part holds the deepest block.
        let deep = String(repeating: "a {\n", count: 6) + String(repeating: "}\n", count: 6)
        #expect(Self.check(deep, maxNesting: 6) > 0)
        Self.check(deep, maxNesting: 5)
        Self.check(deep + "b {\n c {\n d {\n }\n }\n }\n", maxNesting: 2)
    }

    @Test func joinedBlocksThatTheParseRecordsAreLeftToTheWholeParse() {
        // A block named `include` or `${…}` around the cut: recorded on completion, which only the whole parse orders.
        Self.check("include {\n a {\n }\n}\n${X} {\n b {\n }\n}\n")
    }

    @Test func theCutIsTakenAfterALineOfOnlyAClosingBrace() {
        let line = "    server { listen 80; }\n"
        let text = "http {\n" + String(repeating: line, count: 40_000) + "}\n"
        let bytes = Array(text.utf8)
        let cut = bytes.withUnsafeBufferPointer { NginxParser.cut($0) }
        // No line holds only `}` before the last: none in the eighth after the middle.
        #expect(cut == nil)
        let nested = "http {\n" + String(repeating: "    server {\n        listen 80;\n    }\n", count: 20_000) + "}\n"
        let b2 = Array(nested.utf8)
        let c2 = b2.withUnsafeBufferPointer { NginxParser.cut($0) }
        #expect(c2.map { $0 > b2.count / 2 && b2[$0 - 1] == UInt8(ascii: "}") } == true)
        // A large file is parsed in two parts, and gives the whole parse's tree.
        let source = SourceFile(path: "big.conf", bytes: b2)
        let two = NginxParser.parseInTwo(source, cut: c2 ?? 0)
        #expect(two != nil)
        if case .success(let f) = NginxParser.parse(source), let two { #expect(Self.dump(two) == Self.dump(f)) }
        // Or in four, each cut after a server's `}` in the quarter after each fourth.
        let four = b2.withUnsafeBufferPointer { NginxParser.cuts($0, parts: 4) }
        #expect(four.count == 3 && four == four.sorted() && four.allSatisfy { b2[$0 - 1] == UInt8(ascii: "}") })
        let parts = NginxParser.parseInParts(source, cuts: four)
        #expect(parts != nil)
        if case .success(let f) = NginxParser.parse(source), let parts { #expect(Self.dump(parts) == Self.dump(f)) }
    }

    @Test(.enabled(if: CorpusTests.haveCorpus)) func corpusFilesJoinToTheSameTreeAtAnyCut() throws {
        var joined = 0
        for path in CorpusTests.corpusFiles() {
            guard case .success(let bytes) = FileSystem.read(path, limit: 1 << 24), !bytes.contains(0) else { continue }
            joined += Self.check(bytes, path: path, limit: 40)
        }
        #expect(joined > 400, "only \(joined) cuts of the corpus were joined")
    }
}

/// Files parsed on one core share their long words: the trees are those of parsing each file on its own, and a
/// word met in two files is one String (one storage).
struct SharedWordsTests {
    @Test func sharedWordsGiveTheSameTrees() throws {
        let texts = (0..<6).map { i in
            """
            server { server_name www.s\(i).example.test "quoted long value here"; location ~ ^/api/v1/(?<rest>.*)$ {
                proxy_pass http://app_\(i % 2)/$rest$is_args$args; add_header X-Content-Type-Options nosniff; }
              unknown_directive_named_long_enough on; }
            """
        }
        let words = SharedWords()
        var shared: [NginxFile] = []
        for (i, t) in texts.enumerated() {
            let source = SourceFile(path: "s\(i).conf", text: t)
            let alone = try NginxParser.parse(source).get()
            let together = try NginxParser.parse(source, words: words).get()
            #expect(SplitParseTests.dump(together) == SplitParseTests.dump(alone), "file \(i)")
            shared.append(together)
        }
        // `proxy_pass`'s URL of files 0 and 2 (same text): one storage.
        func url(_ f: NginxFile) -> String { f.directives[0].block![1].block![0].arg(0)! }
        #expect(url(shared[0]) == url(shared[2]))
        #expect(url(shared[0]).utf8.withContiguousStorageIfAvailable { $0.baseAddress }
                == url(shared[2]).utf8.withContiguousStorageIfAvailable { $0.baseAddress })
    }

    @Test func chunkedMapKeepsTheOrder() {
        for n in [0, 1, 7, 8, 9, 100, 1001] {
            let out = Parallel.map(Array(0..<n), minimum: 8, context: { [Int]() }) { _, x in x * 2 }
            #expect(out == (0..<n).map { $0 * 2 })
            // Results made in place, reference-counted ones too (Strings longer than fit inline), in both maps.
            let expected = (0..<n).map { "a string of more than fifteen bytes, number \($0)" }
            #expect(Parallel.map(Array(0..<n), minimum: 8, context: { () }) { _, x in expected[x] } == expected)
            #expect(Parallel.map(Array(0..<n), minimum: 8) { expected[$0] } == expected)
        }
        // Each run of items has a context of its own, used by one core at a time.
        final class Run: @unchecked Sendable { var items: [Int] = [] }
        let runs = Parallel.map(Array(0..<1001), minimum: 8, context: Run.init) { run, x -> Run in run.items.append(x); return run }
        var seen = Set<ObjectIdentifier>(), joined: [Int] = []
        for r in runs where seen.insert(ObjectIdentifier(r)).inserted { joined += r.items }
        #expect(joined == Array(0..<1001) && seen.count > 1 && seen.count <= Parallel.cores * 24)
    }

    /// Pieces made on every core are emitted in order, each by the core that made it (with its context) and never
    /// two at once; a context per core at most.
    @Test func orderedPiecesAreEmittedInOrder() {
        final class Slot: @unchecked Sendable { var piece = -1 }
        for count in [0, 1, 2, 3, 60] {
            var emitted: [Int] = [], contexts = 0, busy = 0, overlapped = false
            let lock = NSLock()
            Parallel.ordered(count: count, context: { lock.lock(); contexts += 1; lock.unlock(); return Slot() }, make: { k, s in
                // Uneven pieces, so that a core runs ahead of another.
                if k % 2 == 0 { usleep(1000) }
                s.piece = k
            }, emit: { s in
                lock.lock(); busy += 1; overlapped = overlapped || busy > 1; lock.unlock()
                emitted.append(s.piece)
                lock.lock(); busy -= 1; lock.unlock()
            })
            #expect(emitted == Array(0..<count))
            #expect(!overlapped && contexts <= max(1, Parallel.cores))
        }
    }
}
