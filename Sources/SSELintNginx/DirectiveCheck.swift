import SSELintCore

/// nginx's own checks, as `nginx -t` makes them: where a directive may stand, whether it takes a block, and how many
/// arguments it takes. The table (Generated/) holds the `ngx_command_t` masks of nginx and its common modules; a
/// directive it does not know (a third-party module) gets a notice, not an error. This is what catches a missing `;`
/// that makes the next directive arguments (`listen 80` + `location /x {…}` becomes a `listen` block) and a BOM glued
/// to the first directive name.
public enum NginxDirectiveTable {
    static let block: UInt32 = 0x100, flag: UInt32 = 0x200, any: UInt32 = 0x400, oneMore: UInt32 = 0x800, twoMore: UInt32 = 0x1000
    /// Context masks (crossplane's CONTEXTS), by the chain of blocks that leads there. A list: a context is a small
    /// number while a config is walked, and a dictionary keyed by chains of names cost more to set up than its lookups.
    static let contextList: [[String]] = [
        [], ["events"], ["mail"], ["mail", "server"], ["stream"], ["stream", "server"], ["stream", "upstream"], ["http"],
        ["http", "server"], ["http", "location"], ["http", "upstream"], ["http", "server", "if"], ["http", "location", "if"],
        ["http", "location", "limit_except"],
    ]
    static let contextMasks: [UInt32] = [
        0x40000, 0x80000, 0x100000, 0x200000, 0x400000, 0x800000, 0x1000000, 0x2000000, 0x4000000, 0x8000000, 0x10000000,
        0x20000000, 0x40000000, 0x80000000,
    ]
    static func contextNumber(_ chain: [String]) -> Int? { contextList.firstIndex(of: chain) }

    static let dataBlocks: Set<String> = ["map", "types", "geo", "split_clients", "charset_map", "match", "js_set", "perl_set"]

    public static func knows(_ name: String) -> Bool { masks[name] != nil }

    /// Errors nginx would refuse the config for, and one notice per directive it would not know.
    public static func check(_ config: ResolvedConfig) -> (errors: [InputError], notices: [Notice]) {
        let top = Set(config.directives.filter { $0.block != nil }.map(\.name))
        let first = check(config, streamSnippet: false)
        // A file of server/upstream blocks named alone may belong in `stream {}` as well as in `http {}`.
        guard !first.errors.isEmpty, !top.isDisjoint(with: ["server", "upstream"]) else { return first }
        let stream = check(config, streamSnippet: true)
        return stream.errors.count < first.errors.count ? stream : first
    }

    static func check(_ config: ResolvedConfig, streamSnippet: Bool) -> (errors: [InputError], notices: [Notice]) {
        var errors: [InputError] = [], notices: [Notice] = []
        var unknown: Set<String> = []
        // The context of the entry's top level: a main config, a conf.d file (server/upstream: http), a server
        // snippet (location: http server); otherwise unknown, and only blocks and arguments are checked.
        let top = Set(config.directives.map(\.name))
        let topBlocks = Set(config.directives.filter { $0.block != nil }.map(\.name))
        let start: [String]?
        if !top.isDisjoint(with: ["http", "events", "stream", "mail", "worker_processes", "pid", "user"]) { start = [] }
        else if streamSnippet { start = ["stream"] }
        else if !topBlocks.isDisjoint(with: ["server", "upstream", "map"]) || !top.isDisjoint(with: ["log_format", "proxy_cache_path"]) { start = ["http"] }
        else if topBlocks.contains("location") { start = ["http", "server"] }
        else { start = nil }
        // Each block's context is looked up once per kind of block (context and name), not per block or directive.
        // A config has a few kinds of block: a list, searched from the end (a dictionary's first use in a run cost
        // more than all its lookups).
        var kinds: [Int] = [], inside: [Int] = []   // context number << 32 | name key; the context number inside (-1: none)
        func inner(_ ctx: Int, _ d: NginxDirective) -> Int {
            guard ctx >= 0 else { return -1 }
            let kind = ctx << 32 | Int(UInt32(bitPattern: d.nameKey))
            if let k = kinds.lastIndex(of: kind) { return inside[k] }
            let next = Self.enter(ctx, d.name) ?? -1
            kinds.append(kind); inside.append(next)
            return next
        }
        var stack: [(directives: [NginxDirective], ctx: Int)] = [(config.directives, start.flatMap(contextNumber) ?? -1)]
        var names = NameCache()
        while let (list, number) = stack.popLast() {
            let ctx = number >= 0 ? contextList[number] : nil
            let ctxMask = number >= 0 ? contextMasks[number] : nil
            for d in list {
                let info = names.info(d)
                let known = info.masks
                if info.bom || known != nil, let e = problem(d, ctx, ctxMask, known, bom: info.bom) { errors.append(e) }
                if known == nil, !info.bom, unknown.insert(d.name).inserted {
                    notices.append(Notice(path: d.file.path, line: d.line, message: "unknown directive \"\(d.name)\" (a third-party module?): its place and arguments were not checked"))
                }
                // Blocks whose bodies are data, not directives (`map`, `types`, `geo`, …), are not walked.
                guard let b = d.block, known != nil, !info.data else { continue }
                stack.append((b, inner(number, d)))
            }
        }
        return (errors, notices)
    }

    /// What the table says about each name, looked up once per distinct name (by its process-wide key): a hash of
    /// every directive's name was most of this check's time.
    struct NameInfo { let masks: [UInt32]?; let bom: Bool; let data: Bool }
    struct NameCache {
        private var infos: [NameInfo?] = []
        mutating func info(_ d: NginxDirective) -> NameInfo {
            let k = Int(d.nameKey)
            if k < infos.count, let i = infos[k] { return i }
            let name = d.name
            let i = NameInfo(masks: masks[name], bom: hasBOM(name), data: dataBlocks.contains(name))
            if k >= infos.count { infos += repeatElement(nil, count: k + 1 - infos.count) }
            infos[k] = i
            return i
        }
    }

    /// `on`/`off` in any case, or a template placeholder the deployment leaves open (an unknown value, not a wrong one).
    static func isFlagValue(_ v: String) -> Bool {
        v.equalsASCIICaseInsensitive("on") || v.equalsASCIICaseInsensitive("off") || v.containsASCIICaseInsensitive("${")
    }

    static func hasBOM(_ name: String) -> Bool { name.utf8.first == 0xEF && name.utf8.starts(with: [0xEF, 0xBB, 0xBF]) }

    /// The context inside a block (crossplane's enter_block_ctx): a location inside a location is still
    /// ("http", "location"); blocks whose bodies are not directives (`map`, `types`, `geo`) leave the table.
    /// Contexts by number (`contextList`).
    static func enter(_ ctx: Int, _ name: String) -> Int? {
        let chain = contextList[ctx]
        if chain.first == "http" && name == "location" { return contextNumber(["http", "location"]) }
        return contextNumber(chain + [name])
    }

    static func problem(_ d: NginxDirective, _ ctx: [String]?) -> InputError? {
        problem(d, ctx, ctx.flatMap(contextNumber).map { contextMasks[$0] }, masks[d.name])
    }

    /// The check of one directive; messages are built only when it fails (this runs for every directive). `bom`:
    /// whether the name starts with a byte order mark, when the caller knows.
    static func problem(_ d: NginxDirective, _ ctx: [String]?, _ ctxMask: UInt32?, _ known: [UInt32]?, bom: Bool? = nil) -> InputError? {
        // A local function, not a closure value: that was a context allocated for every directive.
        func at(_ m: String) -> InputError { InputError(at: d.file.position(of: d.start), in: d.file, m) }
        if bom ?? hasBOM(d.name) {
            return at("a byte order mark (U+FEFF) stands before \"\(d.name.dropFirst())\": nginx reads it as part of the directive name (unknown directive); save the file without BOM")
        }
        guard let list = known else { return nil }
        // Only the masks allowed in this context count (skipped in the loop below rather than filtered into a new
        // list: that was an allocation for a third of a config's directives).
        var context: UInt32?
        if let ctx, let c = ctxMask {
            // `*_buffering` inside `if` is NGX012's finding (with its fix), not an input error too.
            // (The context's name compared by length first: compared whole, most contexts took the slow path.)
            if let last = ctx.last, last.utf8.count == 2, last == "if", d.name.hasSuffix("_buffering") { return nil }
            if !list.contains(where: { $0 & c != 0 }) { return at("\"\(d.name)\" directive is not allowed here (nginx -t rejects it)") }
            context = c
        }
        let n = d.args.count
        let isBlock = d.block != nil
        enum Why { case count, noBlock, takesNoBlock, flagValue }
        var why = Why.count
        for mask in list.reversed() where context.map({ mask & $0 != 0 }) ?? true {
            if mask & block != 0 && !isBlock { why = .noBlock; continue }
            if mask & block == 0 && isBlock { why = .takesNoBlock; continue }
            let flagOK = mask & flag != 0 && n == 1 && Self.isFlagValue(d.args[0].value)
            if (n <= 7 && (mask >> UInt32(n)) & 1 != 0) || flagOK || mask & any != 0 || (mask & oneMore != 0 && n >= 1) || (mask & twoMore != 0 && n >= 2) {
                return nil
            }
            why = mask & flag != 0 && n == 1 ? .flagValue : .count
        }
        var reason: String
        switch why {
        case .count: reason = "invalid number of arguments in \"\(d.name)\" directive"
        case .noBlock: reason = "directive \"\(d.name)\" has no opening \"{\""
        case .takesNoBlock: reason = "directive \"\(d.name)\" takes no block: a missing \";\" before line \(d.file.position(of: d.blockOpen ?? d.start).line)?"
        case .flagValue: reason = "invalid value \"\(d.args[0].value)\" in \"\(d.name)\" directive, it must be \"on\" or \"off\""
        }
        if n > 0, !isBlock, let first = d.args.first(where: { masks[$0.value] != nil && $0.value.count > 3 }) {
            reason += " (is a \";\" missing before \"\(first.value)\"?)"
        }
        return at(reason + " (nginx -t rejects it)")
    }
}
