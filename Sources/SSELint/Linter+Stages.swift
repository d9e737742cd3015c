import SSELintCore
import SSELintLaunch
import SSELintNginx
import SSELintProxy
import SSELintRules
import SSELintSource

/// The engine in named stages: discover → read (each input parsed once, in parallel) → model (the deployment,
/// built from finished inputs and not changed after) → judge (the rules of each input) → finish (per-file
/// configuration, suppressions, baseline, fix limits). `lint` calls them in this order.
extension Linter {
    /// What the judging stages fill as they go.
    struct Run {
        var report: Report
        var findings: [Finding] = []
        /// Linted files in the order they were judged, and their sources for inline suppressions.
        private(set) var linted: [String] = []
        /// `linted` as a set, brought up to date when a file is linted one by one (the first config's thousands of
        /// files, known to be distinct, are never hashed in a run of one config).
        private var seenFiles: Set<String> = []
        private var seenCount = 0
        /// Linted files whose comments no stage has looked at (`finish` looks).
        private(set) var unchecked: [String] = []
        var sources: [String: (SourceFile, [Comment])] = [:]
        /// Which rules ran on each file (a suppression of a rule that ran and found nothing is stale).
        var ran: [String: Set<RuleID>] = [:]
        /// The same for the files of each nginx config, all of which ran its rules: merged into `ran` only when a
        /// suppression asks (a table entry for each of a split config's thousands of files was made for none).
        var ranByConfig: [(files: [SourceFile], rules: Set<RuleID>)] = []
        /// How many `include` sites pulled in each nginx file (fixes leave shared snippets alone).
        var includeSites: [String: Int] = [:]
        /// Findings already reported, by rule, file, offset and message (a file included in two places reports once).
        var seenFindings: Set<FindingKey> = []
        struct FindingKey: Hashable {
            let rule: RuleID; let path: String; let offset: Int; let message: String
            // Equal keys still compare their messages; hashing a message of 200 bytes per finding was most of
            // de-duplicating a large config's findings, and one place rarely holds two findings of a rule.
            func hash(into h: inout Hasher) { h.combine(rule); h.combine(path); h.combine(offset) }
        }
        /// Configs written inside other files, by carrying file (their fixes are limited like included files').
        var carried: [String: [Entry]] = [:]

        init(report: Report) { self.report = report }

        mutating func lint(_ path: String) { if isNew(path) { unchecked.append(path) } }

        /// Whether `path` was not linted yet; lints it.
        private mutating func isNew(_ path: String) -> Bool {
            if seenCount < linted.count {
                seenFiles.reserve(more: linted.count - seenCount)
                for p in linted[seenCount...] { seenFiles.insert(p) }
                seenCount = linted.count
            }
            guard seenFiles.insert(path).inserted else { return false }
            linted.append(path)
            seenCount = linted.count
            return true
        }

        /// The files of a resolved config: each new one linted, with its comments when it was parsed at its own path.
        /// `distinct`: no two of the paths are equal (then, before any other file, they are taken whole).
        mutating func lint(_ files: [SourceFile], parsed: [NginxFile?], distinct: Bool) {
            let whole = distinct && linted.isEmpty
            for (k, f) in files.enumerated() {
                if whole { linted.append(f.path) } else if !isNew(f.path) { continue }
                guard k > 0, k - 1 < parsed.count, let p = parsed[k - 1] else { unchecked.append(f.path); continue }
                if !p.comments.isEmpty, sources[f.path] == nil {
                    sources[f.path] = (p.source, p.comments.map { Comment(text: $0.text, start: $0.start, end: $0.end) })
                }
            }
        }

        /// `ran` with every nginx config's rules on its files.
        func ranOnEveryFile() -> [String: Set<RuleID>] {
            var all = ran
            for (files, rules) in ranByConfig {
                // One lookup a file: the entry is made or widened in place.
                func widen(_ had: inout Set<RuleID>) {
                    if had.isEmpty { had = rules } else if !rules.isSubset(of: had) { had.formUnion(rules) }
                }
                all.reserve(more: files.count)
                for f in files { widen(&all[f.path, default: []]) }
            }
            return all
        }
    }

    /// Every input read and parsed once: launch files (Python ones tokenized once for both readings), app code,
    /// nginx entries including the configs written inside other files.
    struct Inputs {
        var entries: [Entry]
        var launchFiles: [LaunchFile]
        var deployment: Deployment
        var proxies: [(name: String, path: String)]
        /// HAProxy configs and Caddyfiles, parsed.
        var haproxy: [HAProxyConfig]
        var caddy: [Caddyfile]
        var caddyJSON: [CaddyJSONConfig]
        var apache: [ApacheConfig]
        /// Traefik's own files (static and file-provider config); labels and CRDs are read from the launch files.
        var traefik: [TraefikFile]
        /// Envoy configs (bootstrap, RDS), checked as YAML.
        var envoy: [SourceFile]
        /// Terraform files and the other platform files (vercel.json, App Engine app.yaml), read.
        var terraform: [HCLFile] = []
        var platformFiles: [[PlatformLimit]] = []
        var packages: [PackageJSON] = []
    }

    /// The cross-file model: the deployment with every nginx verdict recorded, each nginx entry resolved and
    /// analysed, and what the deployment tells launch rules.
    struct Model {
        struct NginxEntry {
            let entry: Entry
            let config: Configuration
            let settings: Settings
            let resolved: ResolvedConfig
            let analysis: NginxAnalysis
            /// What `nginx -t` would reject (`NginxDirectiveTable.check`); a large config's is checked on another
            /// core while its analysis is made.
            let checked: Parallel.Pending<(errors: [InputError], notices: [Notice])>
        }
        let deployment: Deployment
        let nginx: [NginxEntry]
        let haproxy: [HAProxyConfig]
        let caddy: [Caddyfile]
        let caddyJSON: [CaddyJSONConfig]
        let apache: [ApacheConfig]
        let traefik: [TraefikFile]
        let envoy: [SourceFile]
        /// Traefik's routers and middlewares from every provider (its files, compose labels, CRDs), with the files
        /// that write them and their comments; and the deployment's whole-response route timeouts.
        let traefikFiles: [(TraefikFile, [Comment])]
        let traefikModel: TraefikModel
        let routeTimeouts: RouteTimeouts
        /// The hosting platform's limits on every response (load balancers, CDNs, serverless deadlines), read from
        /// infrastructure files and route config.
        var platform: [PlatformLimit] = []
        /// Entries by carrying file, for the findings in configs written inside other files.
        let carried: [String: [Entry]]
        let launchFiles: [LaunchFile]
        let launchContext: LaunchAnalysis.Context
    }

    func read(_ found: Discovered, paths: [String], _ ws: NginxWorkspace, _ report: inout Report) -> Inputs {
        let (launchFiles, pythonScans) = parseLaunchFiles(found.launch, ws, &report)
        let deployment = scanApps(launchFiles: launchFiles, python: pythonScans, appPaths: found.app, roots: paths.filter { $0 != "-" }, ws, &report)
        for file in launchFiles { report.notices += file.notices }
        var haproxy: [HAProxyConfig] = [], caddy: [Caddyfile] = [], traefik: [TraefikFile] = [], envoy: [SourceFile] = [], apache: [ApacheConfig] = [], caddyJSON: [CaddyJSONConfig] = []
        var terraform: [HCLFile] = [], platformFiles: [[PlatformLimit]] = [], packages: [PackageJSON] = []
        var seenProxies: Set<String> = []
        for p in found.proxies where Discovery.linted.contains(p.name) {
            // Named and also found in a named directory: read once.
            guard seenProxies.insert(FileSystem.realPath(p.path) ?? Path.normalize(p.path)).inserted else { continue }
            let bytes: [UInt8]
            switch ws.bytes(p.path) {
            case .success(let b): bytes = b
            case .failure(let e): report.errors.append(e); continue
            }
            let source = SourceFile(path: Path.normalize(p.path), bytes: bytes)
            let parsed: Result<Void, InputError>
            switch p.name {
            case "Caddy" where source.path.lowercased().hasSuffix(".json"): parsed = CaddyJSONConfig.parse(source).map { caddyJSON.append($0) }
            case "Caddy": parsed = Caddyfile.parse(source).map { caddy.append($0) }
            case "Traefik": parsed = TraefikFile.parse(source).map { traefik.append($0) }
            case "Envoy": parsed = RouteTimeouts.checkYAML(source).map { envoy.append(source) }
            case "Apache": parsed = ApacheConfig.parse(source).map { apache.append($0) }
            case "Terraform":
                parsed = Self.reading(source) { try HCLFile.parse(source) }.map { terraform.append($0) }
            case "Package":
                parsed = Self.reading(source) { try PackageJSON.read(source) }.map { packages.append($0) }
            case "Platform":
                parsed = Self.reading(source) { try PlatformLimits.read(source) }.map { platformFiles.append($0) }
            default: parsed = HAProxyConfig.parse(source).map { haproxy.append($0) }
            }
            switch parsed {
            case .success: break
            case .failure(let e): report.errors.append(e)
            }
        }
        return Inputs(entries: found.entries + embeddedEntries(launchFiles, ws, &report), launchFiles: launchFiles,
                      deployment: deployment, proxies: found.proxies, haproxy: haproxy, caddy: caddy, caddyJSON: caddyJSON, apache: apache, traefik: traefik, envoy: envoy,
                      terraform: terraform, platformFiles: platformFiles, packages: packages)
    }

    /// A throwing reader's result; anything but an InputError becomes one at the file's start.
    static func reading<T>(_ source: SourceFile, _ read: () throws -> T) -> Result<T, InputError> {
        Result { try read() }.mapError { $0 as? InputError ?? InputError(path: source.path, line: 1, column: 1, message: "\($0)") }
    }

    func buildModel(_ inputs: Inputs, paths: [String], _ ws: NginxWorkspace, _ report: inout Report) -> Model {
        var clock = StageClock()
        let (launchFiles, deployment, proxies) = (inputs.launchFiles, inputs.deployment, inputs.proxies)
        deployment.read(packages: inputs.packages)
        // Launch files and app code first: the nginx verdicts use what the app sends, and the app and launch
        // verdicts use what nginx does (one cross-file model for the whole run).
        // Infrastructure files are not proxies the app's headers speak to (HDR005).
        deployment.otherProxies = proxies.map(\.name).filter { !Discovery.platformInputs.contains($0) }
        for p in proxies where deployment.otherProxyLocations[p.name] == nil && !Discovery.platformInputs.contains(p.name) {
            deployment.otherProxyLocations[p.name] = SourceRange(file: SourceFile(path: p.path, bytes: []), start: 0, end: 0)
        }
        // Traefik configured by labels or CRDs, Envoy or Istio by manifests: proxies of this deployment too.
        var traefikFiles = inputs.traefik.map { ($0, $0.comments) }
        var routeTimeouts = RouteTimeouts()
        let proxyCarriers = launchFiles.filter { $0.carrier == .compose || $0.carrier == .kubernetes }
        // Traefik labels and CRDs read side by side (each file on its own), kept in the files' order.
        for (f, t) in zip(proxyCarriers, Parallel.map(proxyCarriers) { TraefikFile.scan($0.source) }) {
            if let t { traefikFiles.append((t, f.comments)) }
            if f.carrier == .kubernetes { routeTimeouts.scan(f.source) }
        }
        for f in inputs.envoy { routeTimeouts.scan(f) }
        let traefikModel = TraefikModel(traefikFiles.map(\.0))
        if let first = traefikFiles.first(where: { !$0.0.entries.isEmpty }), !traefikModel.isEmpty, !deployment.otherProxies.contains("Traefik") {
            deployment.otherProxies.append("Traefik")
            let e = first.0.entries[0]
            deployment.otherProxyLocations["Traefik"] = SourceRange(file: e.source, start: e.range.lowerBound, end: e.range.upperBound)
        }
        if let r = routeTimeouts.routes.first(where: { $0.kind != .httpRoute }), !deployment.otherProxies.contains("Envoy") {
            deployment.otherProxies.append("Envoy")
            deployment.otherProxyLocations["Envoy"] = SourceRange(file: r.source, start: r.anchor.lowerBound, end: r.anchor.upperBound)
        }
        // A Caddy config that turns response buffering off itself (`flush_interval -1`) needs nothing from the app.
        deployment.otherProxyUnbuffered = proxies.first { p in
            p.name == "Caddy" && ((try? ws.bytes(p.path).get()).map { let t = String(decoding: $0, as: UTF8.self); return t.contains("flush_interval -1") || t.contains("\"flush_interval\": -1") || t.contains("\"flush_interval\":-1") } ?? false)
        }?.path
        deployment.streamPath = SSEDetector.streamPathMatcher(configs.settings(configs.config(for: paths.first ?? ".", errors: &report.errors)))
        deployment.ingress = IngressFacts.scan(launchFiles.map(\.source).filter { $0.path.hasSuffix(".yaml") || $0.path.hasSuffix(".yml") })
        deployment.nginxScanned = inputs.entries.contains { $0.embedded == nil }
        let knowledge: AppKnowledge? = deployment.hasApp ? deployment : app
        let nginxImages = Parallel.map(launchFiles) { ContainerImages.scan($0.source, carrier: $0.carrier) }.flatMap { $0 }.filter(\.isNginx)
        let templateEnv = Self.templateEnv(launchFiles)
        // Every entry resolved first: an embedded config that another config includes (a ConfigMap mounted into
        // conf.d) is judged there, in the context nginx reads it in, not again alone.
        let resolved = inputs.entries.map { entry -> (Entry, Configuration, Settings, ResolvedConfig) in
            let config = configs.config(for: entry.file.source.path, errors: &report.errors)
            var settings = configs.settings(config)
            if settings.nginxVersion == nil { Self.takeVersion(from: nginxImages, for: entry.file.source.path, into: &settings) }
            var resolved = ws.resolve(entry.file, prefix: settings.nginxPrefix ?? entry.prefix)
            if resolved.files.contains(where: { NginxTemplate.isEnvsubstTemplate($0.path) }) { resolved = resolved.substituting(templateEnv) }
            return (entry, config, settings, resolved)
        }
        // An entry that another entry includes is judged there. A few configs ask each other's include counts (a
        // table of every key of a config of thousands of files hashed each of them); many, one table of them all.
        let includedKeys = resolved.count > 8 ? Set(resolved.flatMap { $0.3.includeCount.keys }) : nil
        let isIncluded = { (key: String) in includedKeys?.contains(key) ?? resolved.contains { $0.3.includeCount[key] != nil } }
        clock.lap("model › launch files, apps, resolve")
        var nginx: [Model.NginxEntry] = []
        for (entry, config, settings, r) in resolved where !entry.keys.contains(where: isIncluded) {
            let large = Self.isLarge(r)
            let checked = large ? Parallel.start { NginxDirectiveTable.check(r) } : .done(NginxDirectiveTable.check(r))
            let analysis = NginxAnalysis(config: r, settings: settings, app: knowledge, concurrently: large)
            clock.lap("model › analysis")
            deployment.record(analysis)
            nginx.append(Model.NginxEntry(entry: entry, config: config, settings: settings, resolved: r, analysis: analysis, checked: checked))
        }
        var model = Model(deployment: deployment, nginx: nginx, haproxy: inputs.haproxy, caddy: inputs.caddy, caddyJSON: inputs.caddyJSON, apache: inputs.apache, traefik: inputs.traefik, envoy: inputs.envoy,
                          traefikFiles: traefikFiles, traefikModel: traefikModel, routeTimeouts: routeTimeouts,
                          carried: Dictionary(grouping: inputs.entries.filter { $0.embedded != nil }, by: { $0.file.source.path }),
                          launchFiles: launchFiles, launchContext: launchContext(launchFiles, deployment))
        model.platform = Self.platformLimits(inputs, launchFiles, deployment)
        return model
    }

    /// What the deployment tells the launch rules of every file.
    func launchContext(_ launchFiles: [LaunchFile], _ deployment: Deployment) -> LaunchAnalysis.Context {
        var context = LaunchAnalysis.Context()
        // gunicorn configs, and those a command loads with -c (judged through that command, not again alone).
        for f in launchFiles where f.carrier == .gunicornConfig {
            if let s = f.commands.first.flatMap(ServerLaunch.find) { context.gunicornConfigs[Path.absolute(f.source.path)] = s }
        }
        context.pythonEntryScripts = Self.entryScripts(launchFiles)
        context.containerScripts = Self.containerScripts(launchFiles)
        context.localHelpers = Self.localHelperScripts(launchFiles)
        context.appWSGIStreams = deployment.wsgiStreams
        context.gracefulWorkers = Self.gracefulWorkers(deployment.apps)
        context.appServesSSE = deployment.servesSSE
        context.appStreamsEndOnShutdown = deployment.streamsEndOnShutdown
        // PY002's evidence for RUN007: blocking calls in async code of the scanned app.
        context.appBlockingCalls = deployment.apps.flatMap { a in (a.python?.blockingCalls ?? []).map { SourceRange(file: a.source, start: $0.range.lowerBound, end: $0.range.upperBound) } }
        // A config that a command loads with -c is judged through that command only (its own file has no servers).
        let readContext = context
        context.loadedConfigs = Set(Parallel.map(Self.judgedLaunches(launchFiles)) { f in
            LaunchAnalysis(file: f, settings: Settings(), context: readContext).servers.flatMap { $0.options.values.compactMap { $0.external?.file.path } }
        }.flatMap { $0 })
        return context
    }

    /// Launch files with something to judge (a Python file without commands, debug apps or uvicorn.run is not
    /// reported as linted).
    static func judgedLaunches(_ launchFiles: [LaunchFile]) -> [LaunchFile] {
        launchFiles.filter { f in !(f.commands.isEmpty && f.python.map({ $0.debugApps.isEmpty && $0.uvicornRuns.isEmpty }) ?? false) }
    }

    /// A config large enough that spreading its checks over the cores pays (a quarter MiB is thousands of
    /// directives, milliseconds of work each way; below that, starting threads costs more than it saves).
    static func isLarge(_ r: ResolvedConfig) -> Bool {
        var bytes = 0
        for f in r.files { bytes += f.bytes.count; if bytes >= 1 << 18 { return true } }
        return false
    }

    func judgeNginx(_ model: Model, _ ws: NginxWorkspace, _ run: inout Run) {
        run.carried = model.carried
        for n in model.nginx {
            var rulesRan: [String: Set<RuleID>] = [:]
            var clock = StageClock()
            var found = self.run(RuleCatalog.nginxRules, on: n.analysis, config: n.config, settings: n.settings, path: n.entry.file.source.path, ran: &rulesRan,
                                 concurrently: Self.isLarge(n.resolved))
            clock.lap("judge nginx › rules")
            // What `nginx -t` would reject (context, block, arguments) is an input error at its place.
            let checked = n.checked.value
            clock.lap("judge nginx › directive check")
            run.report.errors += checked.errors + n.resolved.errors
            run.report.notices += checked.notices + n.resolved.notices
            // The first config's counts are the run's (added one by one, each path was hashed again).
            if run.includeSites.isEmpty { run.includeSites = n.resolved.includeCount } else {
                run.includeSites.reserve(more: n.resolved.includeCount.count)
                for (path, k) in n.resolved.includeCount { run.includeSites[path, default: 0] += k }
            }
            // Without configs written inside other files, a resolved config's files have distinct paths.
            run.lint(n.resolved.files, parsed: n.resolved.parsed, distinct: ws.embedded.isEmpty)
            // One set shared by every file of the config (a union per file copied it 5,000 times in a split config).
            run.ranByConfig.append((n.resolved.files, rulesRan[n.entry.file.source.path] ?? []))
            // A file included in two places reports the same line once. Kept in place: a second list of them all
            // (mapped, then copied) was a large config's peak memory.
            run.seenFindings.reserve(more: found.count)
            var kept = 0
            // Only a config written inside another file reads differently there (asking each finding copied it).
            let mayCarry = n.entry.embedded != nil || !model.carried.isEmpty
            for i in found.indices {
                // In place, and moved rather than copied (a copy of each finding was a retain of each of its fields).
                if mayCarry, let moved = inCarrier(found[i], entry: n.entry, carried: model.carried, ws) { found[i] = moved }
                if run.seenFindings.insert(Run.FindingKey(rule: found[i].rule, path: found[i].range.file.path, offset: found[i].range.start.offset,
                                                          message: found[i].message)).inserted {
                    if kept != i { found.swapAt(kept, i) }
                    kept += 1
                }
            }
            found.removeLast(found.count - kept)
            if run.findings.isEmpty {
                run.findings = found
            } else {
                run.findings.reserve(more: kept)
                run.findings += found
            }
        }
    }

    /// App code: HDR, APP, CAN and PY rules, for files that declare something to judge (a Next.js config: APP003).
    /// Each file's configuration first, in order (the resolver is one table, not shared between threads); then the
    /// files' analyses and rules side by side (a repository has thousands of app and launch files, and an analysis
    /// reads only its own file and the finished deployment); then the findings in the files' order.
    func judgeApps(_ model: Model, _ run: inout Run) {
        let judged = model.deployment.apps.enumerated().filter { _, a in
            !a.routes.isEmpty || !a.responses.isEmpty || a.nextConfig != nil || a.python.map(PythonScanner.hasFacts) ?? false
        }
        // Without apps nothing is set up (an nginx-only run would fault in the generic code of the merge below).
        guard !judged.isEmpty else { return }
        let prepared = judged.map { rulesFor(RuleCatalog.appRules, $0.element.source.path, &run.report.errors) }
        let found = Parallel.map(Array(judged.indices)) { k in
            let analysis = AppAnalysis(fileIndex: judged[k].offset, settings: prepared[k].settings, deployment: model.deployment,
                                       enabledRules: Set(prepared[k].on.map { $0.id }))
            return RuleRunner.run(prepared[k].on, on: analysis, settings: analysis.settings)
        }
        for k in judged.indices {
            let a = judged[k].element, path = a.source.path
            run.lint(path)
            if run.sources[path] == nil { run.sources[path] = (a.source, a.comments) }
            run.ran[path, default: []].formUnion(prepared[k].on.map { $0.id })
            run.findings += found[k]
        }
    }

    /// The rules of `rules` that `path`'s configuration runs, and its settings.
    func rulesFor(_ rules: [any Rule.Type], _ path: String, _ errors: inout [InputError]) -> (on: [any Rule.Type], settings: Settings) {
        let config = configs.config(for: path, errors: &errors)
        return (rules.filter { configs.runs($0.id, config) }, configs.settings(config))
    }

    /// Server logs and probe transcripts named on the command line (`sselint logs`, `sselint probe --save`).
    func judgeEvidence(_ evidence: [String], _ ws: NginxWorkspace, _ run: inout Run) {
        for path in evidence {
            switch ws.bytes(path) {
            case .failure(let e): run.report.errors.append(e)
            case .success(let bytes):
                let source = SourceFile(path: Path.normalize(path), bytes: bytes)
                let config = configs.config(for: path, errors: &run.report.errors)
                run.lint(source.path)
                run.sources[source.path] = (source, [])
                run.findings += judge(evidence: source, config: config, settings: configs.settings(config), ran: &run.ran,
                                      report: &run.report)
            }
        }
    }

    /// Other proxies' configs in front of the app, judged with what the scanned app says about its streams.
    func judgeProxies(_ model: Model, _ run: inout Run) {
        let streams = model.deployment.allStreams
        var documents: [(ProxyAnalysis, [Comment])] = []
        func analysis(_ source: SourceFile, haproxy: HAProxyConfig? = nil, caddy: Caddyfile? = nil, apache: ApacheConfig? = nil, ingresses: [IngressObject] = [],
                      traefik: TraefikModel? = nil, traefikFile: TraefikFile? = nil) -> ProxyAnalysis {
            let settings = configs.settings(configs.config(for: source.path, errors: &run.report.errors))
            return ProxyAnalysis(source: source, haproxy: haproxy, caddy: caddy, apache: apache, ingresses: ingresses, traefik: traefik, traefikFile: traefikFile,
                                 settings: settings, appStreams: streams,
                                 streamPath: SSEDetector.streamPathMatcher(settings))
        }
        for cfg in model.haproxy { documents.append((analysis(cfg.source, haproxy: cfg), cfg.comments)) }
        for cfg in model.caddy { documents.append((analysis(cfg.source, caddy: cfg), cfg.comments)) }
        for cfg in model.apache { documents.append((analysis(cfg.source, apache: cfg), cfg.comments)) }
        for cfg in model.caddyJSON {
            let a = analysis(cfg.source)
            a.caddyJSON = cfg
            documents.append((a, []))
        }
        // Ingress objects live in the manifests the launch stage read (Helm templates included).
        for f in model.launchFiles where f.carrier == .kubernetes {
            let ingresses = IngressObject.scan(f.source)
            guard !ingresses.isEmpty else { continue }
            documents.append((analysis(f.source, ingresses: ingresses), f.comments))
            // A Helm template the launch reader skipped is judged here after all: it is not skipped.
            run.report.notices.removeAll { $0.path == f.source.path && $0.skip == .template }
        }
        // Traefik assembles its routers from every provider: its own files, compose labels, Kubernetes CRDs. One
        // model for the deployment; each file judged for the entries it writes.
        if !model.traefikModel.isEmpty {
            for (t, comments) in model.traefikFiles where !t.entries.isEmpty {
                documents.append((analysis(t.source, traefik: model.traefikModel, traefikFile: t), comments))
            }
        }
        // Envoy routes, Istio VirtualServices and Gateway API HTTPRoutes: one model (an HTTPRoute's default depends
        // on its Gateway's class and the policies that target it, often in other files), judged per file.
        let routeTimeouts = model.routeTimeouts
        for path in Set(routeTimeouts.routes.map(\.source.path)).sorted() {
            guard let route = routeTimeouts.routes.first(where: { $0.source.path == path }) else { continue }
            let a = analysis(route.source)
            a.routeTimeouts = routeTimeouts
            let comments = model.launchFiles.first { $0.source.path == path }?.comments ?? []
            documents.append((a, comments))
        }
        // Platform limits, judged in the file that writes them (or whose resource gets the default).
        for (path, limits) in Dictionary(grouping: model.platform, by: { $0.source.path }).sorted(by: { $0.key < $1.key }) {
            let a = analysis(limits[0].source)
            a.platform = limits
            let comments = model.launchFiles.first { $0.source.path == path }?.comments
                ?? model.deployment.apps.first { $0.source.path == path }?.comments ?? Self.hashComments(limits[0].source)
            documents.append((a, comments))
        }
        // Every layer once, as the findings cite them: nginx entry configs, HAProxy and Caddy files, Ingress objects.
        var layers: [(path: String, related: RelatedLocation)] = model.nginx.filter { $0.entry.embedded == nil }.map { n in
            let f = n.entry.file.source
            return (f.path, RelatedLocation(range: SourceRange(file: f, start: 0, end: 0), message: "another proxy layer of this deployment: nginx"))
        }
        for (a, _) in documents {
            if a.haproxy != nil || a.caddy != nil || a.caddyJSON != nil || a.apache != nil || a.traefikFile != nil {
                let name = a.haproxy != nil ? "HAProxy" : a.caddy != nil || a.caddyJSON != nil ? "Caddy" : a.apache != nil ? "Apache" : "Traefik"
                layers.append((a.source.path, RelatedLocation(range: SourceRange(file: a.source, start: 0, end: 0),
                                                              message: "another proxy layer of this deployment: \(name)")))
            }
            for ing in a.ingresses {
                layers.append((a.source.path, RelatedLocation(range: SourceRange(file: a.source, start: ing.kindRange.lowerBound, end: ing.kindRange.upperBound),
                                                              message: "another proxy layer of this deployment: Ingress \(ing.name)")))
            }
        }
        // Snippet annotations turned on anywhere in the tree (the controller's ConfigMap, Helm values or args).
        let snippetsAllowed = model.launchFiles.contains { f in
            // The regex only where the word is (a byte search): it ran on every launch file of the tree.
            guard f.source.bytes.containsBytes(Array("nippet".utf8)) else { return false }
            let t = String(decoding: f.source.bytes, as: UTF8.self)
            return t.range(of: #"allow-snippet-annotations["']?\s*:\s*["']?true|allowSnippetAnnotations:\s*true|enable-snippets(=true)?(?![=\w-])|enableSnippets:\s*true"#, options: .regularExpression) != nil
        }
        for (a, _) in documents {
            a.snippetsAllowed = snippetsAllowed
            // Traefik's files are one layer: they do not cite each other.
            a.otherLayers = Array(layers.filter { $0.path != a.source.path && !(a.traefikFile != nil && $0.related.message.hasSuffix(": Traefik")) }.map(\.related).prefix(4))
        }
        // nginx's findings cite the other proxies of the chain too: the layer that breaks the stream is named, the
        // others are in view.
        let proxyLayers = Array(layers.filter { !$0.related.message.hasSuffix(": nginx") }.map(\.related).prefix(3))
        if !proxyLayers.isEmpty {
            for i in run.findings.indices where run.findings[i].rule.rawValue.hasPrefix("NGX") {
                run.findings[i].related += proxyLayers.filter { !run.findings[i].related.contains($0) }
            }
        }
        for (a, comments) in documents {
            let path = a.source.path
            let config = configs.config(for: path, errors: &run.report.errors)
            run.lint(path)
            if run.sources[path] == nil { run.sources[path] = (a.source, comments) }
            run.findings += self.run(RuleCatalog.proxyRules, on: a, config: config, settings: a.settings, path: path, ran: &run.ran)
        }
    }

    /// As `judgeApps`: configurations in order, analyses and rules side by side, findings in order.
    func judgeLaunches(_ model: Model, _ run: inout Run) {
        let files = Self.judgedLaunches(model.launchFiles)
        guard !files.isEmpty else { return }
        let prepared = files.map { rulesFor(RuleCatalog.launchRules, $0.source.path, &run.report.errors) }
        let context = model.launchContext
        let found = Parallel.map(Array(files.indices)) { k in
            let analysis = LaunchAnalysis(file: files[k], settings: prepared[k].settings, context: context)
            return RuleRunner.run(prepared[k].on, on: analysis, settings: analysis.settings)
        }
        for k in files.indices {
            let path = files[k].source.path
            run.lint(path)
            run.sources[path] = (files[k].source, files[k].comments)
            run.ran[path, default: []].formUnion(prepared[k].on.map { $0.id })
            run.findings += found[k]
        }
    }

    /// Per-file configuration, inline suppressions, the baseline, order, and which fixes may be applied.
    func finish(_ run: inout Run, paths: [String], _ ws: NginxWorkspace) -> Report {
        var report = run.report
        // The findings are taken out of the run and changed in place from here on: each copy of a report of
        // thousands was megabytes at the run's peak.
        var findings = run.findings
        run.findings = []
        var sources = run.sources
        // Only files with comments can hold a suppression (a table of every file of a split config was built for
        // the few that have any).
        for path in run.unchecked where sources[path] == nil {
            if case .success(let f) = ws.file(path), !f.comments.isEmpty {
                sources[path] = (f.source, f.comments.map { Comment(text: $0.text, start: $0.start, end: $0.end) })
            }
        }
        // Per-file configuration: exclude, per-file-ignores, severity overrides.
        configs.apply(&findings, errors: &report.errors)
        if options.inlineSuppressions {
            let before = findings.count
            // The rules that ran on each file matter only to a file's suppressions.
            let ran = sources.values.contains { !$0.1.isEmpty } ? run.ranOnEveryFile() : run.ran
            report.suppressed = Suppressions.apply(&findings, sources: sources, ran: ran, configs: configs, errors: &report.errors)
            // SUP001 findings, appended after the kept ones, are new here: the per-file configuration applies to them too.
            let added = Array(findings[(before - report.suppressed.count)...])
            findings.removeLast(added.count)
            findings += added.compactMap { configs.apply($0, errors: &report.errors) }
        }
        if let baseline = options.baseline {
            let applied = Suppressions.applyBaseline(findings, baseline: baseline, linted: Set(run.linted))
            findings = applied.kept
            report.suppressed += applied.suppressed
            report.staleBaseline = applied.stale
        }
        findings.sort { ($0.range.file.path, $0.range.start.offset, $0.rule) < ($1.range.file.path, $1.range.start.offset, $1.rule) }
        var seenErrors: Set<InputError> = []
        report.errors = report.errors.filter { seenErrors.insert($0).inserted }
        report.notices = Array(Set(report.notices)).sorted { ($0.path, $0.line, $0.message) < ($1.path, $1.line, $1.message) }
        report.files = run.linted
        // Files only: an embedded config's key (`carrier#/container/path`) names no file.
        sharedFiles = Set(run.includeSites.filter { $0.value > 1 && !$0.key.contains("#/") }.keys)
        // A fix may touch what the user named and, for a file named alone, the project around it: `sselint
        // deploy/nginx.conf --fix` fixes the snippets that config includes inside the repository.
        let roots = paths.map { Path.absolute($0 == "-" ? (options.stdin?.path ?? $0) : $0) }
            + paths.filter { $0 != "-" && FileSystem.kind($0) == .file }.map { Self.projectRoot(of: $0) }
        let rootPrefixes = roots.map { (root: $0, prefix: $0.hasSuffix("/") ? $0 : $0 + "/") }
        var insideRoots = FixScope()
        // A file's own count limits its fix only above one: without any such, no file's count is looked up.
        let shared: [String: Int] = run.includeSites.values.contains { $0 > 1 } ? run.includeSites : [:]
        for i in findings.indices {
            // Asked of the fix's edits alone (the finding passed whole was copied, every field retained).
            guard let edits = findings[i].fix?.edits, !edits.isEmpty,
                  let why = fixLimit(edits, roots: rootPrefixes, inside: &insideRoots, sites: run.includeSites, shared: shared,
                                     carried: run.carried) else { continue }
            findings[i] = Self.limited(findings[i], why)
        }
        report.findings = findings
        return report
    }
}
