import Foundation
import SSELintTestSupport
import Testing

/// RUN002 and RUN003 stay true to the uvicorn that is installed: it refuses --debug, and with --reload it ignores
/// --workers and says so.
struct UvicornOracleTests {
    static var haveUvicorn: Bool {
        TestSupport.oracle(TestSupport.run(["python3", "-m", "uvicorn", "--version"]).status == 0, "uvicorn (pip install uvicorn)")
    }

    func appDir() -> String {
        let dir = TestSupport.temporaryDirectory("sselint-uvicorn")
        TestSupport.write("\(dir)/app.py", "async def app(scope, receive, send):\n    pass\n")
        return dir
    }

    @Test(.enabled(if: haveUvicorn), .timeLimit(.minutes(2))) func debugFlagDoesNotStart() {
        let r = TestSupport.run(["python3", "-m", "uvicorn", "--debug", "app:app"], cwd: appDir(), timeout: 30)
        #expect(r.status == 2, "uvicorn --debug exited \(r.status)")
        #expect(r.stderr.contains("No such option") && r.stderr.contains("--debug"), "\(r.stderr)")
    }

    @Test(.enabled(if: haveUvicorn), .timeLimit(.minutes(2))) func reloadIgnoresWorkers() {
        // The reloader runs until stopped: stopped as soon as it printed the warning (or after 30 s without it).
        let warning = "\"workers\" flag is ignored when reloading is enabled."
        let r = TestSupport.run(["python3", "-m", "uvicorn", "--reload", "--workers", "2", "--host", "127.0.0.1", "--port", "0", "app:app"],
                                cwd: appDir(), timeout: 30, until: { $1.contains(warning) })
        #expect(r.stderr.contains(warning), "\(r.stderr)")
    }
}
