import Foundation
import SSELintCore

/// Paths and oracles the tests share. Oracle tests skip with a message when a tool is missing, unless
/// SSELINT_REQUIRE_ORACLES=1 (CI), where a missing tool is a failure.
public enum TestSupport {
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `../shared` beside the clone: the corpus, schemas and benchmarks (absent in a user's clone).
    public static var shared: String? {
        let p = Path.normalize(packageRoot + "/../shared")
        return FileSystem.kind(p + "/corpus") == .directory ? p : nil
    }

    public static var oraclesRequired: Bool { ProcessInfo.processInfo.environment["SSELINT_REQUIRE_ORACLES"] == "1" }

    public static func which(_ tool: String) -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/sbin:/sbin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Whether an oracle test should run: the tool is there, or CI requires it (and the test then fails loudly).
    public static func oracle(_ available: Bool, _ what: String) -> Bool {
        if !available && !oraclesRequired {
            print("SKIP: \(what) is not installed (set SSELINT_REQUIRE_ORACLES=1 to make this a failure)")
        }
        return available || oraclesRequired
    }

    public static var pythonHasCrossplane: Bool { run(["python3", "-c", "import crossplane"]).status == 0 }

    @discardableResult
    public static func run(_ argv: [String], cwd: String? = nil, stdin: String? = nil, timeout: TimeInterval = 120) -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = argv
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out; p.standardError = err; p.standardInput = inp
        do { try p.run() } catch { return (127, "", "\(error)") }
        if let stdin { inp.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? inp.fileHandleForWriting.close()
        // Read both pipes concurrently so a chatty child never blocks on a full pipe.
        nonisolated(unsafe) var o = Data(), e = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { o = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { e = err.fileHandleForReading.readDataToEndOfFile() }
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { usleep(10_000) }
        if p.isRunning {
            // Stop it and keep what it printed (a server that runs until stopped is judged by its output).
            p.terminate(); p.waitUntilExit(); group.wait()
            return (-1, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self) + "\n[stopped after \(timeout)s]")
        }
        group.wait()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// `run` on a thread of its own: a test that waits minutes for a child (real servers, a release build) must
    /// not hold one of swift-testing's cooperative threads, of which a 2-core machine has two; two such tests would
    /// stall every other test past its time limit.
    public static func runDetached(_ argv: [String], cwd: String? = nil, timeout: TimeInterval = 120) async -> (status: Int32, stdout: String, stderr: String) {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: run(argv, cwd: cwd, timeout: timeout)) }.start()
        }
    }

    public static func temporaryDirectory(_ name: String = "sselint-test") -> String {
        let dir = NSTemporaryDirectory() + "\(name)-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    public static func write(_ path: String, _ text: String) {
        try! FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    public static func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    /// `nginx -t` on a config (a snippet is wrapped in events/http/server first). Returns nil when it passes.
    public static func nginxCheck(_ text: String) -> String? {
        guard let nginx = which("nginx") else { return "nginx is not installed" }
        let dir = temporaryDirectory("sselint-nginx-t")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var conf = text
        if !text.contains("events") {
            conf = text.contains("server {") || text.contains("server{")
                ? "events {}\nhttp {\n\(text)\n}\n" : "events {}\nhttp {\nserver {\nlisten 18080;\n\(text)\n}\n}\n"
        }
        conf = "pid \(dir)/nginx.pid;\n" + conf
        write(dir + "/nginx.conf", conf)
        let r = run([nginx, "-t", "-q", "-p", dir + "/", "-c", dir + "/nginx.conf", "-e", dir + "/error.log"])
        return r.status == 0 ? nil : r.stderr + read(dir + "/error.log")
    }
}
