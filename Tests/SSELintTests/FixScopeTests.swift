import Foundation
@testable import SSELint
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
