@preconcurrency import Yams
import Foundation
import SSELintCore

/// What the tree's Kubernetes Ingress objects say about buffering, read line by line so that Helm templates and
/// chart values count too (they do not parse as YAML until rendered).
public struct IngressFacts: Sendable {
    /// A `kind: Ingress` object (manifest or Helm template).
    public var ingress: SourceRange?
    /// `nginx.ingress.kubernetes.io/proxy-buffering: "on"` (or NGINX Inc's `nginx.org/proxy-buffering: "true"`), and
    /// NGINX Inc's controller named at all (`nginx.org/…` annotations): it buffers by default.
    public var bufferingOn: SourceRange?
    public var bufferingOff: SourceRange?
    public init() {}

    public var isEmpty: Bool { ingress == nil && bufferingOn == nil && bufferingOff == nil }

    public static func scan(_ files: [SourceFile]) -> IngressFacts {
        var out = IngressFacts()
        // Only a line with one of these words counts: other files are passed over by a byte search (this read every
        // line of every YAML file of a tree).
        let words = ["Ingress", "nginx.org/", "proxy-buffering"].map { Array($0.utf8) }
        for f in files where words.contains(where: f.bytes.containsBytes) {
            for (k, start) in f.lineStarts.enumerated() {
                let end = k + 1 < f.lineStarts.count ? f.lineStarts[k + 1] : f.bytes.count
                guard end - start < 400 else { continue }
                let line = String(decoding: f.bytes[start..<end], as: UTF8.self)
                let text = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? line
                let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
                let range = SourceRange(file: f, start: start, end: end)
                if t == "kind: Ingress" { out.ingress = out.ingress ?? range; continue }
                for key in ["nginx.ingress.kubernetes.io/proxy-buffering:", "nginx.org/proxy-buffering:"] where t.hasPrefix(key) || t.hasPrefix("\"" + key.dropLast() + "\":") {
                    let v = t.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"',")) } ?? ""
                    // ingress-nginx validates "on"/"off" as written; F5 reads Go's ParseBool, where "off" is no boolean.
                    let off = key.hasPrefix("nginx.org/") ? IngressObject.parseBoolFalse.contains(v) : v == "off"
                    let on = key.hasPrefix("nginx.org/") ? !off && !v.contains("{{") : v == "on"
                    if on { out.bufferingOn = out.bufferingOn ?? range }
                    else if off { out.bufferingOff = out.bufferingOff ?? range }
                }
                if t.hasPrefix("nginx.org/"), !t.hasPrefix("nginx.org/proxy-buffering:") { out.bufferingOn = out.bufferingOn ?? range }
            }
        }
        return out
    }
}

/// One `kind: Ingress` object of a manifest or Helm template (read with its `{{ }}` actions masked, offsets kept):
/// which controller its annotations speak to, each annotation with where its value is, and each path with the
/// Service it routes to. What the PRX rules judge an ingress by.
public struct IngressObject: Sendable {
    public enum Controller: Sendable { case communityNginx, nginxInc }
    public struct Annotation: Sendable {
        public let key: String
        public let value: String
        /// The value's bytes in the file (quotes included); nil when a template action stands there.
        public let valueRange: Range<Int>?
        /// The whole line, break included (where an annotation is inserted before it).
        public let line: Range<Int>
        /// From the key to the end of the value (where a finding points).
        public let entry: Range<Int>
        /// The value is a template action (`"{{ .Values.x }}"`): unknown until rendered.
        public let templated: Bool
        /// A plain YAML value that is not a string (`3600`, `true`, `on`, `~`): "integer", "boolean", "number" or
        /// "null". Kubernetes reads manifests as YAML 1.1 and rejects such an annotation.
        public var notString: String? = nil
    }
    public struct Path: Sendable {
        public let path: String
        public let service: String
        public let range: Range<Int>
    }
    public let source: SourceFile
    public let name: String
    public let controller: Controller
    public let annotations: [Annotation]
    /// The `annotations:` key (where a missing annotation goes), and the indentation of its entries.
    public let annotationsKey: Range<Int>?
    public let annotationIndent: String
    /// Annotations written in flow style (`{a: "1"}`): nothing can be inserted by a line edit.
    public let annotationsFlow: Bool
    /// A template action stands among the annotations: a missing key may be rendered in.
    public let annotationsTemplated: Bool
    /// `spec.ingressClassName` or `kubernetes.io/ingress.class`.
    public let ingressClass: String?
    public let paths: [Path]
    /// `kind: Ingress` line, for findings about the object as a whole.
    public let kindRange: Range<Int>
    public let isTemplate: Bool

    public func annotation(_ key: String) -> Annotation? { annotations.last { $0.key == key } }

    /// F5 NGINX Ingress reads booleans with Go's strconv.ParseBool; anything else is ignored (its default stays).
    public static let parseBoolTrue: Set<String> = ["1", "t", "T", "TRUE", "true", "True"]
    public static let parseBoolFalse: Set<String> = ["0", "f", "F", "FALSE", "false", "False"]

    /// The YAML 1.1 type of a plain scalar as Kubernetes' YAML reader (go-yaml v2) resolves it; nil for a string.
    public static func yaml11Type(_ s: String) -> String? {
        let bools: Set<String> = ["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF"]
        if bools.contains(s) { return "boolean" }
        if s.isEmpty || s == "~" || s == "null" || s == "Null" || s == "NULL" { return "null" }
        let body = s.first == "-" || s.first == "+" ? s.dropFirst() : Substring(s)
        if !body.isEmpty, body.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "_") }) { return "integer" }
        if body.hasPrefix("0x"), body.count > 2, body.dropFirst(2).allSatisfy(\.isHexDigit) { return "integer" }
        if Double(body.replacingOccurrences(of: "_", with: "")) != nil, body.contains(where: \.isNumber), !body.lowercased().contains("n") { return "number" }
        return nil
    }

    /// Every Ingress in a YAML file; none when it is not YAML (or not a manifest).
    public static func scan(_ f: SourceFile) -> [IngressObject] {
        guard f.bytes.count < 4 << 20, Self.mentionsIngress(f.bytes) else { return [] }
        let template = f.bytes.contains(UInt8(ascii: "{")) && String(decoding: f.bytes, as: UTF8.self).contains("{{")
        guard let bytes = template ? HelmMask.mask(f.bytes) : f.bytes else { return [] }
        let text = String(decoding: bytes, as: UTF8.self)
        if YAMLGuard.check(text, allowAliases: true) != nil { return [] }
        let y = YAMLSource(file: SourceFile(path: f.path, bytes: bytes))
        guard let docs = try? Yams.compose_all(yaml: text).map({ $0 }) else { return [] }
        var out: [IngressObject] = []
        for doc in docs {
            guard case .mapping(let m) = doc, m["kind"]?.string == "Ingress", let kindNode = m.first(where: { $0.key.string == "kind" })?.key else { continue }
            let meta = m["metadata"]?.mapping
            var annotations: [Annotation] = []
            var key: Range<Int>?
            var indent = "    "
            var flow = false, templated = false
            if let metaMap = meta, let (k, v) = metaMap.first(where: { $0.key.string == "annotations" }), let am = v.mapping {
                let ks = y.offset(k)
                key = ks..<y.tokenEnd(ks, flow: false)
                // `annotations: {a: "1"}` (flow style): values end at , or }, and nothing is inserted into it.
                let vs = y.offset(v)
                flow = vs < f.bytes.count && f.bytes[vs] == UInt8(ascii: "{")
                    && !(vs + 1 < f.bytes.count && f.bytes[vs + 1] == UInt8(ascii: "{"))
                // A template action among the annotations (`{{- toYaml . | nindent 4 }}`, `{{ if }}`): which keys exist
                // is decided at render time.
                templated = Self.templateLines(f, after: ks, keyColumn: f.position(of: ks).column)
                for (ak, av) in am {
                    guard let name = ak.string else { continue }
                    let kStart = y.offset(ak)
                    let vStart = y.offset(av)
                    let lineNo = f.position(of: kStart).line
                    let lineStart = f.lineStarts[lineNo - 1]
                    let lineEnd = lineNo < f.lineStarts.count ? f.lineStarts[lineNo] : f.bytes.count
                    if annotations.isEmpty { indent = String(decoding: f.bytes[lineStart..<kStart], as: UTF8.self) }
                    let valueEnd = max(vStart, y.tokenEnd(vStart, flow: flow))
                    // Editable only where the bytes are exactly the value: ASCII marks, no template action in it, a
                    // value that is there at all.
                    let original = String(decoding: f.bytes[min(vStart, f.bytes.count)..<min(valueEnd, f.bytes.count)], as: UTF8.self)
                    let isTemplate = original.contains("{{")
                    let editable = y.exactMarks && !isTemplate && av.scalar != nil && valueEnd > vStart && vStart > kStart
                    var a = Annotation(key: name, value: isTemplate ? original : av.string ?? "", valueRange: editable ? vStart..<valueEnd : nil,
                                       line: lineStart..<lineEnd, entry: kStart..<max(kStart, valueEnd), templated: isTemplate)
                    if !isTemplate, case .scalar(let sc) = av, sc.style == .plain { a.notString = Self.yaml11Type(sc.string) }
                    annotations.append(a)
                }
            }
            var paths: [Path] = []
            // `spec.defaultBackend` serves every path no rule matches: read as the path "/".
            var entries: [(path: String, backend: Node.Mapping?, node: Node)] = []
            if let d = m["spec"]?.mapping?["defaultBackend"] { entries.append(("/", d.mapping, d)) }
            for rule in m["spec"]?.mapping?["rules"]?.sequence ?? [] {
                for p in rule.mapping?["http"]?.mapping?["paths"]?.sequence ?? [] {
                    guard let pm = p.mapping else { continue }
                    entries.append((pm["path"]?.string ?? "/", pm["backend"]?.mapping, p))
                }
            }
            for (pathText, backend, p) in entries {
                let serviceNode = backend?["service"]?.mapping?["name"] ?? backend?["serviceName"]
                let service = serviceNode.map { n -> String in
                    let s = y.offset(n)
                    // Names hold no `,` `]` `}`: reading them as flow tokens also ends them inside `{name: x}`.
                    return String(decoding: f.bytes[s..<y.tokenEnd(s, flow: true)], as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                } ?? ""
                let start = y.offset(p)
                paths.append(Path(path: pathText, service: service, range: start..<y.tokenEnd(start, flow: false)))
            }
            let keys = annotations.map(\.key)
            let controller: Controller
            if keys.contains(where: { $0.hasPrefix("nginx.org/") }) { controller = .nginxInc }
            else if keys.contains(where: { $0.hasPrefix("nginx.ingress.kubernetes.io/") }) { controller = .communityNginx }
            else { continue }  // Traefik, ALB, GKE…: other rules' business
            let ks = y.offset(kindNode)
            // A templated name reads as masked blanks: show it as written (`{{ .Release.Name }}-chat`).
            let name = meta?["name"].map { n -> String in
                let s = y.offset(n)
                return String(decoding: f.bytes[s..<y.tokenEnd(s, flow: true)], as: UTF8.self)
            } ?? "?"
            let ingressClass = m["spec"]?.mapping?["ingressClassName"]?.string ?? annotations.first { $0.key == "kubernetes.io/ingress.class" }?.value
            out.append(IngressObject(source: f, name: name, controller: controller, annotations: annotations,
                                     annotationsKey: key, annotationIndent: indent, annotationsFlow: flow, annotationsTemplated: templated,
                                     ingressClass: ingressClass, paths: paths,
                                     kindRange: ks..<y.tokenEnd(ks, flow: false), isTemplate: template))
        }
        return out
    }

    /// Whether a line below `key` (deeper than its column, or a template action at any indentation before the
    /// mapping ends) holds a `{{ }}` action in key position.
    static func templateLines(_ f: SourceFile, after key: Int, keyColumn: Int) -> Bool {
        var line = f.position(of: key).line
        while line < f.lineStarts.count {
            let start = f.lineStarts[line]
            let end = line + 1 < f.lineStarts.count ? f.lineStarts[line + 1] : f.bytes.count
            line += 1
            var i = start
            while i < end, f.bytes[i] == 0x20 || f.bytes[i] == 0x09 { i += 1 }
            if i >= end || f.bytes[i] == 0x0A || f.bytes[i] == 0x0D || f.bytes[i] == UInt8(ascii: "#") { continue }
            if f.bytes[i] == UInt8(ascii: "{"), i + 1 < end, f.bytes[i + 1] == UInt8(ascii: "{") { return true }
            if i - start + 1 <= keyColumn { return false }  // back at the key's indentation: the mapping ended
        }
        return false
    }

    static func mentionsIngress(_ b: [UInt8]) -> Bool {
        let needle = Array("Ingress".utf8)
        guard b.count >= needle.count else { return false }
        for i in 0...(b.count - needle.count) where b[i] == needle[0] && b[i..<i + needle.count].elementsEqual(needle) { return true }
        return false
    }
}
