import Foundation
import SSELintCore
import Testing

/// The location-regex matcher agrees with a backtracking engine (NSRegularExpression) on what nginx configs use,
/// and stays linear where backtracking explodes.
struct LinearRegexTests {
    static let patterns = [
        "^/api/(chat|stream)$", "\\.(php|phtml)$", "^/v1/chat/completions", "/events?/", "^/(?:sse|ws)/[a-z0-9_-]+$",
        "^/(?<name>[^/]+)/stream$", "^/api/v[0-9]{1,2}/", "\\.sse$", "^/files/.*\\.(jpg|png)$", "^/a{2,}b", "x|^/y$",
        "^/api/\\d+/events$", "[^/]\\.json$", "^$", "(a|)b", "^/caf[eé]",
    ]
    static let inputs = ["/api/chat", "/api/stream", "/api/chats", "/index.php", "/v1/chat/completions", "/events/1",
                         "/event/", "/sse/abc_1", "/ws/ABC", "/room/stream", "/api/v12/x", "/api/v123/x", "/x.SSE", "/x.sse",
                         "/files/a/b.png", "/aab", "/ab", "x", "/y", "/api/42/events", "a.json", "", "b", "/café"]

    @Test func agreesWithABacktrackingEngine() {
        for p in Self.patterns {
            for ci in [false, true] {
                guard let ours = LinearRegex(p, caseInsensitive: ci) else { Issue.record("\(p) not supported"); continue }
                guard let theirs = try? NSRegularExpression(pattern: p, options: ci ? [.caseInsensitive] : []) else { Issue.record("\(p): NSRegularExpression refuses it"); continue }
                for s in Self.inputs {
                    let expected = theirs.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
                    #expect(ours.matches(s) == expected, "\(p) (ci: \(ci)) on \(s)")
                }
            }
        }
    }

    @Test func unsupportedSyntaxIsRefusedNotGuessed() {
        for p in ["(a)\\1", "(?=x)", "(?!x)", "(?<=x)", "\\bword", "a**", "(", "[z-a]", "a{3,2}"] {
            #expect(LinearRegex(p) == nil, "\(p)")
        }
        #expect(LinearRegex(String(repeating: "(", count: 500) + "a" + String(repeating: ")", count: 500)) == nil, "nesting is capped")
        #expect(LinearRegex("(abc){9999}") == nil, "program size is capped")
    }

    @Test(.timeLimit(.minutes(1))) func catastrophicPatternsStayLinear() {
        let input = String(repeating: "a", count: 50_000) + "b"
        #expect(LinearRegex("^(a+)+$")?.matches(input) == false)
        #expect(LinearRegex("^((a|aa)*)*c$")?.matches(String(repeating: "a", count: 20_000)) == false)
    }
}
