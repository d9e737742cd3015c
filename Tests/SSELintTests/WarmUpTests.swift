@testable import SSELint
import SSELintCore
@testable import SSELintNginx
import Testing

/// The warm-up runs the sample through every stage of an nginx lint; it must keep doing so as rules change (a
/// sample that stopped parsing, or that no rule reports, would warm nothing up), and it must stay invisible to the
/// run: names nginx knows only, since an unknown name takes a process-wide key.
struct WarmUpTests {
    @Test func theSampleGoesThroughEveryStage() {
        #expect(WarmUp.run() > 0)
    }

    @Test func theSampleUsesOnlyNamesNginxKnows() throws {
        let file = try NginxParser.parse(SourceFile(path: "warm-up.conf", bytes: Array(WarmUp.sample.utf8))).get()
        var unknown: [String] = []
        func walk(_ list: [NginxDirective]) {
            for d in list {
                if NginxNames.knownName(d.nameKey) == nil { unknown.append(d.name) }
                walk(d.block ?? [])
            }
        }
        walk(file.directives)
        #expect(unknown.isEmpty, "\(unknown)")
        #expect(file.directiveCount > 20)
    }
}
