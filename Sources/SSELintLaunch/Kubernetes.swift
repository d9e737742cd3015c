@preconcurrency import Yams
import SSELintCore
import SSELintShell

/// Kubernetes manifests (multi-document): the containers of Deployments, StatefulSets, DaemonSets, ReplicaSets,
/// Pods, Jobs and CronJobs, with their `command` + `args` and `env`. Helm templates are skipped with a notice.
public enum KubernetesParser {
    static let kinds: Set<String> = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"]

    public static func parse(_ f: SourceFile) -> Result<LaunchFile, InputError> {
        let text = String(decoding: f.bytes, as: UTF8.self)
        if text.contains("{{") {
            // A Helm template: read with its actions masked (same offsets), so the containers' commands still count;
            // no fix is offered on it. One that does not read as YAML that way is skipped with a notice.
            if let masked = HelmMask.mask(f.bytes), case .success(var file) = parse(SourceFile(path: f.path, bytes: masked)) {
                if !file.commands.isEmpty {
                    for k in file.commands.indices { file.commands[k].exactOffsets = false }
                    file.settings = []
                    return .success(file)
                }
                if !file.configMapMounts.isEmpty {
                    // No command to judge, but its volumes still say where its ConfigMaps' configs land.
                    var kept = LaunchFile(source: f, carrier: .kubernetes, commands: [], comments: [])
                    kept.configMapMounts = file.configMapMounts
                    kept.notices.append(Notice(path: f.path, line: 1, message: "skipped: a Helm template ({{ }}); render it (helm template) and lint the result", skip: .template, verboseOnly: true))
                    return .success(kept)
                }
            }
            var file = LaunchFile(source: f, carrier: .kubernetes, commands: [], comments: [])
            file.notices.append(Notice(path: f.path, line: 1, message: "skipped: a Helm template ({{ }}); render it (helm template) and lint the result", skip: .template, verboseOnly: true))
            return .success(file)
        }
        if let p = YAMLGuard.check(text, allowAliases: true) { return .failure(InputError(path: f.path, line: p.line, column: 1, message: p.message)) }
        let y = YAMLSource(file: f)
        do {
            var commands: [LaunchCommand] = []
            var settings: [(String, EnvValue)] = []
            var mounts: [ConfigMapMount] = []
            for doc in try YAMLSource.documents(text) {
                guard case .mapping(let m) = doc, let kind = m["kind"]?.string, kinds.contains(kind) else { continue }
                let name = m["metadata"]?.mapping?["name"]?.string ?? "?"
                var spec = m["spec"]
                if kind == "CronJob" { spec = spec?.mapping?["jobTemplate"]?.mapping?["spec"] }
                if kind != "Pod" { spec = spec?.mapping?["template"]?.mapping?["spec"] }
                guard let containers = spec?.mapping?["containers"]?.sequence else { continue }
                mounts += configMapMounts(spec?.mapping, containers, y)
                for c in containers {
                    guard let cm = c.mapping else { continue }
                    let cname = cm["name"]?.string ?? "?"
                    var env: [String: EnvValue] = [:]
                    for e in cm["env"]?.sequence ?? [] {
                        guard let em = e.mapping, let k = em["name"]?.string, let v = em["value"] else { continue }
                        let st = y.offset(v)
                        env[k] = EnvValue(value: v.string ?? "", range: SourceRange(file: f, start: st, end: y.tokenEnd(st, flow: false)))
                        settings.append((k, env[k]!))
                    }
                    var words: [ShellWord] = [], removal: [Range<Int>] = []
                    var listForm = true, exact = true, blockIndent: String?
                    for key in ["command", "args"] {
                        guard let n = cm[key] else { continue }
                        let part = try y.command(n, what: "\(kind) \(name), container \(cname): \(key)")
                        if part.commands.count != 1 || !part.listForm { listForm = false }
                        exact = exact && part.exact
                        for (k, cmd) in part.commands.enumerated() { words += cmd.words; removal += part.removal[k] }
                        if part.listForm, let last = part.commands.first?.words.last { blockIndent = y.blockListIndent(of: last) }
                    }
                    guard !words.isEmpty else { continue }
                    var lc = LaunchCommand(file: f, carrier: .kubernetes, place: "\(kind) \(name), container \(cname)",
                                           command: ShellCommand(words: words), env: env, removal: removal, listForm: listForm)
                    lc.exactOffsets = exact
                    lc.blockListIndent = blockIndent
                    commands += DockerfileParser.unwrap(lc)
                }
            }
            var file = LaunchFile(source: f, carrier: .kubernetes, commands: commands, comments: lineComments(f))
            file.settings = settings
            file.configMapMounts = mounts
            return .success(file)
        } catch {
            return .failure(YAMLSource.yamlError(error, f))
        }
    }
}

extension KubernetesParser {
    /// The pod's `configMap` volumes joined to its containers' `volumeMounts`.
    static func configMapMounts(_ spec: Node.Mapping?, _ containers: Node.Sequence, _ y: YAMLSource) -> [ConfigMapMount] {
        var volumes: [String: (name: String, items: [String: String])] = [:]
        for v in spec?["volumes"]?.sequence ?? [] {
            guard let vm = v.mapping, let name = vm["name"]?.string, let cm = vm["configMap"]?.mapping, let cmName = cm["name"]?.string else { continue }
            var items: [String: String] = [:]
            for it in cm["items"]?.sequence ?? [] {
                if let k = it.mapping?["key"]?.string, let p = it.mapping?["path"]?.string { items[k] = p }
            }
            volumes[name] = (cmName, items)
        }
        guard !volumes.isEmpty else { return [] }
        var out: [ConfigMapMount] = []
        for c in containers {
            for m in c.mapping?["volumeMounts"]?.sequence ?? [] {
                guard let mm = m.mapping, let name = mm["name"]?.string, let vol = volumes[name],
                      let node = mm["mountPath"], let mountPath = node.string, mountPath.hasPrefix("/") else { continue }
                let by = y.file.position(of: y.offset(node)).line
                var key: String?
                if let sub = mm["subPath"]?.string, !sub.isEmpty {
                    // subPath names a file of the volume: an items path maps back to its key.
                    key = vol.items.first { $0.value == sub }?.key ?? (vol.items.isEmpty ? sub : nil)
                    if key == nil { continue }
                }
                out.append(ConfigMapMount(container: Path.normalize(mountPath), configMap: vol.name, key: key, items: vol.items,
                                          by: "\(y.file.path):\(by)"))
            }
        }
        return out
    }
}

/// Helm template actions masked out of a manifest, offsets kept: an action alone on its lines (`{{- if … }}`,
/// `{{ toYaml … | nindent 8 }}`) becomes blanks, one inside a value becomes `x`s (a plain scalar). Both branches of
/// an `if` stay; a template that no longer reads as YAML is left to the caller's notice.
enum HelmMask {
    static func mask(_ bytes: [UInt8]) -> [UInt8]? {
        var out = bytes
        var i = 0
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}"), nl = UInt8(ascii: "\n")
        // Whether something other than blanks (or actions blanked as alone) precedes `i` on its line: kept as the
        // pass goes, so each byte is read a bounded number of times.
        var textBefore = false
        while i < out.count {
            guard i + 1 < out.count, out[i] == open, out[i + 1] == open else {
                if out[i] == nl { textBefore = false } else if out[i] != 0x20, out[i] != 0x09, out[i] != 0x0D { textBefore = true }
                i += 1
                continue
            }
            var j = i + 2
            while j + 1 < out.count, !(out[j] == close && out[j + 1] == close) { j += 1 }
            guard j + 1 < out.count else { return nil }
            let end = j + 2
            var le = end
            while le < out.count, out[le] == 0x20 || out[le] == 0x09 || out[le] == 0x0D { le += 1 }
            let alone = !textBefore && (le == out.count || out[le] == nl || (le + 1 < out.count && out[le] == open && out[le + 1] == open))
            for k in i..<end where out[k] != nl { out[k] = alone ? 0x20 : UInt8(ascii: "x") }
            // An action spanning lines ends on another line: what precedes its end there is the action itself.
            if !alone { textBefore = true } else if bytes[i..<end].contains(nl) { textBefore = false }
            i = end
        }
        return out
    }
}
