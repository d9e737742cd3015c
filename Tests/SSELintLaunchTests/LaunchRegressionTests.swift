import Foundation
import SSELint
import SSELintCore
import SSELintTestSupport
import Testing

/// Launch review findings, each pinned.
struct LaunchRegressionTests {
    func tree(_ files: [String: String]) -> String {
        let dir = TestSupport.temporaryDirectory()
        for (p, t) in files { TestSupport.write("\(dir)/\(p)", t) }
        return dir
    }
    func lint(_ dir: String, _ rules: [String]) -> Report { Linter(select: rules).lint([dir]).report }

    @Test(.timeLimit(.minutes(1))) func hostilePythonAndLongCommandsStayFast() {
        let dir = tree(["a.py": "import uvicorn\nuvicorn.run(app, workers=, reload=True)\n" + String(repeating: "time.sleep(\n", count: 10_000),
                        "Dockerfile": "FROM x\nCMD exec uvicorn " + String(repeating: "a ", count: 40_000) + "\n"])
        let r = lint(dir, ["RUN001", "RUN008"])
        // The app scanner reports what it cannot read (the first unclosed call) and the launch rules still judge.
        #expect(r.errors.map { "\(Path.basename($0.path)):\($0.line) \($0.message)" } == ["a.py:3 '(' is never closed"])
    }

    @Test func yamlAnchorsTagsAndNonASCIIGetNoAutomaticFix() {
        let dir = tree(["docker-compose.yml": "services:\n  api:\n    command: &cmd uvicorn app:app --reload --port 80\n  b:\n    image: \"é\"\n    command: \"uvicorn app:app --reload\"\n"])
        let r = lint(dir, ["RUN001"])
        #expect(r.findings.count == 2 && r.findings.allSatisfy { $0.fix?.safety == .display })
    }

    @Test func continuationAndSupervisordPercentNames() throws {
        let dir = tree(["Dockerfile": "FROM x\nENV UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN=5\nCMD uvicorn app:app --host 0.0.0.0 \\\n    --reload\nEXPOSE 8000\n",
                        "supervisord.conf": "[fcgi-program:api]\ncommand=uvicorn app:app --uds /tmp/%(program_name)s.sock --reload --workers 4\n"])
        let fixed = Linter(select: ["RUN001"]).lintAndFix([dir], unsafe: false)
        let docker = try #require(fixed.changes.first { $0.key.hasSuffix("Dockerfile") }?.value.after)
        #expect(String(decoding: docker, as: UTF8.self).hasSuffix("--host 0.0.0.0\nEXPOSE 8000\n"))
        #expect(lint(dir, ["RUN002"]).findings.count == 1)
    }

    @Test func wrappersKeywordsAndVariablesStillFindTheServer() {
        let dir = tree([
            "Dockerfile": "FROM x\nCMD [\"sh\", \"-c\", \"uvicorn main:app --reload\"]\n",
            "Procfile": "web: bash -c \"uvicorn main:app --reload --port $PORT\"\n",
            // Another app than the manifest's: a script that only restarts what a shipped file also runs is a
            // local helper (RUN004's good-local-helper sample).
            "run.sh": "#!/bin/sh\nwhile true; do uvicorn web:app --reload; done\n",
            "k8s.yaml": "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n    - name: x\n      command: [\"/bin/sh\", \"-c\"]\n      args:\n        - uvicorn app:app --reload --port 80\n",
        ])
        let r = lint(dir, ["RUN001"])
        #expect(r.findings.count == 4, "\(r.findings.map { "\($0.range.shortLocation)" })")
        let k8s = r.findings.first { $0.range.file.path.hasSuffix("k8s.yaml") }
        #expect(k8s?.fix?.safety == .safe && k8s?.range.text == "--reload")
    }

    @Test func dockerfileStagesArgsAndLateEnv() {
        let dir = tree([
            "a/Dockerfile": "FROM x\nARG WEB_CONCURRENCY=4\nCMD uvicorn app:app --reload --timeout-graceful-shutdown 5\n",
            "b/Dockerfile": "FROM x AS base\nENV UVICORN_RELOAD=true\nCMD uvicorn app:app\nFROM base AS prod\n",
            "c/Dockerfile": "FROM x\nCMD uvicorn app:app\nENV UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN=5\n",
        ])
        let r = lint(dir, ["RUN001", "RUN002", "RUN004"])
        #expect(!r.findings.contains { $0.rule == "RUN002" }, "ARG is not runtime environment")
        #expect(r.findings.contains { $0.rule == "RUN001" && $0.range.file.path.hasSuffix("b/Dockerfile") }, "the prod stage inherits base")
        #expect(!r.findings.contains { $0.rule == "RUN004" && $0.range.file.path.hasSuffix("c/Dockerfile") }, "ENV after CMD counts")
    }

    @Test func composeMergeKeysNullsConfigAndDevEntryPoints() {
        let dir = tree([
            "docker-compose.yml": "x-app: &app\n  command: uvicorn app:app --reload\nservices:\n  api:\n    <<: *app\n    environment:\n      AGENT_CANCEL_TIMEOUT:\n",
            "serve.py": "import uvicorn\nconfig = uvicorn.Config(app, workers=4)\n",
            "main.py": "import uvicorn\nif __name__ == \"__main__\":\n    uvicorn.run(\"main:app\", reload=True)\n",
            "Dockerfile": "FROM x\nCMD [\"uvicorn\", \"main:app\", \"--timeout-graceful-shutdown\", \"5\"]\n",
            "fastapi.Procfile": "web: fastapi dev main.py --no-reload\n",
        ])
        let r = lint(dir, ["RUN001", "RUN008", "CAN003", "RUN004"])
        #expect(r.findings.contains { $0.rule == "RUN001" && $0.range.file.path.hasSuffix("docker-compose.yml") })
        #expect(!r.findings.contains { $0.rule == "CAN003" })
        #expect(!r.findings.contains { $0.rule == "RUN008" }, "Config is not run(); main.py's __main__ is not what the image runs")
        #expect(!r.findings.contains { $0.rule == "RUN001" && $0.range.file.path.hasSuffix("fastapi.Procfile") })
    }

    @Test func messagesNameTheConstructOnTheLine() {
        let dir = tree([
            "serve.py": "import uvicorn\nif __name__ == \"__main__\":\n    config = uvicorn.Config(\"app:app\", port=8000)\n    uvicorn.Server(config).run()\n",
        ])
        let r = lint(dir, ["RUN004"])
        #expect(r.findings.map(\.message).allSatisfy { $0.hasPrefix("uvicorn.Config(…) without timeout_graceful_shutdown") }, "\(r.findings.map(\.message))")
        #expect(r.findings.count == 1)
    }
}
