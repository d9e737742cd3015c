@preconcurrency import Yams
import SSELintCore

/// A Node package's manifest as the stream rules need it: its scripts (what `npm start` runs) and its
/// dependencies with their version ranges, with positions. Read as YAML (JSON is YAML's flow style), so a broken
/// file is an input error at its line and column.
public struct PackageJSON: Sendable {
    public struct Script: Sendable {
        public let name: String
        public let command: String
        public let range: Range<Int>
    }
    public let source: SourceFile
    public var scripts: [Script] = []
    /// `dependencies` and `devDependencies` together: name → version range.
    public var dependencies: [String: String] = [:]

    public func script(_ name: String) -> Script? { scripts.first { $0.name == name } }

    public static func read(_ f: SourceFile) throws -> PackageJSON {
        let y = YAMLSource(file: f)
        let docs = try YAMLSource.documents(of: f)
        var p = PackageJSON(source: f)
        guard let doc = docs.first, case .mapping(let top) = doc else { return p }
        for (k, v) in top {
            switch k.string {
            case "scripts":
                guard case .mapping(let m) = v else { continue }
                for (name, cmd) in m {
                    guard let n = name.string, let c = cmd.string else { continue }
                    let at = y.offset(cmd)
                    p.scripts.append(Script(name: n, command: c, range: at..<y.tokenEnd(at, flow: true)))
                }
            case "dependencies", "devDependencies":
                guard case .mapping(let m) = v else { continue }
                for (name, version) in m { if let n = name.string { p.dependencies[n] = version.string ?? "" } }
            default: continue
            }
        }
        return p
    }
}
