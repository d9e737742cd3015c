import Foundation
import SSELint
import SSELintCore
import SSELintTestSupport
import Testing

/// What a run records about the files a config includes: each file listed once, in order, however many configs
/// include it; suppressions in included files applied and judged stale against the rules that ran there.
struct IncludedFileRunTests {
    /// A server whose /events location drops the server's add_header lines (NGX010 on its `add_header` line, 6).
    static func server(_ n: Int, comment: String = "") -> String {
        """
        server {
            listen \(8000 + n);
            add_header X-Frame-Options DENY always;
            location /events {
                proxy_pass http://app;
        \(comment.isEmpty ? "" : "        \(comment)\n")        add_header X-Accel-Buffering no;
            }
        }

        """
    }

    @Test func filesOnceAndSuppressionsInIncludedFiles() {
        let dir = TestSupport.temporaryDirectory("included-run")
        TestSupport.write("\(dir)/nginx.conf", "events {}\nhttp {\n    upstream app { server 127.0.0.1:8000; }\n    include conf.d/*.conf;\n}\n")
        // Another entry that includes one of the same files (and one of its own).
        TestSupport.write("\(dir)/other/main.conf", "events {}\nhttp {\n    upstream app { server 127.0.0.1:8000; }\n    include conf.d/b.conf;\n    include other/extra.inc;\n}\n")
        TestSupport.write("\(dir)/other/extra.inc", Self.server(9))
        TestSupport.write("\(dir)/conf.d/a.conf", Self.server(1, comment: "# sselint: disable=NGX010 -- the gateway adds them"))
        TestSupport.write("\(dir)/conf.d/b.conf", Self.server(2))
        // A suppression of a rule that ran here and found nothing on its line: stale (SUP001).
        TestSupport.write("\(dir)/conf.d/c.conf", Self.server(3).replacingOccurrences(of: "    listen", with: "    # sselint: disable=NGX001\n    listen"))
        let r = Linter(select: ["NGX010", "NGX001", "SUP001"]).lint([dir]).report
        let names = r.files.map { String($0.dropFirst(dir.count + 1)) }
        #expect(names == ["nginx.conf", "conf.d/a.conf", "conf.d/b.conf", "conf.d/c.conf", "other/main.conf", "other/extra.inc"], "\(names)")
        #expect(Set(r.files).count == r.files.count)
        let found = r.findings.map { "\($0.rule) \(String($0.range.file.path.dropFirst(dir.count + 1))):\($0.range.start.line)" }
        // (The same as before a run's files were listed without hashing: checked against that build's report.)
        #expect(found == ["NGX001 conf.d/a.conf:4", "NGX001 conf.d/b.conf:4", "NGX010 conf.d/b.conf:6", "SUP001 conf.d/c.conf:2",
                          "NGX001 conf.d/c.conf:5", "NGX010 conf.d/c.conf:7", "NGX001 other/extra.inc:4", "NGX010 other/extra.inc:6"], "\(found)")
        #expect(r.suppressed.map { "\($0.finding.rule) \(Path.basename($0.finding.range.file.path))" } == ["NGX010 a.conf"])
        #expect(r.errors.isEmpty, "\(r.errors)")
    }
}
