import Foundation
import SSELint
import SSELintCore
import SSELintTestSupport
import Testing

/// `--fix` never loses data: a file edited meanwhile, read-only, hard-linked or owned by someone else is left as it
/// is with an error naming it; its findings stay in the report and its fixes are not counted.
struct FixSafetyTests {
    static let bad = TestSupport.read(CLITests.bad)
    let cli = CLITests()

    func fixture() -> (dir: String, path: String) {
        let dir = TestSupport.temporaryDirectory("fix-safety")
        TestSupport.write("\(dir)/nginx.conf", Self.bad)
        return (dir, "\(dir)/nginx.conf")
    }

    @Test func aFileEditedWhileFixingIsNotOverwritten() throws {
        let (_, path) = fixture()
        let result = Linter(select: ["NGX001"]).lintAndFix([path], unsafe: false)
        let before = result.initial.findings.count
        #expect(result.changes.count == 1 && before == 3 && result.report.fixesApplied == before && result.report.findings.isEmpty)
        // Someone saves the file between sselint's read and its write.
        TestSupport.write(path, Self.bad + "# edited meanwhile\n")
        let errors = Linter.write(result.changes)
        #expect(errors.map(\.message) == ["changed on disk while sselint ran; not rewritten"], "\(errors)")
        #expect(TestSupport.read(path) == Self.bad + "# edited meanwhile\n")
        let report = result.afterWriting(errors)
        #expect(report.fixesApplied == 0)
        #expect(report.findings.map(\.rule) == Array(repeating: "NGX001", count: before), "the findings stay: nothing was fixed")
        #expect(report.errors.count == 1 && report.errors[0].path == path)
    }

    @Test func aFileRemovedWhileFixingIsNotRecreated() throws {
        let (dir, path) = fixture()
        let result = Linter(select: ["NGX001"]).lintAndFix([path], unsafe: false)
        unlink(path)
        let errors = Linter.write(result.changes)
        #expect(errors.map(\.message) == ["was removed while sselint ran; not rewritten"], "\(errors)")
        #expect(FileSystem.kind(path) == .missing)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty, "no temporary file left")
    }

    @Test func aReadOnlyFileIsNotRewritten() {
        let (dir, path) = fixture()
        chmod(path, 0o444)
        let r = cli.sselint(["--fix", "--select", "NGX001", "nginx.conf"], cwd: dir)
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("nginx.conf:1:1: input-error is read-only; not rewritten") || r.stdout.contains("is read-only; not rewritten"), "\(r.stdout)")
        #expect(r.stdout.contains("error[NGX001]") && !r.stdout.contains(" fixed"), "\(r.stdout)")
        #expect(TestSupport.read(path) == Self.bad)
    }

    @Test func aHardLinkIsNotSplit() throws {
        let (dir, path) = fixture()
        #expect(link(path, "\(dir)/other-name.conf") == 0)
        let r = cli.sselint(["--fix", "--select", "NGX001", "nginx.conf"], cwd: dir)
        #expect(r.status == 2 && r.stdout.contains("hard links"), "\(r.stdout)")
        #expect(TestSupport.read(path) == Self.bad && TestSupport.read("\(dir)/other-name.conf") == Self.bad)
        var a = stat(), b = stat()
        stat(path, &a); stat("\(dir)/other-name.conf", &b)
        #expect(a.st_ino == b.st_ino, "still one file with two names")
    }

    @Test(.enabled(if: getuid() == 0, "changing a file's owner needs root")) func theOwnerIsKept() throws {
        let (dir, path) = fixture()
        #expect(chown(path, 4242, 4343) == 0)
        let r = cli.sselint(["--fix", "--select", "NGX001", "nginx.conf"], cwd: dir)
        #expect(r.status == 0, "\(r.stdout)")
        var st = stat()
        stat(path, &st)
        #expect(st.st_uid == 4242 && st.st_gid == 4343)
        #expect(TestSupport.read(path).contains("proxy_buffering off;"))
    }

    @Test func diffExitsOneWhenItWouldFixAndSaysSo() {
        let (dir, path) = fixture()
        let r = cli.sselint(["--diff", "--select", "NGX001", "nginx.conf"], cwd: dir)
        #expect(r.status == 1 && r.stderr.contains("would fix 3 findings in 1 file") && !r.stdout.contains("; 3 fixed"), "\(r.status) \(r.stdout) \(r.stderr)")
        #expect(TestSupport.read(path) == Self.bad)
        let fixed = cli.sselint(["--fix", "--select", "NGX001", "nginx.conf"], cwd: dir)
        #expect(fixed.status == 0 && fixed.stdout.contains("; 3 fixed"), "\(fixed.stdout)")
        #expect(cli.sselint(["--diff", "--select", "NGX001", "nginx.conf"], cwd: dir).status == 0, "nothing left to fix")
    }
}
