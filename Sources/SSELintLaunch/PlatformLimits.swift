@preconcurrency import Yams
import SSELintCore

/// A limit a hosting platform puts on every response it carries, read from the repository's infrastructure files
/// (Terraform, Knative/Cloud Run service YAML, vercel.json, App Engine app.yaml) or route config (Next.js
/// `export const maxDuration`). What kind it is decides what fixes it: an idle limit is reset by any byte (a
/// heartbeat), a deadline ends every longer response (the client must reconnect), a buffering platform sends the
/// body only when it is complete.
public struct PlatformLimit: Sendable {
    public enum Kind: String, Sendable { case idle, deadline, buffers }
    public let kind: Kind
    /// "AWS Application Load Balancer", "Cloud Run", "Vercel Functions"…
    public let platform: String
    /// The setting as the file writes it (`idle_timeout`, `template.timeout`, `maxDuration`).
    public let setting: String
    /// Seconds (idle and deadline limits).
    public let seconds: Double?
    /// False when the file leaves it at the platform's default.
    public let written: Bool
    public let source: SourceFile
    /// The setting when written, else the resource that gets the default.
    public let range: Range<Int>
    /// The resource's name, for messages (`aws_lb.public`).
    public let resource: String
    /// What streams behind this limit when the limit's own file says it (a route that returns an AI SDK stream);
    /// nil when the scanned app's streams are taken to be behind it.
    public var streams: String?
    public init(kind: Kind, platform: String, setting: String, seconds: Double?, written: Bool, source: SourceFile, range: Range<Int>, resource: String) {
        self.kind = kind; self.platform = platform; self.setting = setting; self.seconds = seconds; self.written = written
        self.source = source; self.range = range; self.resource = resource
    }
}

public enum PlatformLimits {
    /// Durations as platforms write them: `300`, `"300s"`, `"5m"`, `"1h"`; nil otherwise.
    static func seconds(_ text: String) -> Double? {
        let t = text.trimmingSpaces
        if let v = Double(t) { return v }
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (u, f) in units where t.hasSuffix(u) {
            if let v = Double(t.dropLast(u.count)) { return v * f }
        }
        return nil
    }

    // MARK: Terraform

    /// Every limit the Terraform files of one module (one directory) set or leave at their default.
    public static func terraform(_ files: [HCLFile]) -> [PlatformLimit] {
        let module = TerraformModule(files: files)
        var out: [PlatformLimit] = []
        for f in files where f.source.path.hasSuffix(".tf") {
            for b in f.body.blocks where b.type == "resource" && b.labels.count == 2 {
                out += resource(b, f, module)
            }
        }
        return out
    }

    /// A number (or duration string) attribute, resolved through the module's variables.
    static func value(_ a: HCLAttribute?, _ module: TerraformModule, scale: Double = 1) -> (Double?, Range<Int>?) {
        guard let a else { return (nil, nil) }
        switch module.resolve(a.value) {
        case .number(let n): return (n * scale, a.valueRange)
        case .string(let s): return (seconds(s).map { $0 * (s.allSatisfy { $0.isNumber || $0 == "." } ? scale : 1) }, a.valueRange)
        default: return (nil, a.valueRange)
        }
    }

    static func resource(_ b: HCLBlock, _ f: HCLFile, _ module: TerraformModule) -> [PlatformLimit] {
        let type = b.labels[0], name = "\(type).\(b.labels[1])"
        func limit(_ kind: PlatformLimit.Kind, _ platform: String, _ setting: String, _ v: (Double?, Range<Int>?), default d: Double?) -> PlatformLimit {
            PlatformLimit(kind: kind, platform: platform, setting: setting, seconds: v.1 == nil ? d : v.0, written: v.1 != nil,
                          source: f.source, range: v.1 ?? b.range, resource: name)
        }
        switch type {
        case "aws_lb", "aws_alb":
            // Network and gateway load balancers have no HTTP idle timeout setting.
            if let t = b.body.attribute("load_balancer_type").map({ module.resolve($0.value) }), t.string.map({ $0 != "application" }) ?? true { return [] }
            return [limit(.idle, "AWS Application Load Balancer", "idle_timeout", value(b.body.attribute("idle_timeout"), module), default: 60)]
        case "aws_cloudfront_distribution":
            // The origin response timeout is idle: how long CloudFront waits for the first byte and between packets.
            return b.body.blocks("origin").compactMap { o in
                guard let c = o.body.block("custom_origin_config") else { return nil }
                return limit(.idle, "Amazon CloudFront", "origin_read_timeout", value(c.body.attribute("origin_read_timeout"), module), default: 30)
            }
        case "aws_api_gateway_integration":
            // REST APIs buffer the whole response unless the integration streams (response_transfer_mode STREAM),
            // and then the integration timeout (29 s unless raised) is the stream's deadline.
            let mode = b.body.attribute("response_transfer_mode").map { module.resolve($0.value) }?.string?.uppercased()
            guard mode == "STREAM" else {
                return [PlatformLimit(kind: .buffers, platform: "Amazon API Gateway (REST)", setting: "response_transfer_mode", seconds: nil, written: mode != nil,
                                      source: f.source, range: b.body.attribute("response_transfer_mode")?.valueRange ?? b.range, resource: name)]
            }
            return [limit(.deadline, "Amazon API Gateway (REST, streaming)", "timeout_milliseconds", value(b.body.attribute("timeout_milliseconds"), module, scale: 0.001), default: 29)]
        case "google_cloud_run_v2_service":
            let t = b.body.block("template")?.body.attribute("timeout")
            return [limit(.deadline, "Cloud Run", "template.timeout", value(t, module), default: 300)]
        case "google_cloud_run_service":
            let t = b.body.block("template")?.body.block("spec")?.body.attribute("timeout_seconds")
            return [limit(.deadline, "Cloud Run", "template.spec.timeout_seconds", value(t, module), default: 300)]
        default:
            return []
        }
    }

    // MARK: YAML and JSON platform files

    /// A platform file by its name and content: `vercel.json`, App Engine's `app.yaml` (a `runtime:` key), a
    /// Knative/Cloud Run `Service`.
    public static func isPlatformFile(_ path: String, bytes: [UInt8]) -> Bool {
        let name = Path.basename(path).lowercased()
        if name == "vercel.json" { return true }
        let head = String(decoding: bytes.prefix(1 << 16), as: UTF8.self)
        if name == "app.yaml" || name == "app.yml" { return head.contains("runtime:") && !head.contains("apiVersion:") }
        return false
    }

    /// The limits a platform file sets; throws an InputError for a file that is not valid JSON/YAML.
    public static func read(_ f: SourceFile) throws -> [PlatformLimit] {
        let y = YAMLSource(file: f)
        let docs = try YAMLSource.documents(of: f)
        var out: [PlatformLimit] = []
        let name = Path.basename(f.path).lowercased()
        for doc in docs {
            if name == "vercel.json" { out += vercel(doc, y) }
            else if name == "app.yaml" || name == "app.yml" { out += appEngine(doc, y) }
            else { out += knative(doc, y) }
        }
        return out
    }

    static func pairs(_ n: Node?) -> [(key: Node, value: Node)] {
        guard case .mapping(let m)? = n else { return [] }
        return m.map { ($0.key, $0.value) }
    }
    static func child(_ n: Node?, _ key: String) -> (key: Node, value: Node)? { pairs(n).first { $0.key.string == key } }

    /// vercel.json `functions: {"app/api/chat/route.ts": {"maxDuration": 60}}`: a deadline per function glob.
    static func vercel(_ doc: Node, _ y: YAMLSource) -> [PlatformLimit] {
        pairs(child(doc, "functions")?.value).compactMap { glob, cfg in
            guard let (k, v) = child(cfg, "maxDuration"), let s = v.string.flatMap(seconds) else { return nil }
            let at = y.offset(v)
            return PlatformLimit(kind: .deadline, platform: "Vercel Functions", setting: "maxDuration", seconds: s, written: true,
                                 source: y.file, range: at..<y.tokenEnd(at, flow: true), resource: glob.string ?? y.file.text(y.offset(k)..<y.offset(k)))
        }
    }

    /// App Engine standard (no `env: flex`) sends each response when it is complete: no streaming.
    static func appEngine(_ doc: Node, _ y: YAMLSource) -> [PlatformLimit] {
        guard let (k, runtime) = child(doc, "runtime"), runtime.string != nil else { return [] }
        if let env = child(doc, "env")?.value.string?.lowercased(), env == "flex" || env == "flexible" { return [] }
        let at = y.offset(k)
        return [PlatformLimit(kind: .buffers, platform: "App Engine standard", setting: "runtime", seconds: nil, written: true,
                              source: y.file, range: at..<y.tokenEnd(y.offset(runtime), flow: false), resource: "app.yaml")]
    }

    /// Knative Serving / Cloud Run `Service` YAML: `spec.template.spec.timeoutSeconds` (300 s unless set).
    static func knative(_ doc: Node, _ y: YAMLSource) -> [PlatformLimit] {
        guard child(doc, "apiVersion")?.value.string?.hasPrefix("serving.knative.dev/") == true, child(doc, "kind")?.value.string == "Service",
              let (kindKey, _) = child(doc, "kind") else { return [] }
        let name = child(child(doc, "metadata")?.value, "name")?.value.string ?? "service"
        let spec = child(child(child(doc, "spec")?.value, "template")?.value, "spec")?.value
        if let (_, v) = child(spec, "timeoutSeconds"), let s = v.string.flatMap(seconds) {
            let at = y.offset(v)
            return [PlatformLimit(kind: .deadline, platform: "Cloud Run", setting: "timeoutSeconds", seconds: s, written: true,
                                  source: y.file, range: at..<y.tokenEnd(at, flow: false), resource: name)]
        }
        let at = y.offset(kindKey)
        return [PlatformLimit(kind: .deadline, platform: "Cloud Run", setting: "timeoutSeconds", seconds: 300, written: false,
                              source: y.file, range: at..<y.tokenEnd(at, flow: false), resource: name)]
    }
}
