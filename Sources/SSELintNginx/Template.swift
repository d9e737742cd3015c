import SSELintCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// envsubst-style nginx templates (the official image renders `/etc/nginx/templates/*.template` at start): linted as
/// written, with each `${VAR}` the deployment defines filled in and the rest left as unknown values that no rule
/// reads as a number. Positions stay those of the template.
public enum NginxTemplate {
    /// A value for `${NAME}` and where it was set ("docker/.env.example:42").
    public typealias Env = [String: (value: String, origin: String)]

    /// The official nginx image's template names: `default.conf.template`, `nginx.conf.tpl`, files under `templates/`.
    public static func isEnvsubstTemplate(_ path: String) -> Bool {
        // A quick no by bytes (answered by Characters, every file of a config split into thousands paid 1,300
        // instructions); a path its bytes allow is answered by Characters, as before.
        mayBeTemplate(path) && isEnvsubstTemplateByCharacters(path)
    }

    /// The same answer by Characters only (what `mayBeTemplate` must never contradict).
    static func isEnvsubstTemplateByCharacters(_ path: String) -> Bool {
        let name = Path.basename(path)
        return name.hasSuffix(".template") || name.hasSuffix(".tpl") || Path.dirname(path).hasSuffix("/templates") && name.hasSuffix(".conf")
    }

    /// False only when no spelling of `path` can be a template's: its bytes neither end with `.template` or `.tpl`
    /// nor end with `.conf` and hold `/templates/` (these ASCII suffixes match by Characters only where they match by
    /// bytes); a trailing `/` is left to the Character-wise answer.
    static func mayBeTemplate(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { b in
            guard let base = b.baseAddress, b.last != 0x2F else { return true }
            func ends(_ s: StaticString) -> Bool {
                let n = s.utf8CodeUnitCount
                return b.count >= n && memcmp(base + b.count - n, s.utf8Start, n) == 0
            }
            if ends(".template") || ends(".tpl") { return true }
            guard ends(".conf") else { return false }
            // The directory (the bytes before the last `/`, as Path.dirname cuts it) must end with `/templates`, whose
            // bytes no other spelling shares (a scan of the whole path for `/templates/` was 600 instructions a file).
            guard let slash = Path.lastSlash(b) else { return false }
            let dir: StaticString = "/templates", n = dir.utf8CodeUnitCount
            return slash >= n && memcmp(base + slash - n, dir.utf8Start, n) == 0
        }
    }

    /// A line that holds only `${VAR}` (a whole block of config chosen at deploy time, such as `${HTTPS_CONFIG}`)
    /// is a placeholder, not a directive: blanked with spaces so that every other offset stays put.
    public static func blankPlaceholderLines(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count > 3, bytes.contains(UInt8(ascii: "$")) else { return bytes }
        var out = bytes
        var lineStart = 0
        for i in 0...bytes.count where i == bytes.count || bytes[i] == UInt8(ascii: "\n") {
            var a = lineStart, b = i
            while a < b, bytes[a] == 0x20 || bytes[a] == 0x09 { a += 1 }
            while b > a, bytes[b - 1] == 0x20 || bytes[b - 1] == 0x09 || bytes[b - 1] == 0x0D { b -= 1 }
            if b - a > 3, bytes[a] == UInt8(ascii: "$"), bytes[a + 1] == UInt8(ascii: "{"), bytes[b - 1] == UInt8(ascii: "}"),
               bytes[(a + 2)..<(b - 1)].allSatisfy({ isNameByte($0) }) {
                for k in a..<b { out[k] = 0x20 }
            }
            lineStart = i + 1
        }
        return out
    }

    static func isNameByte(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x5F
    }

    /// `${NAME}` (and envsubst's `$NAME` is not used by nginx templates: `$host` is nginx's own) replaced where `env`
    /// knows it.
    static func substitute(_ text: String, _ env: Env) -> (String, [String])? {
        guard text.contains("${") else { return nil }
        var out = "", notes: [String] = []
        var rest = Substring(text)
        var changed = false
        while let open = rest.firstRange(of: "${") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { out += rest[open.lowerBound...]; rest = ""; break }
            let name = String(rest[open.upperBound..<close])
            if let v = env[name] {
                out += v.value; changed = true
                notes.append("${\(name)} = \(v.value) from \(v.origin)")
            } else {
                out += rest[open.lowerBound...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return changed ? (out, notes) : nil
    }

    /// The directives with every known `${VAR}` argument filled in (each file's arguments rewritten once, in a copy
    /// of its store).
    public static func substitute(_ directives: [NginxDirective], _ env: Env) -> [NginxDirective] {
        guard !env.isEmpty else { return directives }
        var copies: [ObjectIdentifier: NginxStore] = [:]
        func store(_ s: NginxStore) -> NginxStore {
            if let c = copies[ObjectIdentifier(s)] { return c }
            let c = s.replacingArgs { a in
                substitute(a.value, env).map { NginxArg(value: $0.0, quoted: a.quoted, start: a.start, end: a.end, substitution: $0.1.joined(separator: ", ")) }
            } ?? s
            copies[ObjectIdentifier(s)] = c
            return c
        }
        func map(_ list: [NginxDirective]) -> [NginxDirective] {
            list.map { NginxDirective(store: store($0.store), index: $0.index, block: $0.block.map(map)) }
        }
        return map(directives)
    }
}

extension ResolvedConfig {
    /// The same config with the deployment's values in its template placeholders.
    public func substituting(_ env: NginxTemplate.Env) -> ResolvedConfig {
        guard !env.isEmpty else { return self }
        return ResolvedConfig(entry: entry, directives: NginxTemplate.substitute(directives, env), files: files, errors: errors,
                              notices: notices, includeCount: includeCount, parsed: parsed)
    }
}
