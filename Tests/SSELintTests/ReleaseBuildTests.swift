import Foundation
import SSELintCore
import SSELintTestSupport
import Testing

/// The release build `.ci/run` makes with scripts/build-release.sh (SSELINT_BIN): the functions a run executes
/// (packaging/hot-functions.order) must sit together in it. Nothing else shows when they do not: SwiftPM keeps
/// objects made without function sections when the flag is added, and ignores a changed order file, and the binary
/// then works as before, with about 3.5 MiB more of it resident in every run (bench/README.md, ninth section).
struct ReleaseBuildTests {
    static var bin: String? { ProcessInfo.processInfo.environment["SSELINT_BIN"].map(Path.absolute) }
    static var haveTools: Bool {
        TestSupport.oracle(bin != nil && TestSupport.which("nm") != nil, "SSELINT_BIN (the release build) and nm")
    }

    @Test func theOrderFileNamesFunctionSections() {
        let lines = TestSupport.read(TestSupport.packageRoot + "/packaging/hot-functions.order").split(separator: "\n")
        #expect(lines.count > 1_000)
        #expect(lines.allSatisfy { $0.hasPrefix(".text.") }, "every entry is a function's section")
        #expect(Set(lines).count == lines.count, "no entry twice")
    }

    #if os(Linux)  // the order is gold's (scripts/build-release.sh orders nothing elsewhere)
    @Test(.enabled(if: Self.haveTools)) func theHotFunctionsSitTogether() {
        guard let bin = Self.bin else { Issue.record("SSELINT_BIN is not set"); return }
        // Where each function is in the binary (text symbols only).
        let nm = TestSupport.run(["nm", "--defined-only", bin])
        #expect(nm.status == 0, "\(nm.stderr)")
        var address: [Substring: UInt64] = [:]
        for line in nm.stdout.split(separator: "\n") {
            let p = line.split(separator: " ", maxSplits: 2)
            guard p.count == 3, p[1] == "t" || p[1] == "T", let a = UInt64(p[0], radix: 16) else { continue }
            address[p[2]] = a
        }
        // The 1,000 hottest functions: those made in sections of their own (sselint's, its packages' and most of the
        // standard library's) sit in one stretch; the others (Foundation's, the C runtime's) lie where their library
        // put them. Measured: 78% of them within one 2 MiB stretch, 35% in a build without the order.
        let hot = TestSupport.read(TestSupport.packageRoot + "/packaging/hot-functions.order").split(separator: "\n")
            .prefix(1_000).map { $0.dropFirst(".text.".count) }
        let found = hot.compactMap { address[$0] }.sorted()
        #expect(found.count >= hot.count * 3 / 4, "\(found.count) of \(hot.count) hot functions in the binary: is the order file stale?")
        var densest = 0, lo = 0
        for hi in found.indices {
            while found[hi] - found[lo] >= 2 << 20 { lo += 1 }
            densest = max(densest, hi - lo + 1)
        }
        #expect(densest * 3 >= found.count * 2,
                "\(densest) of \(found.count) hot functions within 2 MiB: built without scripts/build-release.sh's flags?")
    }
    #endif
}
