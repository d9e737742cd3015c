import SSELintCore

/// RUN001-style findings are for what ships. A file is for development when its path matches a development glob
/// (defaults below, plus `.sselint.yml` `development:`); every other launch file counts as production, and the
/// finding says so.
public enum Production {
    public static let defaultDevelopmentGlobs = [
        "Dockerfile.dev", "Dockerfile.development", "Dockerfile.local", "*.dev.Dockerfile", "dev.Dockerfile",
        "Containerfile.dev", "*compose.override.yml", "*compose.override.yaml", "*compose.dev.yml", "*compose.dev.yaml",
        "*compose.local.yml", "*compose.local.yaml", "*compose.debug.yml", "*compose.debug.yaml",
        "*compose-dev.yml", "*compose-dev.yaml", "*compose-local.yml", "*compose-local.yaml",
        "*compose.development.yml", "*compose.development.yaml", "dev-compose*.yml", "dev-compose*.yaml",
        "Procfile.dev", "**/.vscode/**", "**/.devcontainer/**", "dev.sh", "run-dev.sh", "start-dev.sh", "*.dev.service",
    ]

    /// nil when the file is for production; else the glob that marks it as development.
    static let compiledDefaults = defaultDevelopmentGlobs.map(Glob.Compiled.init)

    public static func developmentGlob(_ path: String, extra: [String]) -> String? {
        // The path is split once and the default patterns prepared once: this runs for every launch file.
        let segments = Glob.segments(Path.normalize(path))
        if let i = compiledDefaults.firstIndex(where: { $0.match(segments: segments) }) { return defaultDevelopmentGlobs[i] }
        return extra.first { Glob.Compiled($0).match(segments: segments) }
    }

    public static func reason(_ f: SourceFile) -> String {
        "\(Path.basename(f.path)) counts as production: no development glob matches it (see `development:` in .sselint.yml)"
    }
}
