import SSELintCore

/// `sselint parse`: the parse tree in crossplane's JSON shape (`crossplane parse`), so nginx tooling that reads
/// crossplane output can read ours. File names are joined exactly as crossplane joins them.
public enum CrossplaneOutput {
    public static func parse(_ path: String, workspace: NginxWorkspace, singleFile: Bool) -> JSON {
        let configDir = Path.dirname(path)
        var queue: [String] = [path]
        var index: [String: Int] = [path: 0]
        var configs: [JSON] = []
        var allErrors: [JSON] = []
        var k = 0
        while k < queue.count {
            let fname = queue[k]
            k += 1
            var fileErrors: [JSON] = []
            var parsed: [JSON] = []
            switch workspace.file(fname) {
            case .failure(let e):
                let msg = e.line > 0 ? "\(e.message) in \(fname):\(e.line)" : e.message
                fileErrors.append(.object([("error", .string(msg)), ("line", e.line > 0 ? .int(e.line) : .null)]))
                allErrors.append(.object([("file", .string(fname)), ("error", .string(msg)), ("line", e.line > 0 ? .int(e.line) : .null)]))
            case .success(let file):
                // Pre-order walk, as crossplane records include indices while it parses.
                func convert(_ list: [NginxDirective]) -> [JSON] {
                    list.flatMap { d in
                        var obj: [(String, JSON)] = [
                            ("directive", .string(d.name)), ("line", .int(d.line)),
                            ("args", .array(d.args.map { .string($0.value) })),
                        ]
                        if d.name == "include", !singleFile, d.block == nil, let pattern = d.arg(0) {
                            let joined = Path.join(configDir, pattern)
                            var names: [String] = []
                            if FileSystem.hasGlobMagic(joined) {
                                names = FileSystem.glob(joined)
                            } else if FileSystem.kind(joined) == .file {
                                names = [joined]
                            } else {
                                let msg = "[Errno 2] No such file or directory: '\(joined)' in \(fname):\(d.line)"
                                fileErrors.append(.object([("error", .string(msg)), ("line", .int(d.line))]))
                                allErrors.append(.object([("file", .string(fname)), ("error", .string(msg)), ("line", .int(d.line))]))
                            }
                            var ids: [JSON] = []
                            for n in names {
                                if index[n] == nil { index[n] = queue.count; queue.append(n) }
                                ids.append(.int(index[n]!))
                            }
                            obj.append(("includes", .array(ids)))
                        }
                        if let b = d.block { obj.append(("block", .array(convert(b)))) }
                        // crossplane always reports comments found between arguments, after the directive.
                        return [JSON.object(obj)] + d.argComments.map {
                            .object([("directive", .string("#")), ("line", .int(d.line)), ("args", .array([])), ("comment", .string($0))])
                        }
                    }
                }
                parsed = convert(file.directives)
            }
            configs.append(.object([
                ("file", .string(fname)), ("status", .string(fileErrors.isEmpty ? "ok" : "failed")),
                ("errors", .array(fileErrors)), ("parsed", .array(parsed)),
            ]))
        }
        return .object([
            ("status", .string(allErrors.isEmpty ? "ok" : "failed")), ("errors", .array(allErrors)),
            ("config", .array(configs)),
        ])
    }
}
