import SSELintCore
import SSELintLaunch

/// RUN001 — see rules/launch/RUN001.yml
struct DevReloaderInProduction: Rule {
    static let id: RuleID = "RUN001"

    func check(_ launch: LaunchAnalysis, _ context: inout RuleContext) {
        guard launch.isProduction else { return }
        // uvicorn.run(reload=True) is RUN008's.
        for s in launch.servers where s.launch.carrier != .python && s.launch.developmentReason == nil {
            guard let reload = s.reload else { continue }
            let what: String
            var edits: [Edit]? = nil
            var title: FixTitle? = nil
            if s.kind == .fastapiDev {
                let w = s.launch.command.words[s.nameWord + 1]
                what = "`fastapi dev` (run with --reload)"
                let quote = s.launch.file.bytes[w.start]
                let quoted = quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'")
                edits = s.launch.exactOffsets ? [Edit(file: s.launch.file, range: w.start..<w.end, replacement: quoted ? "\(Character(UnicodeScalar(quote)))run\(Character(UnicodeScalar(quote)))" : "run")] : nil
                title = .named("fastapi-dev")
            } else if let ext = reload.external {
                what = "reload = True in \(ext.shortLocation), which -c loads,"
            } else if s.launch.carrier == .gunicornConfig {
                what = "reload = True"
            } else if let env = reload.env {
                what = "\(env.name)=\(env.value.value) turns on \(s.kind.rawValue) --reload"
            } else {
                what = "\(s.kind.rawValue) --reload"
                edits = s.removal(of: reload)
            }
            let range = s.kind == .fastapiDev ? SourceRange(file: s.launch.file, start: s.launch.command.words[s.nameWord].start, end: s.launch.command.words[s.nameWord + 1].end) : s.range(of: reload)
            context.report("\(what) in the \(s.launch.place) of a \(s.launch.carrier.rawValue): the auto-reloader is for development; with SSE streams open a reload or stop waits forever (\(launch.productionReason))",
                           at: range, fix: edits, fixTitle: title ?? (reload.external != nil ? .named("gunicorn-config") : nil))
        }
    }
}
