import Foundation
import SSELint
import SSELintCore
import SSELintLaunch
import SSELintTestSupport
import Testing

/// Launch files from real projects, and hostile launch input: each lints or fails with a clear error.
struct LaunchCorpusTests {
    static var haveCorpus: Bool { TestSupport.oracle(TestSupport.shared != nil, "../shared/corpus") }

    @Test(.enabled(if: haveCorpus)) func corpusLaunchFilesAndK8sManifests() throws {
        let root = TestSupport.shared! + "/corpus"
        let e = FileManager.default.enumerator(atPath: root)!
        let files = e.compactMap { $0 as? String }.filter { $0.hasPrefix("launch/") || $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .map { "\(root)/\($0)" }.filter { var d: ObjCBool = false; return FileManager.default.fileExists(atPath: $0, isDirectory: &d) && !d.boolValue }
        #expect(files.count >= 12)
        var findings = 0
        for path in files {
            let r = Linter().lint([path]).report
            for err in r.errors { #expect(err.line >= 1 && !err.message.isEmpty, "\(path): \(err)") }
            findings += r.findings.count
        }
        // mem0's compose runs `uvicorn --reload` in production; the Procfiles and supervisord start uvicorn without a
        // graceful-shutdown bound.
        let mem0 = Linter(select: ["RUN001"]).lint(["\(root)/launch/mem0ai__mem0/server/docker-compose.yaml"]).report
        #expect(mem0.findings.count == 1 && mem0.findings[0].range.start.line == 21)
        #expect(findings >= 6)
    }

    @Test func badLaunchInputGivesClearErrors() throws {
        let dir = TestSupport.temporaryDirectory()
        let cases: [(String, String, String)] = [
            ("a/Dockerfile", "FROM x\nCMD [\"uvicorn\", app]\n", "exec form is not a valid JSON array"),
            ("b/docker-compose.yml", "services:\n\tapi:\n    command: uvicorn a:b\n", "not valid YAML"),
            ("c/docker-compose.yml", "services:\n  api:\n  command: [\n", "not valid YAML"),
            ("d/compose.yml", "services:\n  api:\n    command: 42\n", "command must be a string or a list"),
            ("e/run.sh", "exec uvicorn 'app\n", "unterminated single quote"),
            ("f/app.service", "[Service]\nExecStart=/usr/bin/uvicorn \"a:b\n", "unterminated double quote"),
        ]
        for (path, text, _) in cases { TestSupport.write("\(dir)/\(path)", text) }
        FileManager.default.createFile(atPath: "\(dir)/g/Dockerfile", contents: nil)
        try FileManager.default.createDirectory(atPath: "\(dir)/g", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: "\(dir)/g/Dockerfile", contents: Data([0x7F, 0x45, 0x4C, 0x46, 0, 0]))
        TestSupport.write("\(dir)/ok/Dockerfile", "FROM x\nCMD uvicorn a:b --reload\n")
        let r = Linter(select: ["RUN001"]).lint([dir]).report
        for (path, _, message) in cases {
            #expect(r.errors.contains { $0.path.hasSuffix(path) && $0.message.contains(message) && $0.line >= 1 }, "\(path): \(r.errors)")
        }
        #expect(r.errors.contains { $0.path.hasSuffix("g/Dockerfile") && $0.message.contains("binary") })
        #expect(r.findings.count == 1 && r.findings[0].range.file.path.hasSuffix("ok/Dockerfile"))
    }

    @Test(.timeLimit(.minutes(1))) func tenMegabyteShellScript() {
        let dir = TestSupport.temporaryDirectory()
        var script = "#!/bin/sh\n"
        let line = "echo 'padding padding padding padding padding padding padding padding' && true\n"
        while script.utf8.count < 10 << 20 { script += line }
        script += "exec uvicorn app:app --reload\n"
        TestSupport.write("\(dir)/start.sh", script)
        let r = Linter(select: ["RUN001"]).lint(["\(dir)/start.sh"]).report
        #expect(r.errors.isEmpty && r.findings.count == 1)
    }

    @Test func gunicornCommandLoadsItsConfig() {
        let dir = TestSupport.temporaryDirectory()
        TestSupport.write("\(dir)/deploy/gunicorn.conf.py", "workers = 4\nworker_class = \"uvicorn_worker.UvicornWorker\"\nreload = True\n")
        TestSupport.write("\(dir)/Dockerfile", "FROM python\nCMD [\"gunicorn\", \"-c\", \"deploy/gunicorn.conf.py\", \"app.main:app\"]\n")
        let r = Linter(select: ["RUN001", "RUN005"]).lint([dir]).report
        #expect(r.findings.map(\.rule).sorted() == ["RUN001", "RUN005"])
        #expect(r.findings.allSatisfy { $0.range.file.path.hasSuffix("Dockerfile") && $0.range.start.line == 2 })
        #expect(r.findings.first { $0.rule == "RUN001" }?.fix?.safety == .display)
        // Alone, the config is judged on its own.
        let alone = Linter(select: ["RUN001"]).lint(["\(dir)/deploy/gunicorn.conf.py"]).report
        #expect(alone.findings.count == 1 && alone.findings[0].range.start.line == 3)
    }
}
