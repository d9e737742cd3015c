import SSELintCore

/// What the command line (or a test) asks of one run; `.sselint.yml` fills in the rest.
public struct LintOptions: Sendable {
    /// Rule ids or prefixes to run; replaces the config's `select`.
    public var select: [String]?
    /// Added to the config's `ignore`.
    public var ignore: [String] = []
    /// `--config FILE`: this file for every linted file.
    public var configPath: String?
    /// `--isolated`: no `.sselint.yml` at all.
    public var isolated = false
    public var inlineSuppressions = true
    public var respectGitignore = true
    public var nginxVersion: NginxVersion?
    public var nginxPrefix: String?
    public var maxFileSize = 32 << 20
    /// Longest chain of nginx includes (a crafted tree cannot recurse without end).
    public var maxIncludeDepth = 64
    /// `--baseline FILE`: fingerprints (with the path each was recorded for) of findings to hide.
    public var baseline: [(fingerprint: String, path: String)]?
    /// Files named alone are judged within their project (the nearest `.sselint.yml`, else the git work tree): the
    /// deployment around them is read and only their findings are reported. The CLI turns it on (`--no-project`
    /// turns it off); the library default keeps a named file on its own, as the rule samples need.
    public var projectContext = false
    /// Keep the run's model alive until the process exits instead of freeing it: tearing down a large config's
    /// object graph took a tenth of the run. Only for a process that exits after one run (the CLI).
    public var keepModelUntilExit = false
    /// `-` on the command line: stdin's bytes, linted as if they were this file.
    public var stdin: (path: String, bytes: [UInt8])?

    public init() {}
}
