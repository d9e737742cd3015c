import Foundation
@testable import SSELint
import SSELintCore
import Testing

/// A fix's scope is asked per directory; the answer must be the one asked of each file's own absolute path.
struct FixScopeTests {
    @Test func directoryAnswersAsTheFile() throws {
        let cwd = FileManager.default.currentDirectoryPath
        let rootPaths = [cwd, cwd + "/deploy", cwd + "/deploy/nginx.conf", "/", "/etc/nginx", cwd + "/sérvers", cwd + "/a\u{301}"]
        let names = ["s1.conf", "nginx.conf", ".", "..", "...", ".x", "\u{301}x.conf", "é.conf", "x\u{301}", "", "a"]
        let dirs = ["", ".", "..", "deploy", "deploy/", "./deploy", "deploy/../deploy", "deploy//conf.d", "/", "/etc/nginx", "/etc/nginx/conf.d",
                    cwd, cwd + "/deploy", cwd + "/../x", "sérvers", "a", "a\u{301}", "se\u{301}rvers", "/etc/../etc/nginx"]
        for k in 0..<rootPaths.count {
            for chosen in [[rootPaths[k]], Array(rootPaths.prefix(k + 1)), [rootPaths[k], "/nowhere"]] {
                let roots = chosen.map { (root: $0, prefix: $0.hasSuffix("/") ? $0 : $0 + "/") }
                var scope = FixScope()
                for _ in 0..<2 {  // the second pass answers from the memo
                    for d in dirs {
                        for n in names {
                            let path = d.isEmpty ? n : (d.hasSuffix("/") ? d + n : d + "/" + n)
                            #expect(scope.isInside(path, roots: roots) == FixScope.isInsideByItself(path, roots: roots), "\(path) under \(chosen)")
                        }
                    }
                }
            }
        }
    }
}

/// Shortcuts of the run's serial steps against what they stand for: a directory compared by bytes with the one
/// Path.dirname cuts, and membership asked one by one or through a table (Unicode-canonical either way).
struct SerialShortcutTests {
    @Test func directoryByBytesIsDirname() {
        let files = ["", "a", "/a", "/", "a/b", "a//b", "/x/y/z.conf", "dir/", "//a", "/é/x", "e\u{301}/x", "a/b/c"]
        let dirs = ["", "/", "a", "a/", "/x/y", "/x", "dir", "é", "e\u{301}", "a/b", "/é"]
        for f in files {
            #expect(ConfigResolver.isDirectory(Path.dirname(f), of: f), "\(f)")
            for d in dirs { #expect(ConfigResolver.isDirectory(d, of: f) == bytewiseEqual(d, Path.dirname(f)), "\(d) of \(f)") }
        }
    }

    @Test func membershipOneByOneIsTheTables() {
        let pool = (0..<20).map { "/srv/conf.d/s\($0).conf" } + ["/srv/caf\u{e9}.conf", "/srv/K.conf"]
        let asked = ["/srv/conf.d/s3.conf", "/srv/cafe\u{301}.conf", "/srv/\u{212A}.conf", "/srv/conf.d/s30.conf", "", "/srv/conf.d"]
        for n in 1...asked.count {
            let items = Array((asked + asked).prefix(n * 2))
            #expect(Linter.membership(of: items, in: pool) == items.map(Set(pool).contains), "\(n)")
        }
        #expect(Linter.membership(of: asked, in: pool) == [true, true, true, false, false, false])
    }
}
