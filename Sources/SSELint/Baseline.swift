import Foundation
import SSELintCore

/// `--write-baseline FILE` / `--baseline FILE`: findings recorded by content fingerprint, so a baseline survives
/// edits elsewhere in the file and only shrinks as findings are fixed.
public enum Baseline {
    public static func render(_ findings: [Finding], paths: PathDisplay) -> String {
        let fps = Fingerprint.all(findings, paths: paths)
        let entries: [JSON] = zip(findings, fps).map { f, fp in
            .object([("fingerprint", .string(fp)), ("rule", .string(f.rule.rawValue)), ("path", .string(paths.show(f.range.file.path))),
                     ("line", .int(f.range.start.line)), ("message", .string(f.message))])
        }
        return JSON.object([("tool", .string("sselint")), ("version", .int(1)), ("findings", .array(entries))]).serialized(indent: 2) + "\n"
    }

    /// The entries (fingerprint → path) of a baseline file; an error names the file when it is not a baseline.
    /// Read as JSON (no YAML aliases, bounded nesting), never echoing the file's bytes.
    public static func load(_ path: String) -> Result<[(fingerprint: String, path: String)], InputError> {
        switch FileSystem.read(path, limit: 64 << 20) {
        case .failure(let e): return .failure(e)
        case .success(let bytes):
            let bad = InputError(path: path, line: 1, column: 1, message: "not an sselint baseline (write one with --write-baseline)")
            guard let root = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
                return .failure(InputError(path: path, line: 1, column: 1, message: "not valid JSON, so not an sselint baseline (write one with --write-baseline)"))
            }
            guard root["tool"] as? String == "sselint", let findings = root["findings"] as? [[String: Any]] else { return .failure(bad) }
            return .success(findings.compactMap { e in (e["fingerprint"] as? String).map { ($0, e["path"] as? String ?? "") } })
        }
    }
}
