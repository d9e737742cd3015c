import SSELintCore
import SSELintNginx

/// Verdicts several NGX rules share, computed once per location.
public struct BufferingVerdict {
    public let buffering: EffectiveValue
    /// Why the upstream body is close-delimited (⇒ events held: error), or nil when events only flow by the
    /// undocumented chunked-framing accident (warning). FACTS §1.3-1.4.
    public let closeDelimitedBecause: String?
    /// The app asks nginx to buffer (`X-Accel-Buffering: yes`): the fix is in the app, not here.
    public var appAsksForBuffering = false
    /// The nginx version is not pinned, so whether the body is close-delimited is unknown: the reason, said as such
    /// (a warning: the stream breaks on older images, and flows by the chunked-framing accident on newer ones).
    public var versionUnknownBecause: String?
    public init(buffering: EffectiveValue, closeDelimitedBecause: String?, appAsksForBuffering: Bool = false) {
        self.buffering = buffering; self.closeDelimitedBecause = closeDelimitedBecause; self.appAsksForBuffering = appAsksForBuffering
    }
}

extension NginxAnalysis {
    /// `*_ignore_headers` naming X-Accel-Buffering in force here. Several at one level add up (nginx ORs them),
    /// so the nearest level that has any counts whole.
    public func ignoresAccelBuffering(_ loc: SSELocation) -> EffectiveValue? {
        let (list, from) = loc.scope.effectiveList(loc.name("ignore_headers"))
        guard let d = list.first(where: { $0.args.contains { $0.value.equalsASCIICaseInsensitive("x-accel-buffering") } }) else { return nil }
        return EffectiveValue(args: d.argValues, directive: d, origin: from === loc.scope ? .here : .inherited(from!))
    }

    /// gzip on with one of the stream's media types (text/event-stream by default; text/plain for a text stream
    /// counted as SSE) or `*` in gzip_types at this location, and the type it matched.
    public func gzipApplies(_ scope: NginxScope, mediaTypes: [String] = ["text/event-stream"]) -> (gzip: EffectiveValue, types: EffectiveValue, type: String)? {
        let gzip = scope.effective("gzip", default: ["off"])
        let types = scope.effective("gzip_types", default: ["text/html"])
        guard gzip.first == "on" else { return nil }
        // text/html is always compressed when gzip is on, whatever gzip_types says.
        let listed = Set(types.args.map { $0.lowercased() } + ["text/html"])
        guard let type = listed.contains("*") ? mediaTypes.first : mediaTypes.first(where: listed.contains) else { return nil }
        return (gzip, types, type)
    }

    public func cacheApplies(_ loc: SSELocation) -> EffectiveValue? {
        let c = loc.effective("cache", default: ["off"])
        return c.first == "off" ? nil : c
    }

    /// NGX001's verdict: nil when this location does not buffer the stream.
    public func bufferingVerdict(_ loc: SSELocation) -> BufferingVerdict? {
        let buffering = loc.buffering
        let ignored = ignoresAccelBuffering(loc) != nil
        // The upstream's header wins over the directive unless nginx ignores it (FACTS §1.4 c, c2, e).
        if let app = loc.app, app.sendsXAccelBufferingYes, !ignored {
            return BufferingVerdict(buffering: buffering, closeDelimitedBecause: "the app sends X-Accel-Buffering: yes, which turns buffering on for its responses whatever \(loc.module)_buffering says", appAsksForBuffering: true)
        }
        guard buffering.first != "off" else { return nil }
        // A template placeholder the deployment leaves open: the value is unknown, not "on".
        if buffering.first.contains("${") { return nil }
        if let app = loc.app, app.sendsXAccelBufferingNo, !ignored { return nil }
        var why: String?
        if loc.module != "proxy" {
            why = "\(loc.module) responses are not known to be passed on per event with buffering on"
        } else {
            let version = loc.effective("http_version", default: [http11ByDefault ? "1.1" : "1.0"])
            if version.first != "1.1" {
                let body: String
                switch loc.app?.upstreamServer {
                case _ where loc.app?.closeDelimited == true: body = "the app answers it with a close-delimited body (uvicorn --http h11)"
                case "uvicorn"?: body = "the body is close-delimited (uvicorn with httptools chunks even HTTP/1.0 responses, against RFC 9112, so events may flow by accident; with h11 they do not)"
                case let server?: body = "\(server) answers it with a close-delimited body"
                case nil: body = "the upstream answers it with a close-delimited body (HTTP/1.0 has no chunked encoding)"
                }
                if version.isDefault, let unpinned = versionUnpinned, gzipApplies(loc.scope, mediaTypes: loc.mediaTypes) == nil {
                    var v = BufferingVerdict(buffering: buffering, closeDelimitedBecause: nil)
                    v.versionUnknownBecause = "the nginx version is not pinned (\(unpinned)): before 1.29.7 nginx talks HTTP/1.0 to the upstream and \(body), so events are held until ~4-8 KB accumulate or the response ends; from 1.29.7 on it talks HTTP/1.1 and events flow only while the upstream chunks its body"
                    return v
                }
                why = version.isDefault
                    ? "\(versionText) talks HTTP/1.0 to the upstream (proxy_http_version default before 1.29.7), so \(body)"
                    : "proxy_http_version \(version.first) (\(version.originText)) makes the upstream body close-delimited"
            } else if let (gzip, _, type) = gzipApplies(loc.scope, mediaTypes: loc.mediaTypes) {
                why = "gzip (\(gzip.originText)) compresses \(type) and holds buffered output until its buffers fill"
            }
        }
        return BufferingVerdict(buffering: buffering, closeDelimitedBecause: why)
    }

    /// Whether NGX001 reports `loc` (several rules ask; decided once, when the analysis is made).
    public func ngx001Fires(_ loc: SSELocation) -> Bool { loc.bufferingFires }

    /// Where a finding about an effective value points: the directive when the location sets it, else the
    /// location line (the value came from a level above or from nginx's default).
    public func anchor(_ value: EffectiveValue, _ loc: SSELocation) -> SourceRange {
        value.isHere ? value.directive!.range : loc.location.headRange
    }

    /// A pointer to the level above that set an inherited value, for the finding's `related` list.
    public func origin(_ value: EffectiveValue, _ loc: SSELocation) -> [RelatedLocation] {
        guard case .inherited(let scope) = value.origin, let d = value.directive else { return [] }
        return [RelatedLocation(range: d.range, message: "\(d.name) \(d.argValues.joined(separator: " ")) set on the \(scope.kind) level, inherited by location \(loc.path)")]
    }

    /// Fix that makes `directive value;` hold in the location: change the argument when the location sets the
    /// directive, else insert it.
    public func setInLocation(_ name: String, _ value: String, current: EffectiveValue, _ loc: SSELocation) -> [Edit] {
        // A template placeholder filled in from the deployment: the value lives in the env file, not here.
        if current.isHere, let d = current.directive, d.args.contains(where: { $0.substitution != nil }) { return [] }
        if current.isHere, let d = current.directive, d.name == name {
            return d.args.count == 1 ? NginxEdits.replace(d.args[0], in: d, with: value) : NginxEdits.replace(d, with: "\(name) \(value);")
        }
        return NginxEdits.insert("\(name) \(value);", into: loc.location)
    }
}

/// `Name: value` pairs of headers-more's `more_set_headers`, with the argument they came from.
func moreSetHeaders(_ d: NginxDirective) -> [(name: String, value: String, arg: NginxArg)] {
    guard d.name == "more_set_headers" else { return [] }
    return d.args.compactMap { a in
        guard !a.value.hasPrefix("-"), let colon = a.value.firstIndex(of: ":") else { return nil }
        let name = a.value[..<colon].trimmingSpaces
        let value = a.value[a.value.index(after: colon)...].trimmingSpaces
        return (name, value, a)
    }
}
