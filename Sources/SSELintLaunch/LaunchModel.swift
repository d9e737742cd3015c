import SSELintCore
import SSELintShell

/// Where a launch command was found.
public enum Carrier: String, Sendable {
    case dockerfile = "Dockerfile", compose = "compose file", kubernetes = "Kubernetes manifest", systemd = "systemd unit"
    case procfile = "Procfile", supervisord = "supervisord config", shell = "shell script"
    case gunicornConfig = "gunicorn config", python = "Python entry point", settings = "settings file"
}

/// A value from the carrier's environment (`ENV`, `environment:`, `Environment=`), with where it was set.
public struct EnvValue: Sendable {
    public let value: String
    public let range: SourceRange?
    public init(value: String, range: SourceRange?) { self.value = value; self.range = range }
}

/// One command a carrier runs, after wrappers (`exec`, `sh -c`, …) are unwrapped.
public struct LaunchCommand: Sendable {
    public let file: SourceFile
    public let carrier: Carrier
    /// "CMD", "service api: command", "ExecStart", "process web"…
    public let place: String
    public let command: ShellCommand
    public let env: [String: EnvValue]
    /// For each word (by index): the bytes to delete to remove it cleanly (the word and the separator before it,
    /// a JSON/YAML list element with its comma, or a block-list line).
    public let removal: [Range<Int>]
    /// A JSON/YAML list (exec form) rather than a shell string: new arguments are added as list elements.
    public let listForm: Bool
    /// For a YAML block list (`- item` lines): the indentation of its items, so new items go on new lines.
    public var blockListIndent: String?
    /// Word ranges are exact, so edits are safe. False for YAML block scalars and escaped strings, whose words
    /// are located approximately (findings still point at the right line; fixes are shown, not applied).
    public var exactOffsets = true
    /// Why this one command is for development although its file is not (a compose service that builds the `dev`
    /// stage of its Dockerfile); nil when nothing says so.
    public var developmentReason: String?

    public init(file: SourceFile, carrier: Carrier, place: String, command: ShellCommand, env: [String: EnvValue],
                removal: [Range<Int>]? = nil, listForm: Bool = false) {
        self.file = file; self.carrier = carrier; self.place = place; self.command = command; self.env = env
        self.listForm = listForm
        self.removal = removal ?? LaunchCommand.spaceSeparated(command, in: file)
    }

    /// Removal ranges for words separated by blanks: the word plus the blanks before it, or after it when the
    /// word starts its line (so the indentation stays).
    public static func spaceSeparated(_ c: ShellCommand, in file: SourceFile) -> [Range<Int>] {
        c.words.map { w in
            let b = file.bytes
            var s = w.start
            while s > 0, b[s - 1] == 0x20 || b[s - 1] == 0x09 { s -= 1 }
            if s == 0 || b[s - 1] == 0x0A {
                var e = w.end
                while e < b.count, b[e] == 0x20 || b[e] == 0x09 { e += 1 }
                // Alone on a continuation line: take the line and the previous line's backslash, so no empty
                // continuation line is left (BuildKit would join the next instruction).
                if e >= b.count || b[e] == 0x0A || b[e] == 0x0D, s >= 2 {
                    var p = s - 1                      // the newline ending the previous line
                    if p > 0, b[p - 1] == 0x0D { p -= 1 }
                    if p > 0, b[p - 1] == 0x5C || b[p - 1] == UInt8(ascii: "`") {
                        var q = p - 1
                        while q > 0, b[q - 1] == 0x20 || b[q - 1] == 0x09 { q -= 1 }
                        return q..<e
                    }
                }
                return w.start..<e
            }
            return s..<w.end
        }
    }

    /// The resolved environment (ENV + assignments on the command itself).
    public var environment: [String: String] {
        var e = env.mapValues(\.value)
        for (k, v) in command.assignments { e[k] = v.resolved(e) ?? v.text }
        return e
    }
}

/// One launch file: its commands, comments (for suppressions), and the errors it gave.
public struct LaunchFile: Sendable {
    public let source: SourceFile
    public let carrier: Carrier
    public var commands: [LaunchCommand]
    public var comments: [Comment]
    public var notices: [Notice] = []
    /// What a Python file says (uvicorn.run calls, debug apps, blocking calls in async code).
    public var python: PythonFacts?
    /// Every configuration value the file sets (ENV, environment:, Environment=, exports, settings files), for CAN003.
    public var settings: [(key: String, value: EnvValue)] = []
    /// Container paths that Kubernetes `configMap` volumes fill (a manifest's pods).
    public var configMapMounts: [ConfigMapMount] = []
    public init(source: SourceFile, carrier: Carrier, commands: [LaunchCommand], comments: [Comment]) {
        self.source = source; self.carrier = carrier; self.commands = commands; self.comments = comments
    }
}

/// A container path filled from a ConfigMap: one entry (`subPath`, or an `items` path), or, with `key` nil, a
/// directory holding every entry under its key's name (except keys that `items` leaves out or renames).
public struct ConfigMapMount: Sendable {
    public let container: String
    public let configMap: String
    public let key: String?
    /// `items:` of the volume, key → file name; empty when the volume projects every key.
    public let items: [String: String]
    /// The volumeMount's place, "deploy/k8s.yaml:42".
    public let by: String

    /// The container path of a ConfigMap's entry under this mount, nil when the mount does not provide it.
    public func path(configMap name: String, key entry: String) -> String? {
        guard name == configMap else { return nil }
        if let key { return key == entry ? container : nil }
        if items.isEmpty { return Path.join(container, entry) }
        return items[entry].map { Path.join(container, $0) }
    }
}

/// `#` comments that start a line (after blanks): the common comment form of every carrier here.
func lineComments(_ f: SourceFile, markers: Set<UInt8> = [UInt8(ascii: "#")]) -> [Comment] {
    var out: [Comment] = []
    let b = f.bytes
    for s in f.lineStarts {
        var i = s
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
        guard i < b.count, markers.contains(b[i]) else { continue }
        var e = i
        while e < b.count, b[e] != 0x0A { e += 1 }
        var te = e
        if te > i, b[te - 1] == 0x0D { te -= 1 }
        out.append(Comment(text: f.text((i + 1)..<te), start: i, end: te))
    }
    return out
}
