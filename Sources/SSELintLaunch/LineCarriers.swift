import SSELintCore
import SSELintShell

/// The line-oriented carriers: systemd units, Procfiles, supervisord configs and shell scripts.
enum LineCarriers {
    /// One logical line (continuations joined) with the file offset of each byte.
    struct Logical {
        var text: [UInt8] = []
        var map: [Int] = []
        var line = 0
        var at: (Int) -> Int { let m = map; return { i in m.isEmpty ? 0 : (i < m.count ? m[i] : m[m.count - 1] + 1) } }
    }

    /// Lines of `f`; a trailing backslash continues the line (systemd), or an indented line does (supervisord).
    static func logicalLines(_ f: SourceFile, backslash: Bool, indented: Bool) -> [Logical] {
        let b = f.bytes
        var out: [Logical] = []
        var cur = Logical()
        for (idx, s) in f.lineStarts.enumerated() {
            var e = s
            while e < b.count, b[e] != 0x0A { e += 1 }
            var te = e
            while te > s, b[te - 1] == 0x0D { te -= 1 }
            let startsIndented = s < te && (b[s] == 0x20 || b[s] == 0x09)
            if indented, startsIndented, !cur.text.isEmpty {
                cur.text.append(0x20); cur.map.append(s)
                var k = s
                while k < te, b[k] == 0x20 || b[k] == 0x09 { k += 1 }
                for j in k..<te { cur.text.append(b[j]); cur.map.append(j) }
                continue
            }
            if !cur.text.isEmpty && !(backslash && cur.text.last == 0x5C) { out.append(cur); cur = Logical() }
            if backslash, cur.text.last == 0x5C { cur.text.removeLast(); cur.map.removeLast(); cur.text.append(0x20); cur.map.append(s) }
            if cur.text.isEmpty { cur.line = idx + 1 }
            for j in s..<te { cur.text.append(b[j]); cur.map.append(j) }
        }
        if !cur.text.isEmpty { out.append(cur) }
        return out
    }

    static func split(_ l: Logical, at sep: UInt8) -> (key: String, value: [UInt8], valueStart: Int)? {
        guard let i = l.text.firstIndex(of: sep) else { return nil }
        let key = String(decoding: l.text[..<i], as: UTF8.self).trimmingSpaces
        var v = i + 1
        while v < l.text.count, l.text[v] == 0x20 || l.text[v] == 0x09 { v += 1 }
        return (key, Array(l.text[v...]), v)
    }

    static func commands(_ value: [UInt8], _ l: Logical, start: Int, f: SourceFile, carrier: Carrier, place: String,
                         env: [String: EnvValue]) throws -> [LaunchCommand] {
        let at = l.at
        switch ShellParser.parse(value, offset: { at(start + $0) }) {
        case .failure(let e): throw InputError(at: f.position(of: e.offset), in: f, "\(place): \(e.message)")
        case .success(let cmds):
            return cmds.flatMap { DockerfileParser.unwrap(LaunchCommand(file: f, carrier: carrier, place: place, command: $0, env: env)) }
        }
    }

    static func systemd(_ f: SourceFile, read: (String) -> SourceFile?) -> Result<LaunchFile, InputError> {
        do {
            var env: [String: EnvValue] = [:]
            var execs: [(Logical, [UInt8], Int)] = []
            var section = ""
            for l in logicalLines(f, backslash: true, indented: false) {
                let t = String(decoding: l.text, as: UTF8.self).trimmingSpaces
                if t.hasPrefix("#") || t.hasPrefix(";") || t.isEmpty { continue }
                if t.hasPrefix("[") { section = t; continue }
                guard section == "[Service]", let (key, value, vs) = split(l, at: UInt8(ascii: "=")) else { continue }
                switch key {
                case "ExecStart":
                    // Prefixes -, @, +, !, !! and : change how systemd runs the command, not what it runs.
                    var k = 0
                    while k < value.count, "-@+!:".utf8.contains(value[k]) { k += 1 }
                    execs.append((l, Array(value[k...]), vs + k))
                case "Environment":
                    if case .success(let cmds) = ShellParser.parse(value, offset: { l.at(vs + $0) }) {
                        for c in cmds {
                            for (name, v) in c.assignments { env[name] = EnvValue(value: v.text, range: SourceRange(file: f, start: v.start, end: v.end)) }
                            for w in c.words {
                                let text = w.text
                                if let eq = text.firstIndex(of: "=") {
                                    env[String(text[..<eq])] = EnvValue(value: String(text[text.index(after: eq)...]), range: SourceRange(file: f, start: w.start, end: w.end))
                                }
                            }
                        }
                    }
                case "EnvironmentFile":
                    let path = String(decoding: value, as: UTF8.self).trimmingSpaces.drop(while: { $0 == "-" })
                    if let src = read(String(path)) { env.merge(EnvFile.parse(src)) { $1 } }
                default: continue
                }
            }
            let found = try execs.flatMap { try LineCarriers.commands($0.1, $0.0, start: $0.2, f: f, carrier: .systemd, place: "ExecStart", env: env) }
            var file = LaunchFile(source: f, carrier: .systemd, commands: found, comments: lineComments(f, markers: [UInt8(ascii: "#"), UInt8(ascii: ";")]))
            file.settings = env.filter { $0.value.range?.file === f }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            return .success(file)
        } catch let e as InputError { return .failure(e) } catch { return .failure(InputError(path: f.path, line: 1, column: 1, message: "\(error)")) }
    }

    static func procfile(_ f: SourceFile) -> Result<LaunchFile, InputError> {
        do {
            var commands: [LaunchCommand] = []
            for l in logicalLines(f, backslash: false, indented: false) {
                let t = String(decoding: l.text, as: UTF8.self).trimmingSpaces
                if t.hasPrefix("#") || t.isEmpty { continue }
                guard let (name, value, vs) = split(l, at: UInt8(ascii: ":")) else { continue }
                commands += try LineCarriers.commands(value, l, start: vs, f: f, carrier: .procfile, place: "process \(name)", env: [:])
            }
            return .success(LaunchFile(source: f, carrier: .procfile, commands: commands, comments: lineComments(f)))
        } catch let e as InputError { return .failure(e) } catch { return .failure(InputError(path: f.path, line: 1, column: 1, message: "\(error)")) }
    }

    static func supervisord(_ f: SourceFile) -> Result<LaunchFile, InputError> {
        do {
            var programs: [(name: String, command: (Logical, [UInt8], Int)?, env: [String: EnvValue])] = []
            for l in logicalLines(f, backslash: false, indented: true) {
                let t = String(decoding: l.text, as: UTF8.self).trimmingSpaces
                if t.hasPrefix("#") || t.hasPrefix(";") || t.isEmpty { continue }
                if t.hasPrefix("[") {
                    let name = t.hasPrefix("[program:") ? String(t.dropFirst(9).dropLast())
                        : t.hasPrefix("[fcgi-program:") ? String(t.dropFirst(14).dropLast()) : ""
                    programs.append((name, nil, [:]))
                    continue
                }
                guard !programs.isEmpty, !programs[programs.count - 1].name.isEmpty,
                      let (key, value, vs) = split(l, at: UInt8(ascii: "=")) else { continue }
                if key == "command" { programs[programs.count - 1].command = (l, value, vs) }
                if key == "environment" {
                    // KEY="value",KEY2=value2 — commas outside quotes separate the pairs.
                    var pairs: [[UInt8]] = [[]], quote: UInt8? = nil
                    for c in value {
                        if let q = quote { if c == q { quote = nil } else { pairs[pairs.count - 1].append(c) }; continue }
                        if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") { quote = c; continue }
                        if c == UInt8(ascii: ",") { pairs.append([]); continue }
                        pairs[pairs.count - 1].append(c)
                    }
                    for p in pairs {
                        let s = String(decoding: p, as: UTF8.self)
                        if let eq = s.firstIndex(of: "=") {
                            programs[programs.count - 1].env[String(s[..<eq]).trimmingSpaces] =
                                EnvValue(value: String(s[s.index(after: eq)...]), range: SourceRange(file: f, start: l.at(vs), end: l.at(value.count + vs)))
                        }
                    }
                }
            }
            var commands: [LaunchCommand] = []
            for p in programs {
                guard let (l, value, vs) = p.command else { continue }
                commands += try LineCarriers.commands(value, l, start: vs, f: f, carrier: .supervisord, place: "program \(p.name)", env: p.env)
            }
            var file = LaunchFile(source: f, carrier: .supervisord, commands: commands, comments: lineComments(f, markers: [UInt8(ascii: "#"), UInt8(ascii: ";")]))
            file.settings = programs.flatMap { $0.env.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
            return .success(file)
        } catch let e as InputError { return .failure(e) } catch { return .failure(InputError(path: f.path, line: 1, column: 1, message: "\(error)")) }
    }

    /// A shell script: every command, with `export X=…` / `X=…` lines feeding the environment of later ones.
    static func shell(_ f: SourceFile) -> Result<LaunchFile, InputError> {
        switch ShellParser.parse(f.bytes) {
        case .failure(let e): return .failure(InputError(at: f.position(of: e.offset), in: f, e.message))
        case .success(let cmds):
            var env: [String: EnvValue] = [:]
            var commands: [LaunchCommand] = []
            for c in cmds {
                if c.words.isEmpty {
                    for (k, v) in c.assignments { env[k] = EnvValue(value: v.resolved(env.mapValues(\.value)) ?? v.text, range: SourceRange(file: f, start: v.start, end: v.end)) }
                    continue
                }
                if c.words.first?.text == "export" {
                    for w in c.words.dropFirst() {
                        let t = w.resolved(env.mapValues(\.value)) ?? w.text
                        if let eq = t.firstIndex(of: "=") { env[String(t[..<eq])] = EnvValue(value: String(t[t.index(after: eq)...]), range: SourceRange(file: f, start: w.start, end: w.end)) }
                    }
                    continue
                }
                commands += DockerfileParser.unwrap(LaunchCommand(file: f, carrier: .shell, place: "script", command: c, env: env))
            }
            var file = LaunchFile(source: f, carrier: .shell, commands: commands, comments: lineComments(f))
            file.settings = env.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            return .success(file)
        }
    }
}
