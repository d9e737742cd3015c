import Foundation
import SSELint
import SSELintCore
import SSELintLaunch
import SSELintTestSupport
import Testing

struct DockerfileTests {
    func parse(_ text: String) -> Result<LaunchFile, InputError> { DockerfileParser.parse(SourceFile(path: "Dockerfile", text: text)) }
    func servers(_ text: String) throws -> [ServerLaunch] { try parse(text).get().commands.compactMap(ServerLaunch.find) }

    @Test func finalStageEntrypointAndCmdCombine() throws {
        let s = try servers("""
            FROM python AS base
            CMD ["uvicorn", "dev:app", "--reload"]
            FROM base
            ENV WEB_CONCURRENCY=3 PORT=9000
            ENTRYPOINT ["python", "-m", "uvicorn"]
            CMD ["app:app", "--port", "${PORT}"]
            """)
        #expect(s.count == 1 && s[0].kind == .uvicorn && s[0].reload == nil)
        #expect(s[0].workers == 3 && s[0].options["port"]?.value == "${PORT}")
    }

    @Test func escapeDirectiveContinuationsAndVariables() throws {
        let s = try servers("""
            # escape=`
            FROM mcr.microsoft.com/windows/servercore
            ARG RELOAD=--reload
            ENV MODE=$RELOAD
            CMD uvicorn app:app `
              --workers=2 `
              $MODE
            """)
        #expect(s.count == 1 && s[0].workers == 2 && s[0].reload != nil)
    }

    @Test func gunicornWithUvicornWorkersAndFastapi() throws {
        let g = try servers(#"CMD gunicorn -w4 -k uvicorn_worker.UvicornWorker --graceful-timeout=20 app:app"#)[0]
        #expect(g.kind == .gunicorn && g.workers == 4 && g.usesUvicornWorker && g.options["graceful-timeout"]?.value == "20")
        let f = try servers(#"CMD ["fastapi", "dev", "main.py"]"#)[0]
        #expect(f.kind == .fastapiDev && f.reload != nil)
        #expect(try servers("CMD [\"./docker-entrypoint.sh\"]").isEmpty)
    }

    @Test func badInputGivesAClearError() {
        let cases: [(String, String, Int)] = [
            ("FROM x\nCMD [\"uvicorn\", app]\n", "exec form is not a valid JSON array", 2),
            ("FROM x\nCMD uvicorn 'app\n", "unterminated single quote", 2),
            ("FROM x\nCMD [\"uvicorn\"\n", "missing \"]\"", 2),
        ]
        for (text, message, line) in cases {
            guard case .failure(let e) = parse(text) else { Issue.record("\(text) parsed"); continue }
            #expect(e.message.contains(message) && e.line == line, "\(e)")
        }
        if case .success = DockerfileParser.parse(SourceFile(path: "Dockerfile", bytes: [0x7F, 0x45, 0, 1])) { Issue.record("binary parsed") }
    }

    @Test func aBrokenDockerfileDoesNotStopTheRun() throws {
        let dir = TestSupport.temporaryDirectory("sselint-docker")
        try FileManager.default.createDirectory(atPath: dir + "/api", withIntermediateDirectories: true)
        try "FROM x\nCMD [\"uvicorn\", app]\n".write(toFile: dir + "/Dockerfile", atomically: true, encoding: .utf8)
        try "FROM x\nCMD uvicorn app:app --reload\n".write(toFile: dir + "/api/Dockerfile", atomically: true, encoding: .utf8)
        let r = Linter(select: ["RUN001"]).lint([dir]).report
        #expect(r.errors.count == 1 && r.errors[0].path.hasSuffix("/Dockerfile") && r.errors[0].line == 2)
        #expect(r.findings.count == 1 && r.findings[0].range.file.path.hasSuffix("api/Dockerfile"))
    }
}
