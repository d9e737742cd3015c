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
    /// Launch commands that run a Node server themselves (`next start`, the standalone `node server.js`, a container
    /// running the package's start script), and where.
    public private(set) var nodeServerLaunches: [SourceRange] = []
    /// The tree's package.json files.
    public var packages: [PackageJSON] = []

    init(apps: [AppFile], launches: [LaunchFile]) {
        for (fi, a) in apps.enumerated() {
            compression += a.compression.map { ($0, fi) }
            if let c = a.nextConfig { nextConfigs.append((c, fi)) }
            goDeadlines += a.goDeadlines.map { ($0, fi) }
            if !a.writeDeadlineResets.isEmpty { writeDeadlineResets.insert(fi) }
            goServerCount += a.goServers.count
        }
        for l in launches {
            for c in l.commands {
                var nextServerLaunch: SourceRange?
                let words = c.command.words.map(\.text)
                let next = words.firstIndex { $0 == "next" || $0.hasSuffix("/next") }
                if let n = next, n + 1 < words.count, words[n + 1] == "start" || words[n + 1] == "-p" {
                    nextServerLaunch = SourceRange(file: c.file, start: c.command.words[n].start, end: c.command.words[n + 1].end)
                } else if let n = words.firstIndex(where: { $0 == "node" || $0.hasSuffix("/node") }), n + 1 < words.count,
                          words[n + 1] == "server.js" || words[n + 1].hasSuffix("/server.js") {
                    nextServerLaunch = SourceRange(file: c.file, start: c.command.words[n].start, end: c.command.words[n + 1].end)
                } else if let first = words.first, ["npm", "pnpm", "yarn", "bun"].contains(Path.basename(first)),
                          let s = words.firstIndex(of: "start"), s <= 2, c.carrier == .dockerfile || c.carrier == .compose || c.carrier == .kubernetes || c.carrier == .procfile {
                    // A container or Procfile that runs the package's start script (`next start` in a Next app):
                    // the app serves itself, not on Vercel.
                    nextServerLaunch = SourceRange(file: c.file, start: c.command.words[0].start, end: c.command.words[s].end)
                }
                if let found = nextServerLaunch { nodeServerLaunches.append(found); break }
            }
        }
    }

    /// The launch that serves the Next.js app whose config is at `configPath`: one in its folder, above it (a
    /// root Dockerfile building a package) or below it.
    public func selfHostedLaunch(configPath: String) -> SourceRange? {
        let dir = Path.dirname(configPath)
        return nodeServerLaunches.first { l in
            let ld = Path.dirname(l.file.path)
            return ld == dir || Self.contains(ld, configPath) || Self.contains(dir, l.file.path)
        }
    }

    /// What a launch that runs a package script (`pnpm run start`) runs, from the package.json beside it.
    public func script(run launch: SourceRange) -> String? {
        // The words as written, shell form or exec form (`["pnpm", "run", "start"]`).
        let words = launch.file.text(launch.start.offset..<launch.end.offset).split { " \t\",[]'".contains($0) }
        guard let name = words.last.map(String.init), ["npm", "pnpm", "yarn", "bun"].contains(String(words.first ?? "")) else { return nil }
        let dir = Path.dirname(launch.file.path)
        return packages.first { Path.dirname($0.source.path) == dir }?.script(name)?.command
    }

    /// `dir` is `file`'s directory or one of its ancestors.
    public static func contains(_ dir: String, _ file: String) -> Bool {
        dir.isEmpty || dir == "." || file.hasPrefix(dir.hasSuffix("/") ? dir : dir + "/")
    }

    /// The directory a middleware added in `path` covers: its own, or the parent of a `src`/`server`/`lib` folder.
    static func reach(of path: String) -> String {
        let d = Path.dirname(path)
        return ["src", "server", "lib", "app"].contains(Path.basename(d)) ? Path.dirname(d) : d
    }
}
