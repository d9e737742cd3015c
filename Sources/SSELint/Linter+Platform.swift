import SSELintCore
import SSELintLaunch
import SSELintRules

extension Linter {
    /// The hosting platform's limits, once per run: Terraform read per module (one directory, with its variables
    /// and tfvars), vercel.json and App Engine app.yaml, Knative/Cloud Run Service manifests among the launch
    /// files, and Next.js route segment `maxDuration` when nothing says the Next app is self-hosted.
    static func platformLimits(_ inputs: Inputs, _ launchFiles: [LaunchFile], _ deployment: Deployment) -> [PlatformLimit] {
        var out: [PlatformLimit] = []
        let modules = Dictionary(grouping: inputs.terraform, by: { Path.dirname($0.source.path) })
        for dir in modules.keys.sorted() { out += PlatformLimits.terraform(modules[dir] ?? []) }
        out += inputs.platformFiles.flatMap { $0 }
        for f in launchFiles where f.carrier == .kubernetes && f.source.bytes.count < 8 << 20 {
            guard f.source.bytes.containsBytes(Array("serving.knative.dev/".utf8)) else { continue }
            out += (try? PlatformLimits.read(f.source)) ?? []
        }
        // A route's maxDuration means something only on Vercel: not when its Next app serves itself.
        let stack = deployment.stack
        let selfHosted = stack.nextConfigs.compactMap { c -> String? in
            let path = deployment.apps[c.file].source.path
            return c.config.output == "standalone" || stack.selfHostedLaunch(configPath: path) != nil ? Path.dirname(path) : nil
        }
        do {
            for a in deployment.apps where !selfHosted.contains(where: { AppStackModel.contains($0, a.source.path) })
                && !(stack.nextConfigs.isEmpty && !stack.nodeServerLaunches.isEmpty) {
                // The route's own stream: an SSE response, or an AI SDK stream response.
                guard let (seconds, range) = a.maxDuration else { continue }
                let sse = a.responses.first { $0.isSSE && $0.streams }.map { ($0.kind, $0.range) } ?? a.aiSDKStream.map { (a.source.text($0), $0) }
                guard let (what, at) = sse else { continue }
                var l = PlatformLimit(kind: .deadline, platform: "Vercel Functions", setting: "maxDuration", seconds: seconds, written: true,
                                      source: a.source, range: range, resource: a.routes.first.map { "route \($0.path)" } ?? a.source.path)
                l.streams = "\(what) at line \(a.source.position(of: at.lowerBound).line)"
                out.append(l)
            }
        }
        return out
    }
}

extension Linter {
    /// Line comments (`#` or `//`, outside double-quoted strings) of a platform file, for inline suppressions; the
    /// text without its marker, as the other readers keep it.
    static func hashComments(_ f: SourceFile) -> [Comment] {
        let b = f.bytes
        var out: [Comment] = [], i = 0, inString = false
        while i < b.count {
            let c = b[i]
            if c == 0x0A { inString = false; i += 1; continue }
            if inString {
                if c == 0x5C { i += 2; continue }
                if c == 0x22 { inString = false }
                i += 1; continue
            }
            if c == 0x22 { inString = true; i += 1; continue }
            let slashes = c == 0x2F && i + 1 < b.count && b[i + 1] == 0x2F
            if c == 0x23 || slashes {
                var e = i
                while e < b.count, b[e] != 0x0A { e += 1 }
                let start = i + (slashes ? 2 : 1)
                out.append(Comment(text: f.text(start..<e), start: i, end: e))
                i = e; continue
            }
            i += 1
        }
        return out
    }
}
