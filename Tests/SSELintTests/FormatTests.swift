import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SSELintCore
import SSELintNginx
import SSELintReporters
import SSELintRules
import SSELintTestSupport
import Testing

/// Output formats: SARIF validated against the official schema with the real jsonschema, the others parsed back.
struct FormatTests {
    let cli = CLITests()
    static let samples = TestSupport.packageRoot + "/samples"

    static func sampleFiles() -> [String] {
        let e = FileManager.default.enumerator(atPath: samples)!
        // bad samples: files, and directory samples (small deployments) as a whole, never their files one by one.
        return e.compactMap { $0 as? String }.filter { ($0 as NSString).lastPathComponent.hasPrefix("bad") }.sorted().map { "\(samples)/\($0)" }
    }

    static var haveJSONSchema: Bool {
        TestSupport.oracle(TestSupport.run(["python3", "-c", "import jsonschema"]).status == 0, "jsonschema (pip install jsonschema)")
            && TestSupport.oracle(TestSupport.shared != nil, "../shared/schemas")
    }

    @Test(.enabled(if: haveJSONSchema)) func sarifValidatesAgainstTheSchemaForEverySample() throws {
        let dir = TestSupport.temporaryDirectory()
        var outputs: [String] = []
        for (i, sample) in (Self.sampleFiles() + ["\(Self.samples)/deployments/chat-buffered"]).enumerated() {
            let out = "\(dir)/\(i).sarif"
            let r = cli.sselint(["--format", "sarif", "--output", out, "--select", "ALL,quick-reference", "--fail-on", "info", sample], cwd: TestSupport.packageRoot)
            #expect(r.status == 1, "\(sample): exit \(r.status) \(r.stderr)")
            outputs.append(out)
        }
        // A suppressed finding and an input error appear too.
        let sup = "\(dir)/suppressed.sarif"
        _ = cli.sselint(["--format", "sarif", "--output", sup, "samples/suppression/SUP001/bad.conf", "/no/such/file.conf"], cwd: TestSupport.packageRoot)
        outputs.append(sup)
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            v = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
            bad = 0
            for f in sys.argv[2:]:
                errs = sorted(v.iter_errors(json.load(open(f))), key=str)
                for e in errs[:3]: print(f, "/".join(map(str, e.absolute_path)), e.message[:200])
                bad += bool(errs)
            print("validated", len(sys.argv) - 2, "files,", bad, "invalid")
            sys.exit(1 if bad else 0)
            """
        let r = TestSupport.run(["python3", "-c", script, TestSupport.shared! + "/schemas/sarif-schema-2.1.0.json"] + outputs)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("validated \(outputs.count) files, 0 invalid"), "\(r.stdout)")
        let sarif = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sup))) as? [String: Any])
        let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        let suppressed = results.first { $0["suppressions"] != nil }
        let justification = ((suppressed?["suppressions"] as? [[String: Any]])?.first?["justification"] as? String)
        #expect(justification == "the app sends X-Accel-Buffering: no")
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(rules.count == RuleCatalog.all.count && rules.allSatisfy { $0["helpUri"] != nil && $0["fullDescription"] != nil && $0["help"] != nil })
        let loc = ((results.first?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any]
        #expect(loc?["uri"] as? String == "samples/suppression/SUP001/bad.conf" && loc?["uriBaseId"] as? String == "%SRCROOT%")
    }

    /// The one JSON format (reports, `sselint parse`): compact or indented, empty containers as `[]`/`{}`, escapes as
    /// JSON requires; a part written at its own level and spliced in (how `sselint parse` streams) reads as the whole.
    @Test func jsonWriterFormat() {
        let doc: JSON = .object([
            ("e", .array([])), ("o", .object([])), ("n", .int(-42)), ("t", .bool(true)), ("z", .null),
            ("s", .string("q\" b\\ \n\r\t\u{07}é")),
            ("a", .array([.object([("k", .array([.int(1)]))]), .string("x")])),
        ])
        #expect(doc.serialized() == #"{"e":[],"o":{},"n":-42,"t":true,"z":null,"s":"q\" b\\ \n\r\t\u0007é","a":[{"k":[1]},"x"]}"#)
        let two = """
            {
              "e": [],
              "o": {},
              "n": -42,
              "t": true,
              "z": null,
              "s": "q\\" b\\\\ \\n\\r\\t\\u0007é",
              "a": [
                {
                  "k": [
                    1
                  ]
                },
                "x"
              ]
            }
            """
        #expect(doc.serialized(indent: 2) == two)
        for indent in [0, 2] {
            var inner = JSONWriter(indent: indent, level: 1)
            inner.value(.array([.int(1), .object([("k", .string("v"))])]))
            var outer = JSONWriter(indent: indent)
            outer.beginObject(); outer.key("a"); outer.raw(inner.bytes); outer.literalKey("b"); outer.int(2); outer.endObject()
            let whole: JSON = .object([("a", .array([.int(1), .object([("k", .string("v"))])])), ("b", .int(2))])
            #expect(String(decoding: outer.bytes, as: UTF8.self) == whole.serialized(indent: indent), "spliced, indent \(indent)")
        }
    }

    /// Real paths resolve symlinked directories and files as realpath(3) does; a missing file has none.
    @Test func realPathsResolveLinksInEveryComponent() throws {
        let dir = FileSystem.realPath(TestSupport.temporaryDirectory())!
        TestSupport.write("\(dir)/sites-available/a.conf", "server {}\n")
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/sites-enabled", withDestinationPath: "\(dir)/sites-available")
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/sites-available/b.conf", withDestinationPath: "a.conf")
        #expect(FileSystem.realPath("\(dir)/sites-enabled/a.conf") == "\(dir)/sites-available/a.conf")
        #expect(FileSystem.realPath("\(dir)/sites-enabled/b.conf") == "\(dir)/sites-available/a.conf")
        #expect(FileSystem.realPath("\(dir)/sites-enabled/./a.conf") == "\(dir)/sites-available/a.conf")
        #expect(FileSystem.realPath("\(dir)/sites-enabled/missing.conf") == nil)
        #expect(FileSystem.realPath("\(dir)/sites-enabled") == "\(dir)/sites-available")
        #expect(FileSystem.realPath("\(dir)/sites-available/") == "\(dir)/sites-available")
        // After a glob listed them (its listing marks regular files, whose real path then needs no lstat): the same.
        #expect(FileSystem.globNotDirectories("\(dir)/sites-enabled/*.conf") == ["\(dir)/sites-enabled/a.conf", "\(dir)/sites-enabled/b.conf"])
        #expect(FileSystem.realPath("\(dir)/sites-enabled/a.conf") == "\(dir)/sites-available/a.conf")
        #expect(FileSystem.realPath("\(dir)/sites-enabled/b.conf") == "\(dir)/sites-available/a.conf")
        #expect(FileSystem.realPath("\(dir)/sites-available/b.conf") == "\(dir)/sites-available/a.conf")
    }

    /// A position looked up with a line hint (a directive's own line) is the one the search finds, whatever the hint:
    /// right, wrong, past the end, on CRLF lines and at the end of the file.
    @Test func positionsWithALineHintAreThoseOfTheSearch() {
        let file = SourceFile(path: "p.conf", text: "a;\r\n\n  bb { c; }\r\nlast")
        for offset in 0...file.bytes.count {
            let searched = file.position(of: offset)
            for hint in [-1, 0, 1, 2, 3, 4, 5, 9, searched.line] {
                #expect(file.position(of: offset, near: hint) == searched, "offset \(offset), hint \(hint)")
            }
        }
        let d = try! NginxParser.parse(SourceFile(path: "x.conf", text: "events {}\nhttp {\n  server {\n    listen 80;\n  }\n}\n")).get().directives[1]
        #expect(d.range == SourceRange(file: d.file, start: d.start, end: d.end))
        #expect(d.headRange.end.line == 2 && d.range.end.line == 6)
    }

    /// The JSON report written out in pieces (as `lint --format json` prints it) is the same document as the one
    /// rendered whole, for a report larger than one piece.
    @Test func jsonReportWrittenInPiecesIsTheWholeDocument() {
        let file = SourceFile(path: "big.conf", text: String(repeating: "add_header \"X-\u{7}\" é;\n", count: 3000))
        let findings = (0..<3000).map { i in
            Finding(rule: "NGX010", name: "n", severity: .warning, range: SourceRange(file: file, start: i * 10, end: i * 10 + 5),
                    message: "message \(i) with \"quotes\" and \\ and é", fix: Fix(title: "t", safety: .safe),
                    related: [RelatedLocation(range: SourceRange(file: file, start: 0, end: 1), message: "r")])
        }
        let report = Report(findings: findings, errors: [InputError(path: "a", line: 1, column: 2, message: "e")], notices: [], files: ["big.conf"])
        var reporter = JSONReporter()
        reporter.spreadFrom = .max
        var pieces: [[UInt8]] = []
        reporter.write(report) { pieces.append(Array($0)) }
        #expect(pieces.count > 2, "a report of \(pieces.joined().count) bytes is written in pieces")
        #expect(pieces.dropLast().allSatisfy { $0.count >= 1 << 16 })
        let whole = reporter.render(report)
        #expect(String(decoding: Array(pieces.joined()), as: UTF8.self) == whole)
        #expect(reporter.renderBytes(report) == Array(whole.utf8))
        // Written on every core (the default for this many findings): the same bytes, in pieces of bounded size.
        var spread: [[UInt8]] = []
        JSONReporter().write(report) { spread.append(Array($0)) }
        #expect(Array(spread.joined()) == Array(whole.utf8))
        #expect(spread.count > 2 && spread.allSatisfy { $0.count < 1 << 20 })
        // The head, a piece per 128 findings, the tail: written on every core where there is more than one.
        #expect(JSONReporter.pathsAllASCII(report))
        if Parallel.cores > 1 { #expect(spread.count == 2 + (3000 + JSONReporter.piece - 1) / JSONReporter.piece) }
        // The same document as the JSON tree of its findings says.
        let first = try? JSONSerialization.jsonObject(with: Data(whole.utf8)) as? [String: Any]
        #expect((first?["findings"] as? [Any])?.count == 3000)
    }

    /// A report written on every core shows each path as one core writing it would: findings in many files, absolute
    /// and relative, under the working directory and elsewhere. A path that is not ASCII may be shown as an earlier,
    /// canonically equal spelling was (NFC `café` for NFD `cafe\u{301}`): such a report is written by one core.
    @Test func jsonReportWrittenOnEveryCoreShowsPathsAsOneCoreWould() {
        func report(_ paths: [String]) -> Report {
            let files = paths.map { SourceFile(path: $0, text: "proxy_buffering on;\n") }
            let findings = (0..<900).map { i in
                Finding(rule: "NGX001", name: "n", severity: .error, range: SourceRange(file: files[i % files.count], start: 0, end: 5),
                        message: "m \(i)", fix: nil, related: [RelatedLocation(range: SourceRange(file: files[(i + 1) % files.count], start: 0, end: 1), message: "r")])
            }
            return Report(findings: findings, errors: [], notices: [], files: paths)
        }
        let ascii = (0..<50).map { $0 % 3 == 0 ? "/w/conf.d/s\($0).conf" : $0 % 3 == 1 ? "conf.d/s\($0).conf" : "/elsewhere/s\($0).conf" }
        // The NFC spelling in the first piece, the NFD one far later (in another piece).
        var unicode = (0..<300).map { "/w/s\($0).conf" }
        unicode[0] = "/w/caf\u{E9}.conf"; unicode[250] = "/w/cafe\u{301}.conf"
        #expect(JSONReporter.pathsAllASCII(report(ascii)) && !JSONReporter.pathsAllASCII(report(unicode)))
        for paths in [ascii, unicode] {
            var one = JSONReporter(paths: PathDisplay(base: "/w"))
            one.spreadFrom = .max
            let every = JSONReporter(paths: PathDisplay(base: "/w"))
            #expect(every.renderBytes(report(paths)) == one.renderBytes(report(paths)))
        }
        // What the display showed before the report counts on every core: a diff's non-ASCII spelling of a path
        // (`;` as U+037E) is how the report's ASCII spelling shows then.
        let semicolon = (0..<50).map { $0 % 2 == 0 ? "/w/a;b.conf" : "/w/s\($0).conf" }
        #expect(JSONReporter.pathsAllASCII(report(semicolon)))
        func afterDiff(spread: Bool) -> [UInt8] {
            let display = PathDisplay(base: "/w")
            _ = display.show("/w/a\u{37E}b.conf")
            var r = JSONReporter(paths: display)
            if !spread { r.spreadFrom = .max }
            return r.renderBytes(report(semicolon))
        }
        let serial = afterDiff(spread: false)
        #expect(afterDiff(spread: true) == serial)
        #expect(String(decoding: serial, as: UTF8.self).contains("a\u{37E}b.conf"))
    }

    /// Fix titles: each `{name}` with a value is filled in once; other braces (a regex location's `{`, an unclosed
    /// one, a combining mark after one) are kept as written.
    @Test func fixTitlePlaceholders() {
        #expect(RuleMetadata.fill("in location {location}", ["location": "~ \"^/sse/{\""]) == "in location ~ \"^/sse/{\"")
        #expect(RuleMetadata.fill("a { b {x} c", ["x": "1"]) == "a { b 1 c")
        #expect(RuleMetadata.fill("open {x", ["x": "1"]) == "open {x")
        #expect(RuleMetadata.fill("{x}{y} {\u{301}z}", ["x": "1", "y": "{x}"]) == "1{x} {\u{301}z}")
        #expect(RuleMetadata.fill("none", [:]) == "none")
    }

    /// partialFingerprints (and baseline entries) depend on the flagged lines' content, not their numbers.
    @Test func fingerprintsSurviveLinesAddedAbove() throws {
        let dir = TestSupport.temporaryDirectory()
        let text = TestSupport.read("\(Self.samples)/nginx/NGX001/bad.conf")
        TestSupport.write("\(dir)/nginx.conf", text)
        func fingerprints() throws -> [String] {
            let r = cli.sselint(["--format", "sarif", "--select", "NGX001", "nginx.conf"], cwd: dir)
            let json = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let results = ((json["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
            return results.compactMap { ($0["partialFingerprints"] as? [String: String])?["sselint/v1"] }
        }
        let before = try fingerprints()
        TestSupport.write("\(dir)/nginx.conf", "# a comment\n# and another\n" + text)
        #expect(try fingerprints() == before)
        #expect(before.count == 3 && Set(before).count == 3)
    }

    @Test func githubAnnotations() {
        let r = cli.sselint(["--format", "github", "--select", "NGX001", "samples/nginx/NGX001/bad.conf"], cwd: TestSupport.packageRoot)
        let lines = r.stdout.split(separator: "\n")
        #expect(r.status == 1)
        #expect(lines.first?.hasPrefix("::error file=samples/nginx/NGX001/bad.conf,line=10,col=9,endLine=10,endColumn=") == true)
        #expect(lines.first?.contains(",title=NGX001::proxy_buffering is on") == true)
        #expect(lines.first?.contains("[proxy-buffering-on-sse-location] (fix, safe: Set `proxy_buffering off;` in this location)") == true)
        #expect(lines.contains { $0.hasPrefix("::warning file=samples/nginx/NGX001/bad.conf,line=17,col=13") })
        #expect(lines.last == "sselint: 3 findings (2 error, 1 warning, 0 info), 0 input errors, 0 suppressed, in 1 file")
    }

    @Test func checkstyleJUnitAndGitLabParse() throws {
        let root = TestSupport.packageRoot
        for format in ["checkstyle", "junit"] {
            let r = cli.sselint(["--format", format, "samples/deployments/chat-buffered"], cwd: root)
            let doc = try XMLDocument(data: Data(r.stdout.utf8))
            let items = try doc.nodes(forXPath: format == "checkstyle" ? "//error" : "//failure")
            #expect("\(doc.rootElement()?.name ?? "") \(items.count)" == (format == "checkstyle" ? "checkstyle 21" : "testsuites 21"))
        }
        let gitlab = cli.sselint(["--format", "gitlab", "samples/deployments/chat-buffered"], cwd: root)
        let items = try #require(JSONSerialization.jsonObject(with: Data(gitlab.stdout.utf8)) as? [[String: Any]])
        #expect(items.count == 21)
        #expect(items.allSatisfy { $0["fingerprint"] is String && ($0["location"] as? [String: Any])?["path"] is String })
        #expect(Set(items.compactMap { $0["severity"] as? String }) == ["major", "minor", "info"])
    }

    @Test func outputWritesTheReportToAFile() {
        let dir = TestSupport.temporaryDirectory()
        let r = cli.sselint(["--format", "json", "--output", "\(dir)/r.json", "samples/deployments/chat-streaming"], cwd: TestSupport.packageRoot)
        #expect(r.status == 0 && r.stdout.isEmpty)
        #expect(TestSupport.read("\(dir)/r.json").contains("\"findings\": []"))
    }
}
