import Foundation
import SSELintCore
import SSELintTestSupport
import Testing

/// Configuration, inline suppressions, baseline and discovery: the CI-gate and pre-commit behaviour.
struct GateTests {
    let cli = CLITests()
    static let bad = TestSupport.read(TestSupport.packageRoot + "/samples/nginx/NGX001/bad.conf")

    func repo(_ files: [String: String]) -> String {
        let dir = TestSupport.temporaryDirectory()
        for (p, t) in files { TestSupport.write("\(dir)/\(p)", t) }
        return dir
    }

    func json(_ r: (status: Int32, stdout: String, stderr: String)) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "not JSON: \(r.stdout) \(r.stderr)")
    }

    @Test func configErrorsNameFileLineAndColumn() {
        let cases: [(String, String)] = [
            ("select: [NGX]\nsurprise: 1\n", ".sselint.yml:2:1: unknown key \"surprise\""),
            ("severity:\n  NGX001: fatal\n", ".sselint.yml:2:11: severity must be error, warning or info"),
            ("ignore: NGX001\n", ".sselint.yml:1:9: expected a list of rule ids or prefixes"),
            ("select: [NGX999]\n", ".sselint.yml:1:10: unknown rule \"NGX999\""),
            ("select: [NGX\n  - x: :\n", ".sselint.yml:"),
            ("\tselect: []\n", ".sselint.yml:1:1: not valid YAML"),
            ("rules:\n  NGX001: {speed: 3}\n", ".sselint.yml:2:12: NGX001 has no option \"speed\" (it takes none)"),
            ("rules:\n  LOG004: {min-events: 5.5}\n", ".sselint.yml:2:24: LOG004 min-events: expected a whole number, got \"5.5\""),
            ("rules:\n  PRB002: {burst-gap: fast}\n", ".sselint.yml:2:23: PRB002 burst-gap: expected a number of seconds, got \"fast\""),
        ]
        for (text, expected) in cases {
            let dir = repo(["nginx.conf": Self.bad, ".sselint.yml": text])
            let r = cli.sselint(["--no-color"], cwd: dir)
            #expect(r.status == 2, "\(text): exit \(r.status)")
            let place = String(expected.prefix { $0 != " " })
            #expect(r.stdout.contains(place + " input-error " + expected.dropFirst(place.count + 1)) || (place == expected && r.stdout.contains(place)),
                    "\(text): \(r.stdout)")
        }
    }

    @Test func aBrokenConfigurationListsEveryProblemAndLintsNothing() {
        let dir = repo(["nginx.conf": Self.bad, ".sselint.yml": "select: [NGX]\nselect: [RUN]\nsurprise: 1\nfail-on: loud\n"])
        let r = cli.sselint(["--no-color"], cwd: dir)
        #expect(r.status == 2, "\(r.stdout)")
        #expect(r.stdout.contains(".sselint.yml:2:1: input-error duplicate key \"select\" (line 1 sets it too)"), "\(r.stdout)")
        #expect(r.stdout.contains(".sselint.yml:3:1: input-error unknown key \"surprise\""), "\(r.stdout)")
        #expect(r.stdout.contains(".sselint.yml:4:10: input-error fail-on must be error, warning or info"), "\(r.stdout)")
        #expect(!r.stdout.contains("[NGX001]") && r.stderr.contains("nothing was linted or fixed"), "no verdict on defaults")
        // --fix writes nothing either.
        #expect(cli.sselint(["--fix"], cwd: dir).status == 2)
        #expect(TestSupport.read("\(dir)/nginx.conf") == Self.bad)
        // A broken --config with one named file (project mode): the same.
        let other = repo(["nginx.conf": Self.bad, "ci.yml": "surprise: 1\n"])
        try? FileManager.default.createDirectory(atPath: "\(other)/.git", withIntermediateDirectories: true)
        let named = cli.sselint(["--config", "ci.yml", "--fix", "nginx.conf"], cwd: other)
        #expect(named.status == 2 && named.stdout.contains("ci.yml:1:1: input-error unknown key \"surprise\""), "\(named.stdout)")
        #expect(TestSupport.read("\(other)/nginx.conf") == Self.bad)
    }

    @Test func theExampleConfigurationChangesNoResult() throws {
        // `sselint config --example > .sselint.yml` in each demo gives the findings its own configuration gives.
        let example = cli.sselint(["config", "--example"]).stdout
        for demo in ["chat-buffered", "chat-streaming"] {
            let dir = TestSupport.temporaryDirectory("example-config")
            try FileManager.default.copyItem(atPath: TestSupport.packageRoot + "/samples/deployments/\(demo)", toPath: "\(dir)/\(demo)")
            func findings() throws -> [String] {
                let r = cli.sselint(["--format", "json", "."], cwd: "\(dir)/\(demo)")
                #expect(r.status != 2, "\(demo): \(r.stdout)")
                let f = try #require(try json(r)["findings"] as? [[String: Any]])
                return f.map { "\($0["rule"]!) \($0["severity"]!) \($0["path"]!):\($0["line"]!)" }
            }
            let before = try findings()
            #expect(demo != "chat-buffered" || before.count == 21)
            TestSupport.write("\(dir)/\(demo)/.sselint.yml", example)
            #expect(try findings() == before, "\(demo)")
        }
    }

    @Test func exitZeroOutputShortFlagAndForceColor() {
        let dir = repo(["nginx.conf": Self.bad])
        #expect(cli.sselint(["--exit-zero", "-o", "report.txt"], cwd: dir).status == 0)
        #expect(TestSupport.read("\(dir)/report.txt").contains("error[NGX001]"))
        #expect(cli.sselint(["--exit-zero", "missing.conf"], cwd: dir).status == 2, "input errors still exit 2")
        // (The test runner may set NO_COLOR itself: unset it for the first run.)
        #expect(TestSupport.run(["-u", "NO_COLOR", "FORCE_COLOR=1", CLITests.binary], cwd: dir).stdout.contains("\u{1B}["), "FORCE_COLOR colours a pipe")
        #expect(!cli.sselint([], cwd: dir, env: ["FORCE_COLOR": "1", "NO_COLOR": "1"]).stdout.contains("\u{1B}["), "NO_COLOR wins")
    }

    @Test func configSelectsIgnoresOverridesAndExcludes() throws {
        let dir = repo([
            ".sselint.yml": """
                select: [NGX00]
                ignore: [NGX006]
                severity: {NGX001: warning}
                exclude: ["vendor/**"]
                per-file-ignores: {"legacy/*.conf": [NGX001]}
                fail-on: error
                sse-paths: [/agent]
                """,
            "nginx.conf": Self.bad,
            "legacy/old.conf": Self.bad,
            "vendor/x/nginx.conf": Self.bad,
        ])
        let r = cli.sselint(["--format", "json"], cwd: dir)
        let findings = try json(r)["findings"] as! [[String: Any]]
        let rules = Set(findings.map { $0["rule"] as! String })
        #expect(!rules.contains("NGX006") && !rules.contains("NGX010") && rules.contains("NGX008"))
        #expect(findings.allSatisfy { !($0["path"] as! String).hasPrefix("vendor/") })
        #expect(!findings.contains { ($0["path"] as! String).hasPrefix("legacy/") && $0["rule"] as! String == "NGX001" })
        let ngx001 = findings.filter { $0["rule"] as! String == "NGX001" }
        #expect(!ngx001.isEmpty && ngx001.allSatisfy { $0["severity"] as! String == "warning" })
        // sse-paths replaced the defaults: /api/chat is no longer SSE by pattern, /agent/ still is.
        #expect(!ngx001.contains { ($0["line"] as! Int) == 10 } && ngx001.contains { ($0["line"] as! Int) == 22 })
        #expect(r.status == 0, "fail-on: error and no error left")
        // The command line wins; --isolated ignores the file.
        #expect(cli.sselint(["--fail-on", "warning"], cwd: dir).status == 1)
        let isolated = try json(cli.sselint(["--isolated", "--format", "json"], cwd: dir))
        #expect((isolated["findings"] as! [[String: Any]]).contains { ($0["path"] as! String).hasPrefix("vendor/") })
        let explicit = repo(["conf.yml": "ignore: [NGX]\n", "nginx.conf": Self.bad])
        #expect(cli.sselint(["--config", "conf.yml"], cwd: explicit).status == 0)
        // `config --example` is itself a valid configuration.
        let example = cli.sselint(["config", "--example"]).stdout
        let withExample = repo([".sselint.yml": example, "nginx.conf": Self.bad])
        #expect(cli.sselint([], cwd: withExample).status == 1)
    }

    @Test func configIsFoundByWalkingUpFromEachFile() throws {
        let dir = repo([
            "a/.sselint.yml": "ignore: [NGX001]\n", "a/site/nginx.conf": Self.bad,
            "b/site/nginx.conf": Self.bad,
        ])
        let findings = try json(cli.sselint(["--format", "json", "--select", "NGX001", "."], cwd: dir))["findings"] as! [[String: Any]]
        #expect(findings.count == 3 && findings.allSatisfy { ($0["path"] as! String).hasPrefix("b/") })
    }

    @Test func inlineSuppressionsWithReasons() throws {
        let conf = """
            # sselint: disable-file=NGX008 -- upstream keepalive is handled by the sidecar
            events {}
            http {
                server {
                    listen 80;
                    # sselint: disable=NGX001,NGX006 -- the app sends X-Accel-Buffering: no and pings every 10 s
                    location /api/chat { proxy_pass http://127.0.0.1:8000; }
                    location /stream { # sselint: disable-next-line=NGX001
                        proxy_pass http://127.0.0.1:8000;
                    }
                }
            }
            """
        // NGX008 is in the quick-reference preset, turned on by the config.
        let dir = repo(["nginx.conf": conf, ".sselint.yml": "preset: quick-reference\n"])
        let out = try json(cli.sselint(["--format", "json"], cwd: dir))
        let findings = out["findings"] as! [[String: Any]]
        let suppressed = out["suppressed"] as! [[String: Any]]
        // /stream: NGX001 sits on line 8 (the location), the next-line comment covers line 9: it stays, and SUP001 says so.
        #expect(Set(findings.map { "\($0["rule"]!)@\($0["line"]!)" }) == ["NGX001@8", "NGX006@8", "SUP001@8"])
        #expect(suppressed.count == 4)
        #expect(suppressed.contains { $0["rule"] as! String == "NGX001" && $0["justification"] as? String == "the app sends X-Accel-Buffering: no and pings every 10 s" })
        #expect(suppressed.contains { $0["rule"] as! String == "NGX008" && $0["justification"] as? String == "upstream keepalive is handled by the sidecar" })
        let all = try json(cli.sselint(["--format", "json", "--no-inline-suppressions"], cwd: dir))
        #expect((all["findings"] as! [[String: Any]]).count == 6 && (all["suppressed"] as! [Any]).isEmpty)
        // SUP001's safe fix removes the comment that covers nothing.
        _ = cli.sselint(["--fix", "--select", "NGX001,SUP001"], cwd: dir)
        #expect(!TestSupport.read("\(dir)/nginx.conf").contains("disable-next-line"))
        #expect(TestSupport.read("\(dir)/nginx.conf").contains("location /stream {\n"))
    }

    @Test func baselineHidesKnownFindingsAndOnlyShrinks() throws {
        let dir = repo(["nginx.conf": Self.bad])
        let w = cli.sselint(["--select", "NGX001", "--write-baseline", "baseline.json"], cwd: dir)
        #expect(w.status == 0 && w.stderr.contains("wrote 3 findings"))
        #expect(cli.sselint(["--select", "NGX001", "--baseline", "baseline.json"], cwd: dir).status == 0)
        // Lines added above do not disturb it; a new finding still shows.
        let moved = "# new header\n" + Self.bad.replacingOccurrences(of: "location /static/ {\n            proxy_pass", with: "location /static/ {\n            proxy_pass") + "\n"
        TestSupport.write("\(dir)/nginx.conf", moved.replacingOccurrences(of: "location /agent/", with: "location /agent/stream/"))
        let out = try json(cli.sselint(["--select", "NGX001", "--baseline", "baseline.json", "--format", "json"], cwd: dir))
        let findings = out["findings"] as! [[String: Any]]
        #expect(findings.count == 1 && findings[0]["line"] as! Int == 23)
        #expect((out["staleBaseline"] as! [String]).count == 1, "the /agent/ entry no longer matches")
        #expect((out["suppressed"] as! [[String: Any]]).allSatisfy { $0["kind"] as! String == "baseline" })
        TestSupport.write("\(dir)/broken.json", "{\"tool\": \"sselint\", \"findings\": [")
        let broken = cli.sselint(["--baseline", "broken.json"], cwd: dir)
        #expect(broken.status == 2 && broken.stderr.contains("broken.json:"))
        TestSupport.write("\(dir)/other.json", "{\"a\": 1}")
        #expect(cli.sselint(["--baseline", "other.json"], cwd: dir).stderr.contains("not an sselint baseline"))
    }

    @Test func discoveryRespectsGitignoreAndListsFiles() throws {
        let dir = repo([
            ".gitignore": "build/\n*.local.conf\n!keep.local.conf\n",
            ".git/info/exclude": "scratch/\n",
            "nginx.conf": "events {}\nhttp { include conf.d/*.conf; }\n",
            "conf.d/site.conf": "server { listen 80; }\n",
            "build/nginx.conf": Self.bad, "scratch/nginx.conf": Self.bad,
            "x.local.conf": Self.bad, "keep.local.conf": "server { listen 81; }\n",
            "sub/.gitignore": "ignored.conf\n", "sub/ignored.conf": Self.bad,
        ])
        let list = cli.sselint(["--list-files"], cwd: dir)
        #expect(list.status == 0)
        #expect(list.stdout == "keep.local.conf\tnginx (entry config)\nnginx.conf\tnginx (entry config)\nconf.d/site.conf\tnginx (included from nginx.conf)\n"
                 || list.stdout == "nginx.conf\tnginx (entry config)\nconf.d/site.conf\tnginx (included from nginx.conf)\nkeep.local.conf\tnginx (entry config)\n",
                 "\(list.stdout)")
        #expect(cli.sselint([], cwd: dir).status == 0)
        #expect(cli.sselint(["--no-respect-gitignore"], cwd: dir).status == 1)
        // Outside a git work tree .gitignore means nothing.
        try FileManager.default.removeItem(atPath: "\(dir)/.git")
        #expect(cli.sselint([], cwd: dir).status == 1)
    }

    @Test func stdinWithAFilename() {
        let r = TestSupport.run(["sh", "-c", "\(CLITests.binary) - --stdin-filename deploy/nginx.conf --select NGX001 --no-color"], stdin: Self.bad)
        #expect(r.status == 1 && r.stdout.contains("deploy/nginx.conf:10:9: error[NGX001]"))
        #expect(TestSupport.run(["sh", "-c", "\(CLITests.binary) - --fix"], stdin: Self.bad).status == 2)
    }

    @Test func filesOfOtherInputsNamedExplicitlyAreSkipped() {
        let dir = repo(["app.py": "print('hi')\n", "supervisord.conf": "[program:x]\ncommand=uvicorn a:b --timeout-graceful-shutdown 5\n",
                        "Dockerfile": "FROM python\n", "redis.conf": "port 6379\nbind 127.0.0.1\n", "k8s.yaml": "kind: Pod\n"])
        let r = cli.sselint(["app.py", "supervisord.conf", "Dockerfile", "redis.conf", "k8s.yaml"], cwd: dir)
        #expect(r.status == 0, "\(r.stdout)")
    }

    static var havePreCommit: Bool {
        TestSupport.oracle(TestSupport.which("pre-commit") != nil, "pre-commit (pip install pre-commit)")
            && TestSupport.oracle(TestSupport.which("git") != nil, "git")
    }

    @Test func everyHookReadsTheSameFiles() {
        let text = TestSupport.read(TestSupport.packageRoot + "/.pre-commit-hooks.yaml")
        let ids = text.split(separator: "\n").filter { $0.hasPrefix("- id: ") }
        let files = text.split(separator: "\n").filter { $0.hasPrefix("  files: ") }
        #expect(ids == ["- id: sselint", "- id: sselint-system", "- id: sselint-swift"], "\(ids)")
        #expect(files.count == 3 && Set(files).count == 1, "\(files)")
    }

    /// The hook as a pre-commit user runs it, from this repository at its HEAD: the `sselint-system` hook with the
    /// binary this run tests on PATH (SSELINT_BIN, which `.ci/run` points at its release build, else the debug
    /// build), so no test builds sselint again. The `sselint` hook differs only in how pre-commit gets the binary.
    @Test(.enabled(if: havePreCommit), .timeLimit(.minutes(5))) func preCommitHook() async {
        let dir = repo(["deploy/nginx.conf": Self.bad, "app/main.py": "print('hi')\n"])
        let bin = ProcessInfo.processInfo.environment["SSELINT_BIN"].map(Path.absolute) ?? CLITests.binary
        let env = "PRE_COMMIT_HOME=\(dir)/.pre-commit-home PATH=\(Path.dirname(bin)):$PATH"
        func git(_ args: String) { TestSupport.run(["sh", "-c", "cd \(dir) && git -c user.email=t@t -c user.name=t \(args)"]) }
        let rev = TestSupport.run(["git", "-C", TestSupport.packageRoot, "rev-parse", "HEAD"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        TestSupport.write("\(dir)/.pre-commit-config.yaml", "repos:\n  - repo: \(TestSupport.packageRoot)\n    rev: \(rev)\n    hooks:\n      - id: sselint-system\n")
        git("init -q"); git("add ."); git("commit -qm init")
        let failing = await TestSupport.runDetached(["sh", "-c", "cd \(dir) && \(env) pre-commit run --all-files"], timeout: 240)
        #expect(failing.status == 1, "\(failing.stdout)\(failing.stderr)")
        #expect(failing.stdout.contains("error[NGX001]"))
        TestSupport.write("\(dir)/deploy/nginx.conf", TestSupport.read(TestSupport.packageRoot + "/samples/deployments/chat-streaming/nginx/conf.d/chat.conf"))
        git("add deploy")
        let passing = await TestSupport.runDetached(["sh", "-c", "cd \(dir) && \(env) pre-commit run --all-files"], timeout: 240)
        #expect(passing.status == 0, "\(passing.stdout)\(passing.stderr)")
    }
}
