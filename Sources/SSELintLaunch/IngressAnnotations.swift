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
        for f in files {
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
                    if ["on", "true"].contains(v.lowercased()) { out.bufferingOn = out.bufferingOn ?? range }
                    else if ["off", "false"].contains(v.lowercased()) { out.bufferingOff = out.bufferingOff ?? range }
                }
                if t.hasPrefix("nginx.org/"), !t.hasPrefix("nginx.org/proxy-buffering:") { out.bufferingOn = out.bufferingOn ?? range }
            }
        }
        return out
    }
}
