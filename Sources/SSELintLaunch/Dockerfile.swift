import SSELintCore
import SSELintShell

/// Dockerfile / Containerfile: `# escape=` directive, continuations, ENV/ARG, shell and JSON (exec) forms of CMD
/// and ENTRYPOINT; only the final stage runs, so only its commands and environment count.
public enum DockerfileParser {
    public static func parse(_ f: SourceFile) -> Result<LaunchFile, InputError> {
        let b = f.bytes
        if b.contains(0) { return .failure(InputError(path: f.path, line: 1, column: 1, message: "binary file, not a Dockerfile")) }
        var escape = UInt8(ascii: "\\")
        // Parser directives: `# escape=`` ` in the leading comment lines.
        for s in f.lineStarts {
            let line = f.text(s..<(b[s...].firstIndex(of: 0x0A) ?? b.count)).trimmingSpaces
            guard line.hasPrefix("#") else { break }
            let d = line.dropFirst().trimmingSpaces.lowercased()
            if d.hasPrefix("escape="), let c = d.dropFirst(7).trimmingSpaces.utf8.first { escape = c }
        }
        // Logical lines: text bytes plus the file offset of each.
        var instructions: [(text: [UInt8], map: [Int], line: Int)] = []
        var text: [UInt8] = [], map: [Int] = []
        var startLine = 0
        var lineNo = 0
        for (idx, s) in f.lineStarts.enumerated() {
            lineNo = idx + 1
            var e = s
            while e < b.count, b[e] != 0x0A { e += 1 }
            var te = e
            while te > s, b[te - 1] == 0x0D || b[te - 1] == 0x20 || b[te - 1] == 0x09 { te -= 1 }
            var first = s
            while first < te, b[first] == 0x20 || b[first] == 0x09 { first += 1 }
            if first < te, b[first] == UInt8(ascii: "#") { continue }           // comment (also inside continuations)
            if text.isEmpty && first == te { continue }
            if text.isEmpty { startLine = lineNo }
            let continued = te > first && b[te - 1] == escape
            let end = continued ? te - 1 : te
            for k in (text.isEmpty ? first : s)..<end { text.append(b[k]); map.append(k) }
            if continued { text.append(0x20); map.append(end); continue }
            instructions.append((text, map, startLine))
            text = []; map = []
        }
        if !text.isEmpty { instructions.append((text, map, startLine)) }

        var stageEnv: [String: EnvValue] = [:]
        var cmd: [LaunchCommand]?, entrypoint: ([LaunchCommand], Bool)?
        var stages: [String: ([String: EnvValue], [LaunchCommand]?, ([LaunchCommand], Bool)?)] = [:]
        var stageName: String?
        var buildArgs: [String: String] = [:]
        for ins in instructions {
            let t = ins.text, m = ins.map
            let kwEnd = t.firstIndex(where: { $0 == 0x20 || $0 == 0x09 }) ?? t.count
            let keyword = String(decoding: t[..<kwEnd], as: UTF8.self).uppercased()
            var r = kwEnd
            while r < t.count, t[r] == 0x20 || t[r] == 0x09 { r += 1 }
            let rest = Array(t[r...]), restMap = Array(m[r...]) + [m.last.map { $0 + 1 } ?? 0]
            let at = { (i: Int) in restMap[min(i, restMap.count - 1)] }
            switch keyword {
            case "FROM":
                // Save the stage just ended; `FROM earlier AS x` starts from that stage's ENV, CMD and ENTRYPOINT.
                if let name = stageName { stages[name.lowercased()] = (stageEnv, cmd, entrypoint) }
                let words = String(decoding: rest, as: UTF8.self).split(separator: " ").map(String.init)
                let base = words.first { !$0.hasPrefix("--") }?.lowercased() ?? ""
                stageName = words.count >= 3 && words[words.count - 2].lowercased() == "as" ? words.last : nil
                if let inherited = stages[base] { (stageEnv, cmd, entrypoint) = inherited } else { stageEnv = [:]; cmd = nil; entrypoint = nil }
                buildArgs = [:]
            case "ENV", "ARG":
                guard case .success(let cmds) = ShellParser.parse(rest, offset: at), let c = cmds.first else { continue }
                // ARG values exist at build time only: they feed ENV values, not the running container.
                let known = buildArgs.merging(stageEnv.mapValues(\.value)) { $1 }
                if !c.assignments.isEmpty {
                    for (k, v) in c.assignments {
                        let value = v.resolved(known) ?? v.text
                        if keyword == "ARG" { buildArgs[k] = value; continue }
                        stageEnv[k] = EnvValue(value: value, range: SourceRange(file: f, start: v.start, end: v.end))
                    }
                } else if keyword == "ENV", let k = c.words.first?.text, c.words.count >= 2 {
                    let v = c.words.dropFirst().map(\.text).joined(separator: " ")
                    stageEnv[k] = EnvValue(value: v, range: SourceRange(file: f, start: c.words[1].start, end: c.words.last!.end))
                }
            case "CMD", "ENTRYPOINT":
                if rest.first == UInt8(ascii: "[") {
                    switch execForm(rest, at, f) {
                    case .failure(let e): return .failure(e)
                    case .success(let (c, removal)):
                        let lc = LaunchCommand(file: f, carrier: .dockerfile, place: keyword, command: c, env: stageEnv, removal: removal, listForm: true)
                        if keyword == "CMD" { cmd = [lc] } else { entrypoint = ([lc], true) }
                    }
                } else {
                    // Shell form: `/bin/sh -c "…"`, every command of the script.
                    switch ShellParser.parse(rest, offset: at) {
                    case .failure(let e): return .failure(InputError(at: f.position(of: e.offset), in: f, "\(keyword): \(e.message)"))
                    case .success(let cmds):
                        let lcs = cmds.map { LaunchCommand(file: f, carrier: .dockerfile, place: keyword, command: $0, env: stageEnv) }
                        if keyword == "CMD" { cmd = lcs } else { entrypoint = (lcs, false) }
                    }
                }
            default:
                continue
            }
        }
        // The container runs with the stage's final ENV, wherever the ENV lines stand relative to CMD.
        let withEnv = { (l: LaunchCommand) in LaunchCommand(file: l.file, carrier: l.carrier, place: l.place, command: l.command,
                                                            env: stageEnv, removal: l.removal, listForm: l.listForm) }
        cmd = cmd?.map(withEnv)
        entrypoint = entrypoint.map { ($0.0.map(withEnv), $0.1) }
        // ENTRYPOINT in exec form takes CMD as its arguments; a shell-form ENTRYPOINT ignores CMD.
        var commands: [LaunchCommand] = []
        if let (eps, exec) = entrypoint {
            if exec, let ep = eps.first, let c = cmd?.first, c.listForm {
                let joined = ShellCommand(assignments: ep.command.assignments, words: ep.command.words + c.command.words)
                commands = unwrap(LaunchCommand(file: f, carrier: .dockerfile, place: "ENTRYPOINT + CMD", command: joined, env: ep.env,
                                                removal: ep.removal + c.removal, listForm: true))
            } else {
                commands = eps.flatMap(unwrap)
                // An exec-form ENTRYPOINT that is a script (docker-entrypoint.sh) usually execs its CMD.
                if exec, let c = cmd { commands += c.flatMap(unwrap) }
            }
        } else if let c = cmd {
            commands = c.flatMap(unwrap)
        }
        var file = LaunchFile(source: f, carrier: .dockerfile, commands: commands, comments: lineComments(f))
        file.settings = stageEnv.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return .success(file)
    }

    /// `["uvicorn", "app:app", "--reload"]`: each element a word; removing one takes its comma along.
    static func execForm(_ t: [UInt8], _ at: (Int) -> Int, _ f: SourceFile) -> Result<(ShellCommand, [Range<Int>]), InputError> {
        var words: [ShellWord] = []
        var removal: [Range<Int>] = []
        var i = 1
        var prevEnd = at(0) + 1
        func fail(_ msg: String) -> Result<(ShellCommand, [Range<Int>]), InputError> {
            .failure(InputError(at: f.position(of: at(min(i, t.count - 1))), in: f, "exec form is not a valid JSON array of strings: \(msg)"))
        }
        while true {
            while i < t.count, t[i] == 0x20 || t[i] == 0x09 { i += 1 }
            guard i < t.count else { return fail("missing \"]\"") }
            if t[i] == UInt8(ascii: "]") && words.isEmpty { i += 1; break }
            guard t[i] == UInt8(ascii: "\"") else { return fail("expected a string") }
            let s = i
            i += 1
            var value: [UInt8] = []
            while i < t.count, t[i] != UInt8(ascii: "\"") {
                if t[i] == 0x5C, i + 1 < t.count {
                    let e = t[i + 1]
                    value.append(e == UInt8(ascii: "n") ? 0x0A : e == UInt8(ascii: "t") ? 0x09 : e)
                    i += 2; continue
                }
                value.append(t[i]); i += 1
            }
            guard i < t.count else { return fail("unterminated string") }
            i += 1
            let ws = at(s), we = at(i - 1) + 1
            words.append(ShellWord(literal: String(decoding: value, as: UTF8.self), start: ws, end: we))
            // Remove ", \"x\"" (after the previous element) — or "\"x\", " for the first one.
            removal.append(prevEnd..<we)
            prevEnd = we
            while i < t.count, t[i] == 0x20 || t[i] == 0x09 { i += 1 }
            guard i < t.count else { return fail("missing \"]\"") }
            if t[i] == UInt8(ascii: ",") { i += 1; continue }
            if t[i] == UInt8(ascii: "]") { i += 1; break }
            return fail("expected \",\" or \"]\"")
        }
        if removal.count > 1 {
            // The first element goes with the comma and blanks after it.
            var e = words[0].end
            while e < f.bytes.count, f.bytes[e] == UInt8(ascii: ",") || f.bytes[e] == 0x20 { e += 1 }
            removal[0] = words[0].start..<e
        } else if !removal.isEmpty {
            removal[0] = words[0].start..<words[0].end
        }
        return .success((ShellCommand(words: words), removal))
    }

    /// `sh -c "…"` and other wrappers: the commands they run, with removal ranges recomputed for inner words.
    static func unwrap(_ c: LaunchCommand) -> [LaunchCommand] {
        let inner = c.command.unwrapped()
        if inner.count == 1, inner[0].words == c.command.words { return [c] }
        var outer: [Int: Int] = [:]
        for (k, w) in c.command.words.enumerated() where outer[w.start] == nil { outer[w.start] = k }
        return inner.map { cmd in
            // Words that kept their position keep their removal range.
            let removal = cmd.words.map { w -> Range<Int> in
                if let k = outer[w.start], c.command.words[k].end == w.end, k < c.removal.count { return c.removal[k] }
                var s = w.start
                while s > 0, c.file.bytes[s - 1] == 0x20 || c.file.bytes[s - 1] == 0x09 { s -= 1 }
                return s..<w.end
            }
            var out = LaunchCommand(file: c.file, carrier: c.carrier, place: c.place, command: cmd, env: c.env, removal: removal)
            // Words re-parsed from inside a quoted script are located approximately when it has escapes.
            out.exactOffsets = c.exactOffsets && !cmd.words.contains { w in outer[w.start] == nil && c.file.text(w.start..<w.end) != w.text }
            out.blockListIndent = nil
            return out
        }
    }
}
