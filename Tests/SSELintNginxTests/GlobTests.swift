import Foundation
@testable import SSELintCore
#if canImport(Glibc)
import Glibc
#endif
import SSELintTestSupport
import Testing

/// `include` globs are expanded from one directory listing where the wildcards are in the last part only; the
/// result must be glob(3)'s (with directories, and links to them, left out).
struct GlobTests {
    /// A compiled pattern turns segments away by its literal head and tail, and a `**` pattern a path that lacks
    /// one of its literal parts, before matching: the answers are those of matching every segment in full.
    @Test func shortcutsAnswerAsTheFullMatch() {
        let patterns = ["*compose.override.yml", "Dockerfile.dev", "dev-compose*.yml", "a?c", "[ab]*.x", "*", "x*y*z", "*.[ch]",
                        "[!a]bc", "foo[", "[]]x", "*]", "**/.vscode/**", "src/*.py", "a/**/b", "**/dev.sh", ".devcontainer/", "a*b?c*d"]
        let paths = ["docker-compose.override.yml", "/srv/app/compose.override.yml", "Dockerfile.dev", "x/Dockerfile.devx",
                     "dev-compose.yml", "dev-compose-a.yml", "abc", "a/c", "axc", "a.x", "b/bb.x", "c.x", "xyz", "xaybz", "xyzy", "m.c",
                     "m.h", "m.ch", "bbc", "abc", "foo[", "]x", "x]", ".vscode/settings.json", "p/.vscode/q", "vscode/x",
                     "src/a.py", "src/b/a.py", "a/b", "a/x/y/b", "b/a", "dev.sh", "scripts/dev.sh", ".devcontainer/Dockerfile",
                     "aXbYcZd", "abcd", "", "/", "ü*x", "é/compose.override.yml"]
        for p in patterns {
            let c = Glob.Compiled(p)
            for path in paths {
                let segments = Glob.segments(path)
                let full = c.name.map { n in segments.contains { Glob.matchSegment(n, $0) } } ?? Glob.matchParts(c.parts, segments)
                #expect(c.match(segments: segments) == full, "\(p) on \(path)")
                if c.name != nil, let last = segments.last {
                    let dir = Array(segments.dropLast())
                    let above = c.matchesAnySegment(dir)
                    #expect(above == dir.contains { Glob.matchSegment(c.name!, $0) }, "\(p) above \(path)")
                    #expect(c.match(entry: last, in: dir, above: above) == full, "\(p) entry \(path)")
                }
            }
        }
        #expect(Glob.match("*compose.override.yml", "/srv/docker-compose.override.yml") && !Glob.match("*compose.override.yml", "/srv/compose.yml"))
    }

    @Test func listingAgreesWithGlob() throws {
        let root = TestSupport.temporaryDirectory("glob")
        for f in ["a.conf", "b.conf", "c.txt", ".hidden.conf", "x[1].conf", "z.conf.bak", "sub/inner.conf", "d.conf/inside"] {
            TestSupport.write(root + "/conf.d/" + f, "# \(f)\n")
        }
        try FileManager.default.createSymbolicLink(atPath: root + "/conf.d/link-dir.conf", withDestinationPath: root + "/conf.d/sub")
        try FileManager.default.createSymbolicLink(atPath: root + "/conf.d/dangling.conf", withDestinationPath: root + "/nowhere")
        try FileManager.default.createSymbolicLink(atPath: root + "/conf.d/link-file.conf", withDestinationPath: root + "/conf.d/a.conf")
        let patterns = ["conf.d/*.conf", "conf.d/*", "conf.d/.*", "conf.d/[ab].conf", "conf.d/?.conf", "conf.d/x\\[1\\].conf",
                        "conf.d/*.conf*", "conf.d/nomatch*", "missing/*.conf", "conf.d/sub/*.conf", "conf.d/*/inner.conf",
                        "conf.d//*.conf", "conf.d/*.conf/", "conf.d/\u{301}*.conf"]
        var listed = 0
        for p in patterns {
            let pattern = root + "/" + p
            #expect(FileSystem.globNotDirectories(pattern) == FileSystem.globNotDirectoriesByGlob(pattern), "\(p)")
            listed += FileSystem.globNotDirectories(pattern).count
        }
        #expect(listed > 10)
        // A leading `//` is glob(3)'s to collapse.
        #expect(FileSystem.globNotDirectories("//tm?") == FileSystem.globNotDirectoriesByGlob("//tm?"))
        #expect(FileSystem.globNotDirectories(root + "/conf.d/*.conf").map { String($0.dropFirst(root.count)) }
                == ["/conf.d/a.conf", "/conf.d/b.conf", "/conf.d/dangling.conf", "/conf.d/link-file.conf", "/conf.d/x[1].conf"])
    }

    /// The batch of real paths (one lock, one directory lookup per run of files) says what `realPath` says of each
    /// file: listed plain files, links to files, to directories and to nowhere, missing files, `.` and `..`, files
    /// the caller vouches for, and runs of files that alternate between directories.
    @Test func realPathsAgreeWithRealPath() throws {
        let root = TestSupport.temporaryDirectory("realpaths")
        for f in ["conf.d/a.conf", "conf.d/b.conf", "other/c.conf", "real/d.conf"] { TestSupport.write(root + "/" + f, "# \(f)\n") }
        try FileManager.default.createSymbolicLink(atPath: root + "/conf.d/link.conf", withDestinationPath: root + "/other/c.conf")
        try FileManager.default.createSymbolicLink(atPath: root + "/conf.d/dangling.conf", withDestinationPath: root + "/nowhere")
        try FileManager.default.createSymbolicLink(atPath: root + "/linked", withDestinationPath: root + "/real")
        let listed = FileSystem.globNotDirectories(root + "/conf.d/*.conf")
        #expect(listed.count == 4)
        let paths = listed + [root + "/other/c.conf", root + "/conf.d/a.conf", root + "/linked/d.conf", root + "/missing/x.conf",
                              root + "/conf.d/.", root + "/conf.d/..", "relative/x.conf", root + "/other/c.conf",
                              "/sselint-vouched.conf", "bare.conf", root + "/conf.d/caf\u{e9}.conf", root + "/conf.d/.."]
        // Vouched for: files in the root directory and the working one, and a name that is not ASCII.
        for vouched in [Set<String>(), [root + "/linked/d.conf", root + "/other/c.conf", "/sselint-vouched.conf", "bare.conf",
                                        root + "/conf.d/caf\u{e9}.conf", root + "/conf.d/.."]] {
            let old = paths.map { (vouched.contains($0) ? FileSystem.realPathOfPlainFile($0) : FileSystem.realPath($0)) ?? $0 }
            #expect(FileSystem.realPaths(paths, plain: vouched.contains) == old)
        }
        #expect(FileSystem.realPaths(paths, plain: { _ in false })[3].hasSuffix("/other/c.conf"))  // link.conf
        // A second pattern over the same directory adds its plain files to those the first listed; asked out of
        // order, in another spelling of the directory, and between files of other directories.
        TestSupport.write(root + "/conf.d/e.inc", "# e\n")
        #expect(FileSystem.globNotDirectories(root + "/conf.d/*.inc").count == 1)
        let more = [root + "/conf.d/e.inc", root + "/conf.d/b.conf", root + "/other/c.conf", root + "/conf.d/a.conf",
                    root + "/conf.d/e.inc", root + "//conf.d/a.conf", root + "/conf.d/link.conf", root + "/conf.d/zz.conf"]
        let expected = more.map { FileSystem.realPath($0) ?? $0 }
        #expect(FileSystem.realPaths(more, plain: { _ in false }) == expected)
        #expect(expected[0] == FileSystem.realPath(root + "/conf.d")! + "/e.inc" && expected[7] == more[7])
    }

    /// Names matched against `*suffix` without fnmatch say what fnmatch says (FNM_PERIOD: a leading dot only by a
    /// dot); a name that is not ASCII, or another pattern, is left to fnmatch.
    @Test func starSuffixAgreesWithFnmatch() {
        let patterns = ["*", "*.conf", "*f", "*.", "*conf.d"]
        let names = ["a.conf", ".a.conf", "conf", ".conf", "x.conf.bak", "f", ".", "a.", "b.CONF", "conf.d", "xconf.d", "", "aaaaaaaaaaaaaaaaa.conf"]
        for p in patterns {
            let suffix = FileSystem.starSuffix(p)
            #expect(suffix != nil, "\(p)")
            for n in names where !n.isEmpty {
                let m = Array(n.utf8).withUnsafeBufferPointer { FileSystem.matchesStar($0, suffix: suffix!) }
                #expect(m == (fnmatch(p, n, FNM_PERIOD) == 0), "\(p) on \(n)")
            }
        }
        for p in ["*.c?nf", "a*", "*[ab]", "*\\*", "**", "*.conf\u{e9}", ""] { #expect(FileSystem.starSuffix(p) == nil, "\(p)") }
        #expect(Array("caf\u{e9}.conf".utf8).withUnsafeBufferPointer { FileSystem.matchesStar($0, suffix: Array(".conf".utf8)) } == nil)
    }
}

/// A walk asks the rules once per directory and then each entry by its name: the same answers as matching the
/// entry's whole path.
struct GlobEntryTests {
    @Test func entryMatchAgreesWithTheWholePath() {
        let patterns = ["*.o", "build", "a/b", "/a/b/c", "**/gen/**", "keep/*", "deep/**/d", "x[0-9]", "a/**", "**/b",
                        "a/*/c", "*", "?", "a/b/"]
        let dirs: [[String]] = [[], ["a"], ["a", "b"], ["a", "b", "c"], ["build"], ["src", "gen"], ["deep", "x", "y"], ["keep"]]
        let names = ["x.o", "b", "c", "gen", "d", "x1", "file.conf", "build"]
        for p in patterns {
            let c = Glob.Compiled(p)
            for d in dirs {
                let segs = d.map { Array($0.utf8) }
                let above = c.matchesAnySegment(segs)
                for n in names {
                    #expect(c.match(entry: Array(n.utf8), in: segs, above: above) == c.match(segments: segs + [Array(n.utf8)]),
                            "\(p) on \((d + [n]).joined(separator: "/"))")
                }
            }
        }
    }
}
