import Foundation
import SSELintCore
import SSELintLogs
import SSELintTestSupport
import Testing

/// What sselint says about what it did not judge, and how it reads an event stream: nothing silent, nothing
/// misread. Each test reproduces a report from a new user (a log with no known event read as clean, a refused
/// connection that took 5 s, skipped files nobody heard of, a multi-line event called "not JSON").
struct HonestOutputTests {
    func sselint(_ args: [String], cwd: String? = nil) -> (status: Int32, stdout: String, stderr: String) {
        TestSupport.run(["/usr/bin/env", "-u", "NO_COLOR", CLITests.binary] + args, cwd: cwd)
    }

    static func lines(_ text: String) -> [EventStream.Line] {
        let raw = EventStream.splitLines(Array(text.utf8))
        return raw.enumerated().map { EventStream.Line(time: Double($0.offset), text: String(decoding: $0.element, as: UTF8.self), range: $0.offset..<$0.offset + 1) }
    }

    /// The cases of WHATWG HTML's event-stream section: CRLF, LF and CR line ends, a BOM, multi-line data,
    /// `event:`, `id:`, `retry:`, comments, a field without a colon, and an unfinished event at the end.
    @Test func eventStreamIsReadAsEventSourceReadsIt() {
        let s = EventStream.interpret(Self.lines("\u{FEFF}retry: 2500\r\n: hi\r\ndata: {\"a\":\r\ndata:1}\r\nid: 7\r\n\r\nevent: usage\rdata: x\r\rdata\n\ndata: last\nretry: 1x\n"))
        #expect(s.events.map(\.data) == ["{\"a\":\n1}", "x", ""], "\(s.events.map(\.data))")
        #expect(s.events.map(\.type) == ["message", "usage", "message"])
        #expect(s.events.first?.lastEventID == "7" && s.events.last?.lastEventID == "7")
        #expect(s.retry == 2500, "a retry: that is not all digits is ignored")
        #expect(s.comments.count == 1 && s.unfinished.map(\.text) == ["data: last", "retry: 1x"])
        // Event times are when the blank line arrived (line 5 here), not the first data line.
        #expect(s.events.first?.time == 5)
    }

    /// A CR ends its line when it arrives (the event's time is the CR's); the LF of a CRLF split across two
    /// chunks does not make an extra empty line.
    @Test func aCarriageReturnEndsItsLineAtOnceAcrossChunks() {
        var afterCR = false
        let first = EventStream.splitLines(Array("data: a\r".utf8), final: false, afterCR: &afterCR)
        #expect(first.lines.map { String(decoding: $0, as: UTF8.self) } == ["data: a"] && first.consumed == 8 && afterCR)
        let second = EventStream.splitLines(Array("\n\r\ndata: b\r".utf8), final: false, afterCR: &afterCR)
        #expect(second.lines.map { String(decoding: $0, as: UTF8.self) } == ["", "data: b"], "\(second.lines)")
        #expect(EventStream.splitLines(Array("a\r\rb\n\nc".utf8)).map { String(decoding: $0, as: UTF8.self) } == ["a", "", "b", "", "c"])
    }

    /// One BOM at the start is dropped, as EventSource does; a second one stays (and spoils that line's field name).
    @Test func onlyTheFirstBOMIsDropped() {
        #expect(EventStream.interpret(Self.lines("\u{FEFF}data: a\n\n")).events.map(\.data) == ["a"])
        #expect(EventStream.interpret(Self.lines("\u{FEFF}\u{FEFF}data: a\n\n")).events.isEmpty)
    }

    /// A transcript saved by an earlier sselint (no blank lines recorded) is still judged event by event.
    @Test func transcriptsWithoutBlankLinesAreReadLineByLine() {
        let old = "# sselint probe transcript\n> POST http://x/api/chat\n< HTTP/1.1 200\n< content-type: text/event-stream\n"
            + "+0.010 data: {\"type\":\"status\"}\n+0.200 : ping\n+0.400 data: {\"type\":\"done\"}\n"
        let t = ProbeTranscript.parse(SourceFile(path: "old.probe", text: old))
        #expect(t.stream.events.map(\.data) == ["{\"type\":\"status\"}", "{\"type\":\"done\"}"] && t.stream.comments.count == 1)
    }

    @Test func aRefusedConnectionIsReportedAtOnce() throws {
        // A port nothing listens on: bind one, note it, close it.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        close(fd)
        let port = UInt16(bigEndian: addr.sin_port)
        let start = Date()
        let r = sselint(["probe", "http://127.0.0.1:\(port)/events"])
        let took = Date().timeIntervalSince(start)
        #expect(r.status == 2 && r.stdout.contains("connection refused"), "\(r.stdout)\(r.stderr)")
        #expect(took < 2, "a refused connection took \(took) s to report")
    }

    @Test func aLogWithNoKnownEventSaysWhatWasLookedFor() {
        let dir = TestSupport.temporaryDirectory()
        TestSupport.write("\(dir)/access.log", "GET / 200\nGET /health 200\n")
        let r = sselint(["logs", "access.log"], cwd: dir)
        #expect(r.status == 0)
        #expect(r.stderr.contains("access.log: notice: no stream events recognised in access.log (looked for stream_start, stream_cancelled"), "\(r.stderr)")
        // A log with events gets no such notice.
        #expect(!sselint(["logs", "samples/logs/LOG001/bad.log"], cwd: TestSupport.packageRoot).stderr.contains("no stream events"))
    }

    @Test func logsWithABrokenConfigurationGiveNoVerdict() {
        let dir = TestSupport.temporaryDirectory()
        TestSupport.write("\(dir)/server.log", TestSupport.read(TestSupport.packageRoot + "/samples/logs/LOG001/bad.log"))
        TestSupport.write("\(dir)/.sselint.yml", "bogus: 1\n")
        let r = sselint(["logs", "server.log"], cwd: dir)
        #expect(r.status == 2 && r.stdout.contains(".sselint.yml:1:1: input-error unknown key") && !r.stdout.contains("LOG001"), "\(r.stdout)")
    }

    @Test func skippedFilesAreCountedByReasonAndListedWithVerbose() {
        let dir = TestSupport.temporaryDirectory()
        TestSupport.write("\(dir)/nginx/nginx.conf", "events {}\nhttp { server { listen 80; location / { root /srv; } } }\n")
        TestSupport.write("\(dir)/nginx/site.conf.j2", "server { listen {{ port }}; }\n")
        TestSupport.write("\(dir)/nginx/blob.conf", "\u{0}\u{1}binary\n")
        TestSupport.write("\(dir)/misc/settings.conf", "color = blue\nsize = 3\n")
        let r = sselint(["."], cwd: dir)
        #expect(r.status == 0)
        #expect(r.stdout.contains("3 skipped (1 template, 1 binary file, 1 *.conf that is not nginx, --verbose lists them)"), "\(r.stdout)")
        #expect(!r.stderr.contains("notice"), "found in a tree: counted, not listed: \(r.stderr)")
        let v = sselint(["--verbose", "."], cwd: dir)
        for line in ["nginx/site.conf.j2: notice: skipped: a template", "nginx/blob.conf: notice: skipped: a binary file",
                     "misc/settings.conf: notice: skipped: does not look like an nginx config"] {
            #expect(v.stderr.contains(line), "\(v.stderr)")
        }
        // A file named on the command line is never skipped silently.
        #expect(sselint(["misc/settings.conf"], cwd: dir).stderr.contains("misc/settings.conf:"))
        #expect(sselint(["--list-files", "."], cwd: dir).stdout.contains("nginx/blob.conf\tskipped (binary file)"))
    }

    @Test func rulesAcceptsOnlyTheFormatsItCanPrint() {
        #expect(sselint(["rules", "--format", "sarif"]).status != 0)
        #expect(sselint(["rules", "--format", "json"]).status == 0)
    }

    /// Help texts are true and say each default once (ArgumentParser adds "(default: …)" itself).
    @Test func helpTextsSayEachDefaultOnce() {
        let top = sselint(["--help"]).stdout
        #expect(top.contains("lint (default)") && !top.contains("(the default command)"), "\(top)")
        for command in ["lint", "probe", "logs", "rules", "explain", "parse", "config"] {
            let help = sselint([command, "--help"]).stdout
            // One block per option: its first line starts with "  -" (or "  <" for an argument).
            var blocks: [String] = []
            for line in help.split(separator: "\n") {
                if line.hasPrefix("  -") || line.hasPrefix("  <") { blocks.append(String(line)) }
                else if !blocks.isEmpty, line.hasPrefix("    ") { blocks[blocks.count - 1] += " " + line.trimmingCharacters(in: .whitespaces) }
            }
            #expect(!blocks.isEmpty, "\(command) --help")
            for b in blocks {
                #expect(b.components(separatedBy: "default").count <= 2, "\(command): \(b)")
            }
        }
        #expect(sselint(["probe", "--help"]).stdout.contains("default: GET"))
    }

    /// explain speaks to users: no maintainer notes, no internal documents.
    @Test func explainStandsOnItsOwn() {
        for id in ["NGX001", "RUN004", "CAN002", "PRB001"] {
            let text = sselint(["explain", id]).stdout
            #expect(text.contains("Why is this bad?") && text.contains("Fix ("), "\(id)")
            for word in ["FACTS", "RULES.md", "Quick reference:", "Decisions", "quick reference"] {
                #expect(!text.contains(word), "\(id) explain shows \(word)")
            }
        }
    }
}
