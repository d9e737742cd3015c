import Foundation
import SSELintCore
import SSELintRules
import SSELintTestSupport
import Testing

/// The `sselint` binary end to end: formats, exit codes, fixes, subcommands.
struct CLITests {
    init() {}
    static let binary: String = {
        let beside = (CommandLine.arguments[0] as NSString).deletingLastPathComponent + "/sselint"
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        for dir in ["debug", "release"] {
            let p = "\(TestSupport.packageRoot)/.build/\(dir)/sselint"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return "sselint"
    }()

    func sselint(_ args: [String], cwd: String? = nil, env: [String: String] = [:]) -> (status: Int32, stdout: String, stderr: String) {
        TestSupport.run(env.map { "\($0.key)=\($0.value)" } + [Self.binary] + args, cwd: cwd)
    }

    static let bad = TestSupport.packageRoot + "/samples/nginx/NGX001/bad.conf"
    static let good = TestSupport.packageRoot + "/samples/deployments/chat-streaming/nginx/nginx.conf"

    @Test func exitCodesFollowTheThreshold() {
        #expect(sselint([Self.bad]).status == 1)
        #expect(sselint(["lint", Self.good]).status == 0)
        #expect(sselint(["--select", "NGX008", "--fail-on", "warning", Self.bad]).status == 0)
        #expect(sselint(["--select", "NGX008", "--fail-on", "info", Self.bad]).status == 1)
        #expect(sselint(["--select", "NGX001", "--fail-on", "error", Self.bad]).status == 1)
        #expect(sselint(["--format", "yaml", Self.bad]).status == 2)
        #expect(sselint(["--select", "NOPE", Self.bad]).status == 2)
        #expect(sselint(["/no/such/path"]).status == 2)
    }

    @Test func textFormatIsPathLineColSeverityIdMessage() {
        let r = sselint(["--select", "NGX001", Self.bad], env: ["NO_COLOR": "1"])
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first?.hasSuffix("") == true)
        #expect(lines.contains { $0.contains("NGX001/bad.conf:10:9: error[NGX001] proxy_buffering is on (nginx default)") })
        #expect(lines.contains { $0.contains("fix (safe): Set `proxy_buffering off;` in this location") })
        #expect(lines.last == "3 findings (2 error, 1 warning, 0 info) in 1 file; 3 fixable with --fix")
        #expect(!r.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    @Test func jsonFollowsTheContract() throws {
        let dir = TestSupport.temporaryDirectory()
        TestSupport.write("\(dir)/site/nginx.conf", TestSupport.read(Self.bad))
        TestSupport.write("\(dir)/broken/nginx.conf", "http {\n")
        let r = sselint(["--format", "json", "--select", "NGX001", "."], cwd: dir)
        #expect(r.status == 2)
        let json = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["version"] as? String == sselintVersion)
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.count == 3)
        let f = findings[0]
        #expect(f["rule"] as? String == "NGX001" && f["name"] as? String == "proxy-buffering-on-sse-location")
        #expect(f["path"] as? String == "site/nginx.conf" && f["line"] as? Int == 10 && f["column"] as? Int == 9)
        #expect(f["endLine"] as? Int == 10 && f["severity"] as? String == "error")
        #expect((f["fix"] as? [String: Any])?["safety"] as? String == "safe")
        let errors = try #require(json["errors"] as? [[String: Any]])
        #expect(errors.count == 1 && errors[0]["path"] as? String == "broken/nginx.conf" && errors[0]["line"] as? Int == 2)
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["files"] as? Int == 1 && summary["findings"] as? Int == 3 && summary["errors"] as? Int == 1)
    }

    @Test func fixWritesAtomicallyAndDiffWritesNothing() throws {
        let dir = TestSupport.temporaryDirectory()
        let path = "\(dir)/nginx.conf"
        TestSupport.write(path, TestSupport.read(Self.bad))
        chmod(path, 0o640)
        TestSupport.write("\(dir)/broken.conf", "server { location /api/chat { proxy_pass http://a; }\n")
        let diff = sselint(["--diff", "--select", "NGX001", "nginx.conf"], cwd: dir)
        #expect(diff.stdout.contains("+            proxy_buffering off;") && diff.stdout.contains("--- nginx.conf"))
        #expect(TestSupport.read(path) == TestSupport.read(Self.bad), "--diff must not write")
        let fix = sselint(["--fix", "--select", "NGX001", "."], cwd: dir)
        #expect(fix.status == 2, "the broken file still fails the run")
        #expect(TestSupport.read(path).contains("location /agent/ { proxy_buffering off; proxy_pass"))
        #expect(TestSupport.read("\(dir)/broken.conf") == "server { location /api/chat { proxy_pass http://a; }\n", "a file that failed to parse is never rewritten")
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attrs[.posixPermissions] as? Int) == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["broken.conf", "nginx.conf"], "no temporary files left")
        #expect(sselint(["--select", "NGX001", "nginx.conf"], cwd: dir).status == 0)
    }

    @Test func rulesExplainAndParse() throws {
        let rules = sselint(["rules"])
        #expect(rules.status == 0 && rules.stdout.split(separator: "\n").count == RuleCatalog.all.count)
        let explain = sselint(["explain", "NGX001"])
        #expect(explain.status == 0 && explain.stdout.contains("proxy-buffering-on-sse-location") && explain.stdout.contains("Why is this bad?"))
        #expect(sselint(["explain", "NGX999"]).status == 2)
        let parse = sselint(["parse", Self.good])
        #expect(parse.status == 0)
        let json = try #require(JSONSerialization.jsonObject(with: Data(parse.stdout.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "ok")
        let dir = TestSupport.temporaryDirectory()
        TestSupport.write("\(dir)/nginx.conf", "http { include inc/*.conf; }\n")
        TestSupport.write("\(dir)/inc/a.conf", "server { listen 80; }\n")
        let single = sselint(["parse", "--single-file", "nginx.conf"], cwd: dir)
        #expect(single.stdout == #"{"status":"ok","errors":[],"config":[{"file":"nginx.conf","status":"ok","errors":[],"parsed":[{"directive":"http","line":1,"args":[],"block":[{"directive":"include","line":1,"args":["inc/*.conf"]}]}]}]}"# + "\n")
        let full = sselint(["parse", "nginx.conf"], cwd: dir)
        #expect(full.stdout.contains(#""includes":[1]"#) && full.stdout.contains(#""file":"inc/a.conf""#))
    }

    @Test func versionAndCompletions() {
        #expect(sselint(["--version"]).stdout == sselintVersion + "\n")
        for shell in ["bash", "zsh", "fish"] {
            let r = sselint(["--generate-completion-script", shell])
            #expect(r.status == 0 && r.stdout.contains("format") && r.stdout.contains("explain"), "\(shell)")
        }
        let example = sselint(["config", "--example"])
        #expect(example.status == 0 && example.stdout.contains("per-file-ignores:"))
    }

    @Test func noPathMeansTheCurrentDirectory() {
        let dir = TestSupport.temporaryDirectory()
        TestSupport.write("\(dir)/conf.d/site.conf", TestSupport.read(Self.bad))
        TestSupport.write("\(dir)/supervisord.conf", "[program:app]\ncommand=uvicorn app:app\n")
        let r = sselint(["--select", "NGX001"], cwd: dir)
        #expect(r.status == 1 && r.stdout.contains("conf.d/site.conf:10:9"))
        #expect(!r.stdout.contains("supervisord"), "another program's .conf is not linted as nginx")
    }

    @Test func skippedTemplatesAreCountedInTheSummary() {
        let dir = TestSupport.temporaryDirectory()
        TestSupport.write("\(dir)/site.conf.j2", "server {\n  listen {{ port }};\n}\n")
        let r = sselint([dir])
        #expect(r.stdout.hasSuffix("in 0 files; 1 skipped (1 template, --verbose lists them)\n"), "\(r.stdout)")
        #expect(sselint(["-v", dir]).stderr.contains("site.conf.j2: notice: skipped: a template"))
    }

    @Test func bundledDeploymentDemo() {
        let r = sselint(["samples/deployments/chat-buffered"], cwd: TestSupport.packageRoot)
        #expect(r.status == 1)
        #expect(r.stdout.contains("error[NGX001]") && r.stdout.contains("nginx/conf.d/chat.conf"))
    }

    @Test func logsFindEachQuickReferenceSymptom() throws {
        let r = sselint(["logs", "--format", "json", "samples/logs/quick-reference-symptoms.log"], cwd: TestSupport.packageRoot)
        #expect(r.status == 1)
        let findings = try #require((try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["findings"] as? [[String: Any]])
        let got = findings.map { "\($0["rule"]!):\($0["line"]!)" }.sorted()
        #expect(got == ["LOG001:4", "LOG002:11", "LOG003:3", "LOG004:6"], "\(got)")
    }

    @Test func probeRefusesAURLWithoutAScheme() {
        let r = sselint(["probe", "localhost:8000/api/chat"])
        #expect(r.status == 2, "\(r.status)")
        #expect(r.stderr.contains("is not an http:// or https:// URL (did you mean http://localhost:8000/api/chat?)"), "\(r.stderr)")
    }

    @Test func aTreeWithNothingToLintSaysSo() {
        let dir = TestSupport.temporaryDirectory()
        TestSupport.write("\(dir)/README.md", "# nothing here\n")
        let r = sselint(["."], cwd: dir)
        #expect(r.status == 0 && r.stderr.contains("warning: nothing to judge under ."), "\(r.stderr)")
        #expect(!sselint([Self.bad]).stderr.contains("nothing to judge"))
    }

    @Test func logsFollowExitsWithTheFindingsItSaw() {
        // A bounded follow ends like a one-shot run: exit 1 when it printed a warning or error.
        let log = TestSupport.packageRoot + "/samples/logs/quick-reference-symptoms.log"
        let r = sselint(["logs", "--follow", "--follow-for", "0.3", log])
        #expect(r.status == 1 && r.stdout.contains("error[LOG001]"), "\(r.status) \(r.stdout)")
    }

    @Test func logsFollowReportsLinesAsTheyArrive() throws {
        let dir = TestSupport.temporaryDirectory()
        let log = "\(dir)/server.log"
        TestSupport.write(log, "2026-11-27 16:00:00,000 INFO stream_start trace=a session=s\n")
        // The line arrives once sselint is following (it printed nothing yet, so the first read may see either
        // state); the run stops as soon as the finding is printed, or after 20 s.
        let writer = Thread {
            Thread.sleep(forTimeInterval: 0.3)
            if let h = FileHandle(forWritingAtPath: log) {
                h.seekToEndOfFile()
                h.write(Data("2026-11-27 16:00:01,000 WARNING agent_task_timeout_on_cancel trace=a\n".utf8))
                h.closeFile()
            }
        }
        writer.start()
        let r = TestSupport.run([Self.binary, "logs", "--follow", log], timeout: 20, until: { out, _ in out.contains("server.log:2") })
        #expect(r.stdout.contains("error[LOG001]") && r.stdout.contains("server.log:2"), "\(r.stdout)")
    }
}
