import SSELintCore

/// Owns every nginx file read in a run: each file is read and parsed once, however many configs include it.
public final class NginxWorkspace {
    public let settings: Settings
    private var cache: [String: Result<NginxFile, InputError>] = [:]
    /// Contents to use instead of the disk's (fixes being re-linted before anything is written).
    private let overlay: [String: [UInt8]]
    /// The directories being linted (absolute). An absolute include outside them and outside the config's prefix
    /// is not read from this machine: a repository's `include /etc/nginx/conf.d/*.conf` means the container's
    /// files, not the host's. nil: no restriction (tests and embedding).
    public var roots: [String]?
    /// Container paths the deployment maps to files of the tree (compose bind mounts, Dockerfile COPY), with the
    /// place that says so: an absolute include of the container's path reads the tree's file.
    public var mounts: [(container: String, host: String, by: String)] = []
    /// Configs written inside other files (ConfigMap entries, Dockerfile heredocs) at the container path the
    /// deployment gives them, under a key of their own: an include of that path splices them in. Their directives
    /// keep the carrying file's path and positions, so a fix edits the carrying file's own lines.
    public private(set) var embedded: [(container: String, key: String, by: String)] = []

    private func isFile(_ key: String, _ source: SourceFile) -> Bool {
        guard case .success(let f)? = cache[key] else { return false }
        return f.source.path == source.path && f.source.bytes == source.bytes
    }

    /// Makes `file` (parsed from a carrying file) the config at `container`; returns the key it is cached under.
    @discardableResult
    public func addEmbedded(_ file: NginxFile, container: String, by: String) -> String {
        let key = "\(file.source.path)#\(Path.normalize(container))"
        // A second run over the same workspace (project mode's pass for the files it missed) places it once.
        if cache[key] == nil { embedded.append((Path.normalize(container), key, by)) }
        cache[key] = .success(file)
        return key
    }

    public init(settings: Settings, overlay: [String: [UInt8]] = [:]) {
        self.settings = settings; self.overlay = overlay
    }

    /// The parsed file at `path` (normalized), from the cache when it was read before.
    public func file(_ path: String) -> Result<NginxFile, InputError> { cached(Path.normalize(path)) }

    /// The same for a path normalized already.
    func cached(_ key: String) -> Result<NginxFile, InputError> {
        if let hit = cache[key] { return hit }
        let result = NginxWorkspace.load(key, overlay: overlay, settings: settings)
        cache[key] = result
        return result
    }

    /// Reads and parses many files at once on every core (a tree split into thousands of includes); later
    /// `file(_:)` calls find them in the cache. What `file(_:)` gives for each of `paths`, in brief.
    @discardableResult
    public func preload(_ paths: [String]) -> [Preloaded] {
        var keys = paths.map(Path.normalize)
        // A glob's matches come sorted and distinct: checked in one pass rather than hashed and sorted again.
        let inOrder = zip(keys, keys.dropFirst()).allSatisfy({ bytewiseLess($0, $1) })
        if !inOrder { keys = Array(Set(keys)).sorted(by: bytewiseLess) }
        func parsed(_ r: Result<NginxFile, InputError>) -> Preloaded {
            if case .success(let f) = r { return .parsed(includes: !f.includes.isEmpty) }
            return .failed
        }
        let (overlay, settings) = (self.overlay, self.settings)
        // Files parsed on one core share their long words (see SharedWords). What the cache holds already is looked
        // up there too (nil: held; the table is only read meanwhile), so that each path is hashed once here.
        let results: [Result<NginxFile, InputError>?] = {
            let held = cache
            return Parallel.map(keys, minimum: 16, context: SharedWords.init) { words, key in
                held[key] == nil ? NginxWorkspace.load(key, overlay: overlay, settings: settings, words: words) : nil
            }
        }()
        cache.reserveCapacity(cache.count + keys.count)
        // Two byte spellings of one Unicode name (NFC and NFD) are one key of the cache: the first keeps it, as when
        // a Set merged them before loading (a result is nil only for a key the cache held).
        func kept(_ r: inout Result<NginxFile, InputError>) -> Preloaded { parsed(r) }
        var done: [Preloaded] = []
        done.reserveCapacity(keys.count)
        for (key, r) in zip(keys, results) { done.append(kept(&cache[key, default: r!])) }
        return inOrder ? done : paths.map { parsed(file($0)) }
    }

    /// What `preload` found for a path: it did not parse, or it did (and whether it includes other files).
    public enum Preloaded: Equatable, Sendable { case failed, parsed(includes: Bool) }

    static func load(_ key: String, overlay: [String: [UInt8]], settings: Settings, words: SharedWords? = nil) -> Result<NginxFile, InputError> {
        var bytes = overlay[key].map { Result<[UInt8], InputError>.success($0) } ?? FileSystem.read(key, limit: settings.maxFileSize)
        if NginxTemplate.isEnvsubstTemplate(key) { bytes = bytes.map(NginxTemplate.blankPlaceholderLines) }
        return bytes.flatMap { bytes in
            NginxParser.parse(SourceFile(path: key, bytes: bytes), maxNesting: settings.maxNesting, words: words).mapError { e in
                // A syntax error in a file with template markers: say so instead of the error it caused.
                guard NginxWorkspace.hasTemplateMarkers(bytes) else { return e }
                return InputError(path: e.path, line: e.line, column: e.column,
                    message: "looks like a template ({{ }}, {% %} or ${VAR} markers) and does not parse as nginx (\(e.message)); render it, then lint the result")
            }
        }.flatMap(NginxWorkspace.rejectTemplate)
    }

    /// A file's bytes: the overlay's when it holds the file (fixes being re-linted), else the disk's.
    public func bytes(_ path: String) -> Result<[UInt8], InputError> {
        let key = Path.normalize(path)
        if let o = overlay[key] { return .success(o) }
        return FileSystem.read(key, limit: settings.maxFileSize)
    }

    /// A directive name that is a template placeholder (`${VAR}`, `{{ x }}`, `{% x %}`) means the file is a
    /// template, not a config: reject it whole rather than lint a guess. Anywhere in the tree, included files too.
    static func rejectTemplate(_ f: NginxFile) -> Result<NginxFile, InputError> {
        // The parser kept the last such directive of its post-order, which is the first a walk from the end finds.
        if let d = f.templateLike {
            return .failure(InputError(at: d.range.start, in: f.source,
                "looks like a template: \"\(d.name)\" stands where a directive belongs; render it, then lint the result"))
        }
        return .success(f)
    }

    static func hasTemplateMarkers(_ b: [UInt8]) -> Bool {
        guard b.count > 1 else { return false }
        for i in 0..<(b.count - 1) where (b[i] == UInt8(ascii: "{") && (b[i + 1] == UInt8(ascii: "{") || b[i + 1] == UInt8(ascii: "%")))
            || (b[i] == UInt8(ascii: "$") && b[i + 1] == UInt8(ascii: "{")) {
            return true
        }
        return false
    }

    /// What an `include` names, as nginx resolves it: relative to the prefix; a glob expands in sorted order and
    /// may match nothing; an explicit path must exist. An absolute path that is missing is looked for again under
    /// the prefix (repositories keep `/etc/nginx/conf.d/*.conf` as `conf.d/*.conf` beside their nginx.conf).
    public func includeTargets(_ d: NginxDirective, prefix: String) -> (paths: [String], error: InputError?, notice: Notice?) {
        guard let pattern = d.arg(0), d.args.count == 1 else {
            return ([], InputError(at: d.range.start, in: d.file, "\"include\" takes exactly one argument"), nil)
        }
        let joined = Path.join(prefix, pattern)
        if pattern.hasPrefix("/"), !readableOnHost(pattern, prefix: prefix) {
            // Not the host's file: look for it in the linted tree only.
        } else if let found = existing(joined) { return (found, nil, nil) }
        if pattern.hasPrefix("/") {
            let magic = FileSystem.hasGlobMagic(pattern)
            // Never the including config itself (a conf.d entry including conf.d/*.conf).
            let found = embedded.filter { (magic ? FileSystem.matches(pattern, $0.container) : $0.container == pattern) && !isFile($0.key, d.file) }
                .sorted { bytewiseLess($0.container, $1.container) }
            if !found.isEmpty {
                return (found.map(\.key), nil, Notice(path: d.file.path, line: d.line,
                    message: "include \(pattern): read from " + found.map { "\($0.container) (\($0.by))" }.joined(separator: ", ")))
            }
            for m in mounts where pattern == m.container || pattern.hasPrefix(m.container + "/") {
                let candidate = m.host + pattern.dropFirst(m.container.count)
                if let found = existing(candidate)?.filter({ Path.normalize($0) != d.file.path }), !found.isEmpty {
                    return (found, nil, Notice(path: d.file.path, line: d.line,
                        message: "include \(pattern): read from \(candidate), mounted at \(m.container) by \(m.by)"))
                }
            }
            let parts = pattern.split(separator: "/")
            // Keep at least one directory of a glob (`conf.d/*.conf`, never a bare `*.conf`).
            let last = FileSystem.hasGlobMagic(pattern) ? parts.count - 2 : parts.count - 1
            for k in stride(from: 1, through: last, by: 1) {
                let candidate = Path.join(prefix, parts[k...].joined(separator: "/"))
                if let found = existing(candidate)?.filter({ Path.normalize($0) != d.file.path }), !found.isEmpty {
                    return (found, nil, Notice(path: d.file.path, line: d.line,
                        message: "include \(pattern): read from \(candidate) in the linted tree"))
                }
            }
            let absPrefix = Path.absolute(prefix)
            if !pattern.hasPrefix(absPrefix + "/"), NginxWorkspace.shippedWithNginx.contains(Path.basename(pattern)) {
                return ([], nil, Notice(path: d.file.path, line: d.line,
                    message: "include \(pattern): a file nginx ships, not in the linted tree; its directives were not checked"))
            }
            if !pattern.hasPrefix(absPrefix + "/") {
                if FileSystem.hasGlobMagic(pattern) { return ([], nil, nil) }
                return ([], nil, Notice(path: d.file.path, line: d.line,
                    message: readableOnHost(pattern, prefix: prefix)
                        ? "include \(pattern): not found on this machine (outside the linted tree); its directives were not checked"
                        : "include \(pattern): outside the linted tree and not mapped into it, so not read from this machine; its directives were not checked"))
            }
        }
        if FileSystem.hasGlobMagic(joined) { return ([], nil, nil) }
        if NginxWorkspace.shippedWithNginx.contains(Path.basename(pattern)) {
            return ([], nil, Notice(path: d.file.path, line: d.line,
                message: "include \(pattern): a file nginx ships, not in the linted tree; its directives were not checked"))
        }
        return ([], InputError(at: d.range.start, in: d.file, "include \"\(pattern)\": no such file (looked for \(joined))"), nil)
    }

    /// An absolute path may be read from this machine when it lies under the config's prefix (`sselint /etc/nginx`)
    /// or under a linted directory.
    func readableOnHost(_ path: String, prefix: String) -> Bool {
        guard let roots else { return true }
        let under = { (dir: String) in path == dir || path.hasPrefix(dir.hasSuffix("/") ? dir : dir + "/") }
        return under(Path.absolute(prefix)) || roots.contains(where: under)
    }

    /// Files every nginx package installs beside nginx.conf; repositories rarely carry them.
    static let shippedWithNginx: Set<String> = ["mime.types", "fastcgi_params", "fastcgi.conf", "scgi_params",
                                                "uwsgi_params", "koi-utf", "koi-win", "win-utf", "proxy_params"]

    /// Glob results by pattern: discovery and resolution both follow every include (a stat per match each time).
    private var globbed: [String: [String]?] = [:]

    private func existing(_ path: String) -> [String]? {
        if FileSystem.hasGlobMagic(path) {
            if let known = globbed[path] { return known }
            // Directories are skipped (nginx fails on them too, but configs glob `sites-enabled/*` beside
            // subfolders rarely); a dangling symlink stays in the list so that reading it reports the error nginx gives.
            let m = FileSystem.globNotDirectories(path)
            globbed[path] = .some(m.isEmpty ? nil : m)
            return m.isEmpty ? nil : m
        }
        switch FileSystem.kind(path) {
        case .missing: return nil
        default: return [path]
        }
    }
}

/// One entry config with its includes spliced in where they appear, so that every directive is seen in the
/// context nginx sees it in. Directives keep their own file and position.
public struct ResolvedConfig: Sendable {
    public let entry: NginxFile
    public let directives: [NginxDirective]
    /// Every file that contributed, entry first, each once.
    public let files: [SourceFile]
    public let errors: [InputError]
    public let notices: [Notice]
    /// How many `include` sites pulled each file in (a snippet shared by several locations has more than one).
    public let includeCount: [String: Int]
    /// For each of `files` after the entry, the parsed file when it is what `file(_:)` gives for its path (nil for
    /// an embedded config, whose path is its carrying file's, or a file cached under another spelling of its path).
    public let parsed: [NginxFile?]
}

extension NginxWorkspace {
    static let includeKey = NginxNames.knownKey("include")

    /// Adds one to a count; whether it was the first.
    static func countOne(_ n: inout Int) -> Bool { n += 1; return n == 1 }

    /// Expands the includes of `entry` (already parsed). Include cycles and chains deeper than the limit are
    /// errors at the `include` that closes them; the rest of the config is still resolved.
    public func resolve(_ entry: NginxFile, prefix: String? = nil) -> ResolvedConfig {
        let prefix = settings.nginxPrefix ?? prefix ?? Path.dirname(entry.source.path)
        var errors: [InputError] = []
        var notices: [Notice] = []
        var files: [SourceFile] = [entry.source]
        var parsed: [NginxFile?] = []
        var includeCount: [String: Int] = [:]
        var chain: [String] = [entry.source.path]
        // A file that closed a cycle is not expanded again (globs that include each other would otherwise expand
        // every cycle-free path: factorial), and the whole expansion is capped.
        var cyclic: Set<String> = []
        var expanded = 0
        var capped = false

        // `depth` counts blocks across files, so a chain of includes cannot nest deeper than one file may.
        // A list with nothing to splice below it is returned as it is (its buffer shared with the parsed file's):
        // copying every block of a config without includes was most of resolving it.
        func expand(_ list: [NginxDirective], depth: Int) -> (list: [NginxDirective], changed: Bool) {
            var out: [NginxDirective] = []
            var changed = false
            func change(_ k: Int) {
                guard !changed else { return }
                changed = true
                out.reserveCapacity(list.count)
                out.append(contentsOf: list[..<k])
            }
            let includeKey = Self.includeKey
            for k in list.indices {
                // Looked at in place: a copy of each directive of every included file was two reference counts.
                let isInclude = list[k].nameKey == includeKey && list[k].block == nil
                guard isInclude || list[k].block != nil || changed else { continue }
                var d = list[k]
                if isInclude {
                    change(k)
                    let (paths, err, note) = includeTargets(d, prefix: prefix)
                    if let err { errors.append(err) }
                    if let note { notices.append(note) }
                    // A glob of thousands of files: the tables grow once, not step by step as they fill.
                    includeCount.reserve(more: paths.count)
                    for p in paths {
                        let key = Path.normalize(p)
                        if !cyclic.isEmpty && cyclic.contains(key) { continue }
                        if chain.contains(key) {
                            errors.append(InputError(at: d.range.start, in: d.file,
                                "include cycle: \((chain + [key]).joined(separator: " → "))"))
                            cyclic.insert(key)
                            continue
                        }
                        if chain.count >= settings.maxIncludeDepth {
                            errors.append(InputError(at: d.range.start, in: d.file,
                                "includes nested deeper than \(settings.maxIncludeDepth) files"))
                            continue
                        }
                        switch cached(key) {
                        case .failure(let e): errors.append(e)
                        case .success(let f):
                            expanded += f.directiveCount
                            if expanded > settings.maxExpandedDirectives {
                                if !capped {
                                    errors.append(InputError(at: d.range.start, in: d.file,
                                        "includes expand to more than \(settings.maxExpandedDirectives) directives; stopped here"))
                                }
                                capped = true
                                continue
                            }
                            // Counted and listed with one lookup: a file is listed the first time it is counted
                            // (the entry is never counted: including it again closes a cycle, reported above).
                            if Self.countOne(&includeCount[key, default: 0]) {
                                files.append(f.source)
                                parsed.append(bytewiseEqual(f.source.path, key) ? f : nil)
                            }
                            // A file without includes, nested no deeper than allowed here, is spliced in as it is
                            // (walking each of its directives found nothing to change: a split config's thousands).
                            if f.includes.isEmpty && depth + f.nesting <= settings.maxNesting {
                                out.append(contentsOf: f.directives)
                            } else {
                                chain.append(key)
                                out.append(contentsOf: expand(f.directives, depth: depth).list)
                                chain.removeLast()
                            }
                        }
                    }
                    continue
                }
                if let block = d.block {
                    if depth >= settings.maxNesting {
                        errors.append(InputError(at: d.range.start, in: d.file,
                            "blocks nested deeper than \(settings.maxNesting) levels through includes"))
                        change(k)
                        d.block = []
                    } else {
                        let inner = expand(block, depth: depth + 1)
                        if inner.changed { change(k); d.block = inner.list }
                    }
                }
                if changed { out.append(d) }
            }
            return changed ? (out, true) : (list, false)
        }
        // A file without includes, nested no deeper than allowed, is its own resolved config.
        let directives = entry.includes.isEmpty && entry.nesting <= settings.maxNesting ? entry.directives : expand(entry.directives, depth: 0).list
        return ResolvedConfig(entry: entry, directives: directives, files: files, errors: errors, notices: notices,
                              includeCount: includeCount, parsed: parsed)
    }
}
