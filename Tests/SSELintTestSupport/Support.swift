import Foundation
import SSELintCore

/// Paths and oracles the tests share.
///
/// Two tiers. `swift test` runs the unit, sample, catalog, CLI and fuzz-regression tests: no external tool, server
/// or release build, whatever happens to be installed. Integration tests (real nginx and uvicorn servers, nginx -t,
/// crossplane, the pre-commit hook, the corpora in ../shared, SARIF schema validation) go through `oracle(_:_:)` and
/// run only with SSELINT_INTEGRATION=1 or SSELINT_REQUIRE_ORACLES=1 (`.ci/run` sets both); with the latter a missing
/// tool fails the test instead of skipping it.
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

    /// Whether the integration tier was asked for.
    public static var integration: Bool {
        let env = ProcessInfo.processInfo.environment
        return env["SSELINT_INTEGRATION"] == "1" || oraclesRequired
    }

    private static let skipLock = NSLock()
    nonisolated(unsafe) private static var skipped: Set<String> = []

    /// Whether an integration test should run: the tier was asked for and the tool is there (or CI requires it, and
    /// the test then fails loudly). Each reason to skip is printed once.
    public static func oracle(_ available: @autoclosure () -> Bool, _ what: String) -> Bool {
        guard integration else {
            note("SKIP: integration tests (set SSELINT_INTEGRATION=1 to run them, as .ci/run does)")
            return false
        }
        let ok = available()
        if !ok && !oraclesRequired { note("SKIP: \(what) is not installed (set SSELINT_REQUIRE_ORACLES=1 to make this a failure)") }
        return ok || oraclesRequired
    }

    private static func note(_ line: String) {
        skipLock.lock(); defer { skipLock.unlock() }
        if skipped.insert(line).inserted { print(line) }
    }

    public static var pythonHasCrossplane: Bool { run(["python3", "-c", "import crossplane"]).status == 0 }

    @discardableResult
    /// Runs a command to its end, or until `timeout`, or until `until` holds for what it printed so far (stdout,
    /// stderr): a server that runs until stopped is stopped as soon as it said what the test waits for.
    public static func run(_ argv: [String], cwd: String? = nil, stdin: String? = nil, timeout: TimeInterval = 120,
                           until: ((String, String) -> Bool)? = nil) -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = argv
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out; p.standardError = err; p.standardInput = inp
        do { try p.run() } catch { return (127, "", "\(error)") }
        if let stdin { inp.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? inp.fileHandleForWriting.close()
        // Both pipes read concurrently as data comes (a chatty child never blocks on a full pipe), each on a thread
        // of its own: on the global queue, whose threads other tests' readers of long-lived children held blocked, a
        // reader could start after the 5 s wait below gave up, and a finished command's output came back empty.
        let lock = NSLock()
        nonisolated(unsafe) var o = Data(), e = Data()
        let group = DispatchGroup()
        for (pipe, isOut) in [(out, true), (err, false)] {
            group.enter()
            Thread {
                let h = pipe.fileHandleForReading
                while true {
                    let chunk = h.availableData
                    if chunk.isEmpty { break }
                    lock.lock(); if isOut { o.append(chunk) } else { e.append(chunk) }; lock.unlock()
                }
                group.leave()
            }.start()
        }
        let text = { () -> (String, String) in
            lock.lock(); defer { lock.unlock() }
            return (String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
        }
        let deadline = Date().addingTimeInterval(timeout)
        var reached = false
        while p.isRunning && Date() < deadline {
            if let until { let (so, se) = text(); if until(so, se) { reached = true; break } }
            usleep(10_000)
        }
        if p.isRunning {
            // Stop it and keep what it printed (a server that runs until stopped is judged by its output).
            // A child spawned from a worker thread inherits its blocked signals and may never see SIGTERM.
            p.terminate()
            let grace = Date().addingTimeInterval(2)
            while p.isRunning && Date() < grace { usleep(10_000) }
            if p.isRunning { kill(p.processIdentifier, SIGKILL) }
            // A grandchild (uvicorn's reloaded server) may still hold the pipes open: do not wait for it forever.
            p.waitUntilExit(); _ = group.wait(timeout: .now() + 5)
            let (so, se) = text()
            return (-1, so, reached ? se : se + "\n[stopped after \(timeout)s]")
        }
        _ = group.wait(timeout: .now() + 5)
        p.waitUntilExit()
        let (so, se) = text()
        return (p.terminationStatus, so, se)
    }

    /// `run` on a thread of its own: a test that waits minutes for a child (real servers, a release build) must
    /// not hold one of swift-testing's cooperative threads, of which a 2-core machine has two; two such tests would
    /// stall every other test past its time limit.
    public static func runDetached(_ argv: [String], cwd: String? = nil, timeout: TimeInterval = 120) async -> (status: Int32, stdout: String, stderr: String) {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: run(argv, cwd: cwd, timeout: timeout)) }.start()
        }
    }

    /// One folder per test process for every temporary directory, removed when the process exits: a test run
    /// used to leave a hundred folders in /tmp.
    private static let temporaryRoot: String = {
        let root = NSTemporaryDirectory() + "sselint-tests-\(getpid())"
        try? FileManager.default.removeItem(atPath: root)
        atexit { try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + "sselint-tests-\(getpid())") }
        return root
    }()

    public static func temporaryDirectory(_ name: String = "sselint-test") -> String {
        let dir = temporaryRoot + "/\(name)-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    public static func write(_ path: String, _ text: String) {
        try! FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    public static func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    /// The smallest FastAPI app that streams text/event-stream at `route`: the app side of a deployment for rules
    /// that judge what stands in front of a stream.
    public static func sseApp(_ route: String, method: String = "get") -> String {
        #"""
        from fastapi import FastAPI
        from fastapi.responses import StreamingResponse
        app = FastAPI()

        async def gen():
            yield "data: hi\n\n"

        @app.\#(method)("\#(route)")
        async def stream():
            return StreamingResponse(gen(), media_type="text/event-stream")
        """#
    }

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
