import Foundation
import SSELintCore
import SSELintTestSupport
import Testing

/// The wheel with the static binary (packaging/wheel/build.py), installed as a user without Swift would: a fresh
/// venv, PATH without the toolchain, then the `sselint` pre-commit hook (language: python) from this repository,
/// which installs that wheel. Uses the release build `.ci/run` makes (SSELINT_BIN); builds no Swift.
struct WheelTests {
    static var bin: String? { ProcessInfo.processInfo.environment["SSELINT_BIN"].map(Path.absolute) }

    /// A static release binary, python3 with venv, and binutils (objdump/readelf read its glibc needs).
    static var haveTools: Bool {
        TestSupport.oracle(bin != nil && TestSupport.which("objdump") != nil && TestSupport.which("readelf") != nil
            && TestSupport.run(["python3", "-c", "import venv, ensurepip"]).status == 0,
            "SSELINT_BIN (the static release build), python3 with venv, objdump and readelf (the wheel)")
    }

    /// PATH without the Swift toolchain (nor anything else from it): what a machine with Python only has.
    static let plainPath = "/usr/local/bin:/usr/bin:/bin"

    static func build(into dir: String) -> (status: Int32, wheel: String, stderr: String) {
        let r = TestSupport.run(["python3", TestSupport.packageRoot + "/packaging/wheel/build.py", "--binary", bin!, "--out", "\(dir)/dist"])
        return (r.status, r.stdout.trimmingCharacters(in: .whitespacesAndNewlines), r.stderr)
    }

    @Test func theVersionIsWrittenOnce() {
        // pyproject.toml (the pre-commit hook's project) pins the wheel of the same version.
        let pyproject = TestSupport.read(TestSupport.packageRoot + "/pyproject.toml")
        #expect(pyproject.contains("version = \"\(sselintVersion)\"") && pyproject.contains("\"sselint==\(sselintVersion)\""), "\(pyproject)")
    }

    @Test(.enabled(if: haveTools), .timeLimit(.minutes(5))) func theWheelInstallsAndRunsWithoutSwift() async throws {
        let dir = TestSupport.temporaryDirectory("wheel")
        let built = Self.build(into: dir)
        #expect(built.status == 0, "\(built.stderr)")
        let name = Path.basename(built.wheel)
        #expect(name.hasPrefix("sselint-\(sselintVersion)-py3-none-manylinux_2_") && name.hasSuffix(".whl"), "\(name)")
        // auditwheel (installed in CI) agrees with the tag build.py derived from the binary's glibc and libstdc++ needs.
        if TestSupport.which("auditwheel") != nil {
            let platform = String(name.split(separator: "-").last!.dropLast(4))
            let shown = TestSupport.run(["auditwheel", "show", built.wheel])
            #expect(shown.stdout.replacingOccurrences(of: "\n", with: " ").contains(platform), "\(shown.stdout)")
        }
        // Reproducible: the same bytes twice.
        let again = Self.build(into: "\(dir)/again")
        #expect(FileManager.default.contents(atPath: built.wheel) == FileManager.default.contents(atPath: again.wheel))

        let env = "PATH=\(dir)/venv/bin:\(Self.plainPath)"
        let venv = await TestSupport.runDetached(["sh", "-c", "python3 -m venv \(dir)/venv && \(env) pip install -q --no-index \(built.wheel)"], timeout: 240)
        #expect(venv.status == 0, "\(venv.stderr)")
        func run(_ cmd: String) -> (status: Int32, stdout: String, stderr: String) {
            TestSupport.run(["/usr/bin/env", "-i", "PATH=\(dir)/venv/bin:\(Self.plainPath)", "HOME=\(dir)", "sh", "-c", cmd], cwd: TestSupport.packageRoot)
        }
        #expect(run("command -v swift").status != 0, "the toolchain is hidden")
        #expect(run("command -v sselint").stdout.hasPrefix("\(dir)/venv/bin/"))
        #expect(run("sselint --version").stdout.trimmingCharacters(in: .whitespacesAndNewlines) == sselintVersion)
        #expect(run("python -m sselint --version").stdout.trimmingCharacters(in: .whitespacesAndNewlines) == sselintVersion)
        #expect(run("python -m sselint samples/nginx/NGX001/bad.conf").status == 1, "exit codes pass through python -m")
        let rules = run("sselint rules")
        #expect(rules.status == 0 && rules.stdout.contains("NGX001"))
        #expect(run("sselint samples/nginx/NGX001/bad.conf").status == 1)
        #expect(run("sselint samples/deployments/chat-streaming").status == 0)
    }

    /// The `sselint` hook as a user installs it from this repository at HEAD: pre-commit makes its own venv, installs
    /// pyproject.toml's project, and pip finds the sselint wheel. PIP_FIND_LINKS stands in for PyPI, where the
    /// release step publishes the wheel (not done from here: without it the hook cannot resolve sselint==VERSION).
    /// The first run, install included, is timed against the Swift hook's 312 s.
    @Test(.enabled(if: haveTools && GateTests.havePreCommit), .timeLimit(.minutes(6))) func thePythonPreCommitHookInstallsTheWheel() async throws {
        let dir = TestSupport.temporaryDirectory("wheel-hook")
        let built = Self.build(into: dir)
        #expect(built.status == 0, "\(built.stderr)")
        let repo = "\(dir)/repo"
        TestSupport.write("\(repo)/deploy/nginx.conf", TestSupport.read(TestSupport.packageRoot + "/samples/nginx/NGX001/bad.conf"))
        let rev = TestSupport.run(["git", "-C", TestSupport.packageRoot, "rev-parse", "HEAD"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        TestSupport.write("\(repo)/.pre-commit-config.yaml", "repos:\n  - repo: \(TestSupport.packageRoot)\n    rev: \(rev)\n    hooks:\n      - id: sselint\n")
        let git = "git -c user.email=t@t -c user.name=t"
        #expect(TestSupport.run(["sh", "-c", "cd \(repo) && \(git) init -q && \(git) add . && \(git) commit -qm init"]).status == 0)
        // pre-commit itself stays where it is installed; the hook's environment sees no Swift.
        let preCommit = TestSupport.which("pre-commit")!
        let env = "PATH=\(Path.dirname(preCommit)):\(Self.plainPath) PRE_COMMIT_HOME=\(dir)/cache PIP_FIND_LINKS=\(dir)/dist"
        let start = Date()
        let first = await TestSupport.runDetached(["sh", "-c", "cd \(repo) && env \(env) pre-commit run --all-files"], timeout: 300)
        let took = Date().timeIntervalSince(start)
        #expect(first.status == 1 && first.stdout.contains("error[NGX001]"), "\(first.stdout)\(first.stderr)")
        print("pre-commit: first run of the python hook (venv, wheel install, lint) took \(String(format: "%.1f", took)) s")
        #expect(took < 120, "first hook run took \(took) s")
        #expect(!TestSupport.run(["sh", "-c", "ls \(dir)/cache/*/ | head"]).stdout.isEmpty)
    }
}
