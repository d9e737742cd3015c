import SSELintCore

/// Which carrier a file is, by name; and parsing by carrier.
public enum LaunchFiles {
    public static func carrier(for path: String) -> Carrier? {
        let name = Path.basename(path).lowercased()
        if name.hasPrefix("dockerfile") || name.hasPrefix("containerfile") || name.hasSuffix(".dockerfile") { return .dockerfile }
        let yaml = name.hasSuffix(".yml") || name.hasSuffix(".yaml")
        if yaml && (name.hasPrefix("docker-compose") || name.hasPrefix("compose") || name.contains(".compose.")) { return .compose }
        return nil
    }

    /// Parses a launch file; `read` gives other files it refers to (`env_file`).
    public static func parse(_ f: SourceFile, carrier: Carrier, read: (String) -> SourceFile?) -> Result<LaunchFile, InputError> {
        switch carrier {
        case .dockerfile: return DockerfileParser.parse(f)
        case .compose: return ComposeParser.parse(f, readEnvFile: read)
        default: return .failure(InputError(path: f.path, line: 1, column: 1, message: "\(carrier.rawValue) files are not supported yet"))
        }
    }
}
