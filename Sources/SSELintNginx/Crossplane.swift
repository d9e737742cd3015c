import SSELintCore

/// `sselint parse`: the parse tree in crossplane's JSON shape (`crossplane parse`), so nginx tooling that reads
/// crossplane output can read ours. File names are joined exactly as crossplane joins them.
public enum CrossplaneOutput {
    /// The JSON document, written as the files are walked (a large config's tree is never built as `JSON` values),
    /// and whether every file parsed.
    public static func render(_ path: String, workspace: NginxWorkspace, singleFile: Bool, indent: Int = 0) -> (json: [UInt8], ok: Bool) {
        let configDir = Path.dirname(path)
        var queue: [String] = [path]
        var index: [String: Int] = [path: 0]
        // The config list: after the top-level status and errors, which are known only at the end.
        var configs = JSONWriter(indent: indent, level: 1)
        configs.beginArray()
        var allErrors: [JSON] = []
        var k = 0
        while k < queue.count {
            let fname = queue[k]
            k += 1
            var fileErrors: [JSON] = []
            // Level 3: the value of "parsed" in a config object inside the list.
            var parsed = JSONWriter(indent: indent, level: 3)
            parsed.beginArray()
            switch workspace.file(fname) {
            case .failure(let e):
                let msg = e.line > 0 ? "\(e.message) in \(fname):\(e.line)" : e.message
                fileErrors.append(.object([("error", .string(msg)), ("line", e.line > 0 ? .int(e.line) : .null)]))
                allErrors.append(.object([("file", .string(fname)), ("error", .string(msg)), ("line", e.line > 0 ? .int(e.line) : .null)]))
            case .success(let file):
                // Pre-order walk, as crossplane records include indices while it parses.
                func convert(_ list: [NginxDirective]) {
                    for d in list {
                        parsed.beginObject()
                        parsed.literalKey("directive"); parsed.string(d.name)
                        parsed.literalKey("line"); parsed.int(d.line)
                        parsed.literalKey("args"); parsed.beginArray()
                        for a in d.args { parsed.string(a.value) }
                        parsed.endArray()
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
                            parsed.literalKey("includes"); parsed.beginArray()
                            for n in names {
                                if index[n] == nil { index[n] = queue.count; queue.append(n) }
                                parsed.int(index[n]!)
                            }
                            parsed.endArray()
                        }
                        if let b = d.block { parsed.literalKey("block"); parsed.beginArray(); convert(b); parsed.endArray() }
                        parsed.endObject()
                        // crossplane always reports comments found between arguments, after the directive.
                        for c in d.argComments {
                            parsed.value(.object([("directive", .string("#")), ("line", .int(d.line)), ("args", .array([])), ("comment", .string(c))]))
                        }
                    }
                }
                convert(file.directives)
            }
            parsed.endArray()
            configs.beginObject()
            configs.literalKey("file"); configs.string(fname)
            configs.literalKey("status"); configs.string(fileErrors.isEmpty ? "ok" : "failed")
            configs.literalKey("errors"); configs.value(.array(fileErrors))
            configs.literalKey("parsed"); configs.raw(parsed.bytes)
            configs.endObject()
        }
        configs.endArray()
        var out = JSONWriter(indent: indent, capacity: configs.count + 256)
        out.beginObject()
        out.literalKey("status"); out.string(allErrors.isEmpty ? "ok" : "failed")
        out.literalKey("errors"); out.value(.array(allErrors))
        out.literalKey("config"); out.raw(configs.bytes)
        out.endObject()
        return (out.bytes, allErrors.isEmpty)
    }
}
