import SSELintCore
import SSELintSource

/// Which carrier a file is, by name; and parsing by carrier.
public enum LaunchFiles {
    /// By name, or for other YAML by content (`apiVersion:` and `kind:` make a Kubernetes manifest).
    public static func carrier(for path: String, bytes: [UInt8]?) -> Carrier? {
        if let c = carrier(for: path) { return c }
        let name = Path.basename(path).lowercased()
        if let b = bytes, name.hasSuffix(".yml") || name.hasSuffix(".yaml") {
            let head = String(decoding: b.prefix(1 << 16), as: UTF8.self)
            if head.contains("apiVersion:") && head.contains("kind:") { return .kubernetes }
        }
        // A script without an extension, by its shebang.
        if let b = bytes, !name.contains("."), b.starts(with: Array("#!".utf8)) {
            let first = String(decoding: b.prefix(while: { $0 != 0x0A }), as: UTF8.self)
            if ["/sh", "bash", "dash", "/ash", "zsh"].contains(where: first.contains) { return .shell }
        }
        return SettingsFiles.isCandidate(path, bytes: bytes) ? .settings : nil
    }

    public static func carrier(for path: String) -> Carrier? {
        let name = Path.basename(path).lowercased()
        if name.hasPrefix("dockerfile") || name.hasPrefix("containerfile") || name.hasSuffix(".dockerfile") { return .dockerfile }
        let yaml = name.hasSuffix(".yml") || name.hasSuffix(".yaml")
        if yaml && (name.hasPrefix("docker-compose") || name.hasPrefix("compose") || name.contains(".compose.") || name.contains(".compose-") || name.contains("-compose")) { return .compose }
        if name.hasSuffix(".service") { return .systemd }
        if name == "procfile" || name.hasPrefix("procfile.") || name.hasSuffix(".procfile") { return .procfile }
        if name.contains("supervisor") && (name.hasSuffix(".conf") || name.hasSuffix(".ini")) { return .supervisord }
        if name.hasSuffix(".sh") || name.hasSuffix(".bash") { return .shell }
        if name.hasSuffix(".py") { return PythonLaunch.isGunicornConfig(path) ? .gunicornConfig : .python }
        if SettingsFiles.isEnvFile(path) { return .settings }
        return nil
    }

    /// Parses a launch file; `read` gives other files it refers to (`env_file`); `pythonTokens` are a Python
    /// file's tokens when the caller has them already (the app scan reads the same file).
    public static func parse(_ f: SourceFile, carrier: Carrier, read: (String) -> SourceFile?, pythonTokens: [PyToken]? = nil) -> Result<LaunchFile, InputError> {
        if f.bytes.contains(0) { return .failure(InputError(path: f.path, line: 1, column: 1, message: "binary file, not a \(carrier.rawValue)")) }
        switch carrier {
        case .dockerfile: return DockerfileParser.parse(f)
        case .compose: return ComposeParser.parse(f, readEnvFile: read)
        case .systemd: return LineCarriers.systemd(f, read: read)
        case .procfile: return LineCarriers.procfile(f)
        case .supervisord: return LineCarriers.supervisord(f)
        case .shell: return LineCarriers.shell(f)
        case .kubernetes: return KubernetesParser.parse(f)
        case .python, .gunicornConfig: return PythonLaunch.parse(f, tokens: pythonTokens)
        case .settings: return .success(SettingsFiles.parse(f))
        }
    }
}
