import Foundation
import SSELint
import SSELintCore
import SSELintTestSupport
import Testing

/// The caps a crafted input meets: file size, include depth, block nesting, and inputs built to make a careless
/// parser recurse or rescan. Each ends with a clear error (or a normal result), never a crash or a hang.
struct ResourceBoundsTests {
    let cli = CLITests()

    @Test func includeChainsLongerThanTheCapAreAnErrorAtTheIncludeLine() {
        let dir = TestSupport.temporaryDirectory()
        TestSupport.write("\(dir)/nginx.conf", "events {}\nhttp {\n    include c0.conf;\n}\n")
        for i in 0..<80 { TestSupport.write("\(dir)/c\(i).conf", "include c\(i + 1).conf;\n") }
        TestSupport.write("\(dir)/c80.conf", "server { listen 80; }\n")
        let r = cli.sselint(["--isolated", "\(dir)/nginx.conf"])
        #expect(r.status == 2 && r.stdout.contains("includes nested deeper than 64 files"), "\(r.stdout)")
        let raised = cli.sselint(["--isolated", "--max-include-depth", "100", "\(dir)/nginx.conf"])
        #expect(raised.status == 0, "\(raised.stdout)")
        #expect(cli.sselint(["--max-include-depth", "0", dir]).status == 2)
    }

    @Test func filesAboveTheSizeCapAreAnErrorAndTheRestIsLinted() {
        let dir = TestSupport.temporaryDirectory()
        TestSupport.write("\(dir)/big.conf", "events {}\n" + String(repeating: "# padding\n", count: 20_000))
        TestSupport.write("\(dir)/app.py", "import time\nasync def f():\n    time.sleep(1)\n")
        let r = cli.sselint(["--isolated", "--max-file-size", "4096", "--format", "json", dir])
        #expect(r.status == 2)
        #expect(r.stdout.contains("big.conf") && r.stdout.contains("PY002"), "\(r.stdout)")
    }

    /// Positions are 32-bit: a file of 4 GiB is refused at its size, even under a --max-file-size that allows it (a
    /// sparse file: nothing is written or read).
    @Test func filesOf4GiBAreRefusedWhateverTheLimit() throws {
        let path = TestSupport.temporaryDirectory() + "/huge.conf"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(UInt32.max))
        try handle.close()
        guard case .failure(let e) = FileSystem.read(path, limit: Int.max) else { Issue.record("a 4 GiB file was read"); return }
        #expect(e.message == "file is 4294967295 bytes, above the 4294967294 bytes sselint can read", "\(e.message)")
        if case .failure = FileSystem.read(path, limit: 1 << 20) {} else { Issue.record("the limit no longer applies") }
        try FileManager.default.removeItem(atPath: path)
    }

    /// Yams composes recursively: the kubernetes fuzzer overflowed the stack with 4,821 `[`. Flow brackets, indentation
    /// and compact `- - -` lists deeper than any manifest needs are input errors at their line; the other files and
    /// compose aliases (`<<: *defaults`) still work.
    @Test func yamlNestedBeyondTheCapIsAnErrorNotAStackOverflow() {
        let dir = TestSupport.temporaryDirectory()
        let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n"
        TestSupport.write("\(dir)/flow/deploy.yaml", pod + "    - name: a\n      args: " + String(repeating: "[", count: 100_000) + "\n")
        TestSupport.write("\(dir)/compact/deploy.yaml", pod + "    - " + String(repeating: "- ", count: 100_000) + "x\n")
        TestSupport.write("\(dir)/indent/compose.yaml", "services:\n  app:\n" + (1...300).map { String(repeating: " ", count: $0 + 3) + "k\($0):\n" }.joined())
        TestSupport.write("\(dir)/ok/compose.yaml", "x-app: &app\n  command: uvicorn main:app --reload\nservices:\n  api:\n    <<: *app\n")
        let r = cli.sselint(["--isolated", dir])
        #expect(r.status == 2, "\(r.stdout)")
        #expect(r.stdout.contains("flow/deploy.yaml:8:1: input-error YAML nested deeper than 64 levels"), "\(r.stdout)")
        #expect(r.stdout.contains("compact/deploy.yaml:7:1: input-error YAML nested deeper than sselint reads"), "\(r.stdout)")
        #expect(r.stdout.contains("indent/compose.yaml:") && r.stdout.contains("input-error YAML nested deeper than sselint reads"), "\(r.stdout)")
        #expect(r.stdout.contains("ok/compose.yaml:2:") && r.stdout.contains("RUN001"), "\(r.stdout)")
    }

    @Test(.timeLimit(.minutes(1))) func craftedInputsStayLinear() {
        let dir = TestSupport.temporaryDirectory()
        // Deep brackets and strings in Python, a huge route table, many sibling locations with regexes, and an
        // f-string of 10^5 nested-looking braces.
        TestSupport.write("\(dir)/deep.py", String(repeating: "(", count: 50_000) + "\n" + String(repeating: "f\"{'{'}\" ", count: 20_000) + "\n")
        var routes = "from fastapi import FastAPI\napp = FastAPI()\n"
        for i in 0..<2_000 { routes += "@app.get(\"/r\(i)/{x}\")\nasync def r\(i)():\n    return StreamingResponse(g(), media_type=\"text/event-stream\")\n" }
        TestSupport.write("\(dir)/routes.py", routes)
        var conf = "events {}\nhttp {\n    server {\n        listen 80;\n"
        for i in 0..<300 { conf += "        location ~ ^/r\(i)/(a+)+$ { proxy_pass http://127.0.0.1:8000; }\n        location /r\(i)/ { proxy_pass http://127.0.0.1:8000; }\n" }
        conf += "    }\n}\n"
        TestSupport.write("\(dir)/nginx.conf", conf)
        let report = Linter().lint([dir]).report
        #expect(report.errors.contains { $0.path.hasSuffix("deep.py") })
        #expect(report.findings.contains { $0.rule == "HDR006" })
    }
}

/// Many files are read and parsed on all cores; the report must not depend on which finished first.
struct ParallelOrderTests {
    @Test func reportsAreIdenticalRunAfterRun() {
        let dir = TestSupport.temporaryDirectory()
        for i in 0..<60 {
            TestSupport.write("\(dir)/conf.d/s\(i).conf", "server {\n    listen 80;\n    location /api/chat\(i) {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n")
            TestSupport.write("\(dir)/app\(i)/main.py", "import time\nasync def f():\n    time.sleep(\(i))\n")
            TestSupport.write("\(dir)/svc\(i)/Dockerfile", "FROM python\nCMD uvicorn app:app --reload\n")
        }
        let render = { () -> [String] in
            Linter().lint([dir]).report.findings.map { "\($0.rule) \($0.range.file.path):\($0.range.start.line) \($0.message)" }
        }
        let first = render()
        #expect(first.count >= 180)
        for _ in 0..<3 { #expect(render() == first) }
    }
}
