import Foundation
import SSELintTestSupport
import Testing

/// A file named alone gets the verdict its project gives: for every file of both demo deployments, `sselint FILE`
/// (from the project, from a subdirectory, from the repository and from elsewhere; relative and absolute) yields
/// exactly the findings `sselint .` reports for that file in the project.
struct ProjectContextTests {
    typealias Key = String

    /// Findings of one run for one file, with paths in messages made project-relative, so that runs that spell the
    /// project differently compare equal.
    static func findings(_ args: [String], cwd: String, root: String, file: String) throws -> [Key] {
        let r = TestSupport.run([CLITests.binary, "--format", "json"] + args, cwd: cwd)
        #expect(r.status == 0 || r.status == 1, "\(args) in \(cwd): \(r.stderr)")
        let parsed = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
        let json = try #require(parsed as? [String: Any])
        let all = try #require(json["findings"] as? [[String: Any]])
        let rel = root.hasPrefix(cwd + "/") ? String(root.dropFirst(cwd.count + 1)) + "/" : nil
        return all.compactMap { f -> Key? in
            guard let p = f["path"] as? String else { return nil }
            let abs = p.hasPrefix("/") ? p : (cwd + "/" + p)
            guard (abs as NSString).standardizingPath == file else { return nil }
            var message = (f["message"] as? String ?? "").replacingOccurrences(of: root + "/", with: "")
            if let rel { message = message.replacingOccurrences(of: rel, with: "") }
            return "\(f["rule"] ?? "?"):\(f["line"] ?? 0):\(f["column"] ?? 0) \(message)"
        }.sorted()
    }

    @Test(arguments: ["chat-buffered", "chat-streaming"])
    func aFileNamedAloneGetsItsProjectsVerdict(_ demo: String) throws {
        let root = TestSupport.packageRoot + "/samples/deployments/" + demo
        let files = try FileManager.default.subpathsOfDirectory(atPath: root)
            .filter { !$0.hasSuffix(".md") && !$0.hasPrefix(".") && !$0.contains("__pycache__") }
            .map { root + "/" + $0 }
            .filter { var d: ObjCBool = false; return FileManager.default.fileExists(atPath: $0, isDirectory: &d) && !d.boolValue }
        #expect(files.count >= 5)
        var judged = 0
        for file in files {
            let whole = try Self.findings(["."], cwd: root, root: root, file: file)
            judged += whole.count
            let dir = (file as NSString).deletingLastPathComponent
            for cwd in [root, dir, TestSupport.packageRoot, NSTemporaryDirectory().hasSuffix("/") ? String(NSTemporaryDirectory().dropLast()) : NSTemporaryDirectory()] {
                var spellings = [file]
                if file.hasPrefix(cwd + "/") { spellings.append(String(file.dropFirst(cwd.count + 1))) }
                for spelled in spellings {
                    let alone = try Self.findings([spelled], cwd: cwd, root: root, file: file)
                    #expect(alone == whole, "sselint \(spelled) in \(cwd):\n\(alone.joined(separator: "\n"))\nsselint . in \(root):\n\(whole.joined(separator: "\n"))")
                }
            }
        }
        // The comparison means something only if the project has findings (the streaming demo is the clean one), and
        // the snippet needs its includer.
        if demo == "chat-buffered" {
            #expect(judged > 5)
            let chat = root + "/nginx/conf.d/chat.conf"
            let alone = try Self.findings(["--no-project", chat], cwd: root, root: root, file: chat)
            #expect(alone != (try Self.findings(["."], cwd: root, root: root, file: chat)), "--no-project judges the file without its project")
        }
    }

    @Test func aNamedConfigReportsItsIncludesAndFixturesAreNotCountedTwice() {
        let dir = TestSupport.temporaryDirectory("project")
        TestSupport.write("\(dir)/.sselint.yml", "fail-on: warning\n")
        TestSupport.write("\(dir)/nginx.conf", "events {}\nhttp { include conf.d/*.conf; }\n")
        TestSupport.write("\(dir)/conf.d/site.conf", "server { listen 80; location /api/stream { proxy_pass http://a:8000; } }\n")
        TestSupport.write("\(dir)/fixtures/.sselint.yml", "project: false\n")
        TestSupport.write("\(dir)/fixtures/bad.conf", "server { listen 80; location /api/stream { proxy_pass http://a:8000; } }\n")
        let r = TestSupport.run([CLITests.binary, "nginx.conf", "fixtures/bad.conf"], cwd: dir)
        let lines = r.stdout.split(separator: "\n").filter { $0.contains("[NGX001]") }.map { String($0.prefix { $0 != " " }) }
        #expect(lines.sorted() == ["conf.d/site.conf:1:21:", "fixtures/bad.conf:1:21:"], "\(r.stdout)")
    }
}
