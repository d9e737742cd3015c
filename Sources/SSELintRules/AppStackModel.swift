import SSELintCore
import SSELintLaunch
import SSELintSource

/// What the app's own stack does to every response, across the scanned files: compression middleware (and which
/// responses it covers), Next.js configs and whether the Next app is self-hosted, and Go server deadlines.
/// Built once per run with the deployment.
public struct AppStackModel: Sendable {
    public private(set) var compression: [(use: CompressionUse, file: Int)] = []
    public private(set) var nextConfigs: [(config: NextConfig, file: Int)] = []
    public private(set) var goDeadlines: [(deadline: GoDeadline, file: Int)] = []
    /// Go files that clear a write deadline somewhere (`SetWriteDeadline`).
    public private(set) var writeDeadlineResets = Set<Int>()
    public private(set) var goServerCount = 0
    /// A launch command runs a Next.js server itself (`next start`, the standalone `node server.js`), and where.
    public private(set) var nextServerLaunch: SourceRange?

    init(apps: [AppFile], launches: [LaunchFile]) {
        for (fi, a) in apps.enumerated() {
            compression += a.compression.map { ($0, fi) }
            if let c = a.nextConfig { nextConfigs.append((c, fi)) }
            goDeadlines += a.goDeadlines.map { ($0, fi) }
            if !a.writeDeadlineResets.isEmpty { writeDeadlineResets.insert(fi) }
            goServerCount += a.goServers.count
        }
        for l in launches where nextServerLaunch == nil {
            for c in l.commands {
                let words = c.command.words.map(\.text)
                let next = words.firstIndex { $0 == "next" || $0.hasSuffix("/next") }
                if let n = next, n + 1 < words.count, words[n + 1] == "start" || words[n + 1] == "-p" {
                    nextServerLaunch = SourceRange(file: c.file, start: c.command.words[n].start, end: c.command.words[n + 1].end)
                } else if let n = words.firstIndex(where: { $0 == "node" || $0.hasSuffix("/node") }), n + 1 < words.count,
                          words[n + 1] == "server.js" || words[n + 1].hasSuffix("/server.js") {
                    nextServerLaunch = SourceRange(file: c.file, start: c.command.words[n].start, end: c.command.words[n + 1].end)
                }
                if nextServerLaunch != nil { break }
            }
        }
    }

    /// `dir` is `file`'s directory or one of its ancestors.
    static func contains(_ dir: String, _ file: String) -> Bool {
        dir.isEmpty || dir == "." || file.hasPrefix(dir.hasSuffix("/") ? dir : dir + "/")
    }

    /// The directory a middleware added in `path` covers: its own, or the parent of a `src`/`server`/`lib` folder.
    static func reach(of path: String) -> String {
        let d = Path.dirname(path)
        return ["src", "server", "lib", "app"].contains(Path.basename(d)) ? Path.dirname(d) : d
    }
}
