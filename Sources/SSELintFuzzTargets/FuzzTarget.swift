import SSELint
import SSELintCore
import SSELintLaunch
import SSELintNginx
import SSELintProxy
import SSELintRules
import SSELintShell
import SSELintSource

/// Fuzz entry points, one per parser family: what `sselint-fuzz` runs under libFuzzer (fuzz/run.sh) and what the
/// regression tests replay for every crash the fuzzers found.
public enum FuzzTarget: String, CaseIterable, Sendable {
    case nginx, shell, dockerfile, compose, kubernetes, systemd, python, javascript, go, rust, regex, engine, haproxy, caddyfile, traefik, apache, hcl, platform

    /// Runs one input through the parser and everything that reads its result. Must never trap or hang.
    public func run(_ bytes: [UInt8]) {
        switch self {
        case .nginx:
            // Includes resolve under a prefix that does not exist: nothing outside the input is read.
            let path = "/nonexistent-sselint-fuzz/nginx.conf"
            let ws = NginxWorkspace(settings: Settings(), overlay: [path: bytes])
            _ = CrossplaneOutput.render(path, workspace: ws, singleFile: true)
            // A large file is parsed in two parts: cut anywhere, the joined tree must be the whole parse's.
            if !NginxParser.splitParseAgrees(SourceFile(path: path, bytes: bytes)) { fatalError("the parse in parts differs from the whole parse") }
            guard case .success(let file) = ws.file(path) else { return }
            let resolved = ws.resolve(file, prefix: "/nonexistent-sselint-fuzz")
            let analysis = NginxAnalysis(config: resolved, settings: Settings())
            for rule in RuleCatalog.nginxRules {
                var ctx = RuleContext(metadata: RuleCatalog.metadata[rule.id]!, settings: Settings())
                rule.check(any: analysis, &ctx)
            }
        case .shell:
            _ = ShellParser.parse(bytes)
            _ = launch(bytes, "run.sh", .shell)
        case .dockerfile: _ = launch(bytes, "Dockerfile", .dockerfile)
        case .compose: _ = launch(bytes, "compose.yaml", .compose)
        case .kubernetes: _ = launch(bytes, "deploy.yaml", .kubernetes)
        case .systemd: _ = launch(bytes, "app.service", .systemd)
        case .python: _ = PythonScanner.scan(SourceFile(path: "app.py", bytes: bytes))
        case .javascript:
            _ = AppScanner.javaScript(SourceFile(path: "app.ts", bytes: bytes))
            _ = AppScanner.javaScript(SourceFile(path: "app/api/chat/route.tsx", bytes: bytes))
        case .haproxy:
            // The parser and what PRX004 reads from it (timeouts, backends, ACL expansion).
            guard case .success(let cfg) = HAProxyConfig.parse(SourceFile(path: "haproxy.cfg", bytes: bytes)) else { return }
            for s in cfg.sections where s.isProxy { _ = cfg.timeout("server", of: s); _ = cfg.backends(of: s) }
        case .caddyfile:
            // The parser and what PRX007 reads from it (global options, snippets, durations).
            guard case .success(let cf) = Caddyfile.parse(SourceFile(path: "Caddyfile", bytes: bytes)) else { return }
            for s in cf.sites { _ = cf.expanded(s.directives) }
            for d in cf.global { _ = d.child("timeouts")?.child("write").map { $0.args.first.flatMap(Caddyfile.seconds) } }
        case .traefik:
            // TOML when the first byte is even, else YAML (file provider, compose labels, CRDs); then the model and
            // the middleware chains PRX005/PRX008 walk.
            let toml = (bytes.first ?? 0) % 2 == 0
            guard case .success(let t) = TraefikFile.parse(SourceFile(path: toml ? "dynamic.toml" : "dynamic.yml", bytes: Array(bytes.dropFirst()))) else { return }
            let model = TraefikModel([t])
            for r in model.routers { _ = model.middlewares(of: r); _ = r.paths }
        case .apache:
            // The parser and what PRX002/PRX004 read from it (ProxyPass lines, their sections, timeouts).
            guard case .success(let cfg) = ApacheConfig.parse(SourceFile(path: "site.conf", bytes: bytes)) else { return }
            for (pass, enclosing) in cfg.proxyPasses { _ = cfg.backendTimeout(pass, in: enclosing); _ = pass.scheme; _ = pass.flushPackets }
        case .hcl:
            // The Terraform reader and what is read from it: every block and attribute with its line, the resources
            // the timeout rules look at, and the module resolver (the same input as a main.tf and a terraform.tfvars).
            let source = SourceFile(path: "main.tf", bytes: bytes)
            guard let file = try? HCLFile.parse(source) else { return }
            let module = TerraformModule(files: [file, HCLFile(source: SourceFile(path: "terraform.tfvars", bytes: bytes), body: file.body)])
            var bodies = [file.body]
            while let body = bodies.popLast() {
                for a in body.attributes { _ = module.resolve(a.value).description; _ = file.line(of: a.nameRange.lowerBound); _ = source.text(a.valueRange) }
                for b in body.blocks { bodies.append(b.body); _ = file.line(of: b.range.lowerBound); _ = b.body.attribute("timeout") }
            }
            for type in ["aws_lb", "aws_api_gateway_integration", "aws_cloudfront_distribution", "google_cloud_run_v2_service", "google_cloud_run_service"] {
                _ = file.resources(type: type).map { $0.body.block("template")?.body.blocks("spec") }
            }
            // The platform limits PRX004/PLT001/PLT002 read from the module.
            for l in PlatformLimits.terraform([file]) { _ = source.text(l.range); _ = l.seconds }
        case .platform:
            // vercel.json, App Engine app.yaml, a Knative Service or a package.json by the first byte, then what is
            // read from them.
            let names = ["vercel.json", "app.yaml", "service.yaml", "package.json"]
            let f = SourceFile(path: names[Int(bytes.first ?? 0) % names.count], bytes: Array(bytes.dropFirst()))
            if f.path == "package.json" {
                for s in (try? PackageJSON.read(f))?.scripts ?? [] { _ = f.text(s.range); _ = f.position(of: s.range.lowerBound) }
                return
            }
            for l in (try? PlatformLimits.read(f)) ?? [] { _ = f.text(l.range); _ = f.position(of: l.range.lowerBound) }
        case .go: _ = AppScanner.go(SourceFile(path: "main.go", bytes: bytes))
        case .rust: _ = AppScanner.rust(SourceFile(path: "main.rs", bytes: bytes))
        case .regex:
            // Pattern, NUL, subject: the location-regex matcher must stay linear whatever both are.
            let cut = bytes.firstIndex(of: 0) ?? bytes.count
            let pattern = String(decoding: bytes[..<cut], as: UTF8.self)
            let subject = String(decoding: bytes[min(cut + 1, bytes.count)...], as: UTF8.self)
            _ = LinearRegex(pattern, caseInsensitive: bytes.count % 2 == 0)?.matches(subject)
        case .engine:
            // The whole run on one stdin input whose kind the first byte picks: parsers, rules, suppressions, fixes.
            let names = ["nginx.conf", "Dockerfile", "compose.yaml", "app.py", "app.ts", "main.go", "run.sh", ".env"]
            guard let first = bytes.first else { return }
            var o = LintOptions()
            o.isolated = true
            o.respectGitignore = false
            o.stdin = ("/nonexistent-sselint-fuzz/" + names[Int(first) % names.count], Array(bytes.dropFirst()))
            _ = Linter(options: o).lintAndFix(["-"], unsafe: true)
        }
    }

    private func launch(_ bytes: [UInt8], _ name: String, _ carrier: Carrier) -> LaunchAnalysis? {
        let f = SourceFile(path: name, bytes: bytes)
        guard case .success(let file) = LaunchFiles.parse(f, carrier: carrier, read: { _ in nil }) else { return nil }
        let analysis = LaunchAnalysis(file: file, settings: Settings())
        for rule in RuleCatalog.launchRules {
            var ctx = RuleContext(metadata: RuleCatalog.metadata[rule.id]!, settings: Settings())
            rule.check(any: analysis, &ctx)
        }
        return analysis
    }
}
