import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import SSELintLogs

/// `sselint probe URL`: sends the request an EventSource sends (GET, `Accept: text/event-stream`; or a chat API's
/// POST with `--data`) and reads the response as a stream (HTTP/1.1 or HTTP/2, TLS included), timestamping every
/// line of the body on arrival. The result is a probe transcript (see
/// `ProbeTranscript`), which the PRB rules judge like any other input.
public struct ProbeOptions: Sendable {
    public var url: String
    public var method = "GET"
    public var headers: [(String, String)] = []
    public var body: [UInt8]?
    /// Seconds for the whole exchange.
    public var timeout: Double = 30
    public var insecure = false
    /// Close the connection after this many `data:` events (the disconnect check).
    public var disconnectAfter: Int?
    public init(url: String) { self.url = url }
}

public struct ProbeResult: Sendable {
    /// The transcript text (`ProbeTranscript.parse` reads it back).
    public var transcript: String
    /// The request failed (connection refused, TLS, an HTTP/2 stream error…): what happened.
    public var error: String?
    /// When the probe closed the stream itself, relative to the request start.
    public var disconnectedAt: Double?
}

public enum Prober {
    public static func run(_ o: ProbeOptions) async -> ProbeResult {
        var config = HTTPClient.Configuration()
        var tls = TLSConfiguration.makeClientConfiguration()
        if o.insecure { tls.certificateVerification = .none }
        config.tlsConfiguration = tls
        config.httpVersion = .automatic
        config.timeout = HTTPClient.Configuration.Timeout(connect: .milliseconds(Int64(min(o.timeout, 5) * 1000)),
                                                          read: .milliseconds(Int64(o.timeout * 1000)))
        config.decompression = .enabled(limit: .none)
        // A refused connection is an answer: report it now, not after the connect timeout's retries.
        config.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
        let result = await exchange(client, o)
        try? await client.shutdown()
        return result
    }

    static func exchange(_ client: HTTPClient, _ o: ProbeOptions) async -> ProbeResult {
        var request = HTTPClientRequest(url: o.url)
        request.method = HTTPMethod(rawValue: o.method.uppercased())
        for (n, v) in o.headers { request.headers.add(name: n, value: v) }
        if !request.headers.contains(name: "accept") { request.headers.add(name: "Accept", value: "text/event-stream") }
        if let body = o.body, request.method != .GET, request.method != .HEAD {
            if !request.headers.contains(name: "content-type") { request.headers.add(name: "Content-Type", value: "application/json") }
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let start = ContinuousClock.now
        func elapsed() -> Double {
            let d = ContinuousClock.now - start
            return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
        var status: String?
        var headers: [(String, String)] = []
        var lines: [(Double, String)] = []
        var notes: [String] = []
        var disconnectedAt: Double?
        do {
            let response = try await client.execute(request, deadline: .now() + .milliseconds(Int64(o.timeout * 1000)))
            status = "HTTP/\(response.version.major).\(response.version.minor) \(response.status.code) \(response.status.reasonPhrase)"
            headers = response.headers.map { ($0.name, $0.value) }
            var pending: [UInt8] = []
            var events = 0
            var afterCR = false
            read: for try await chunk in response.body {
                let t = elapsed()
                pending += chunk.readableBytesView
                // Every complete line (CRLF, LF or CR), stamped with the arrival time of the chunk that completed it;
                // blank lines too, since they are what dispatches an event. A leading BOM stays in the first line:
                // the transcript's parser drops it, as EventSource does (once).
                let (complete, used) = EventStream.splitLines(pending, final: false, afterCR: &afterCR)
                pending.removeFirst(used)
                for line in complete {
                    let text = String(decoding: line, as: UTF8.self)
                    lines.append((t, text))
                    // Events as a client counts them (a blank line after a data field), for the disconnect check.
                    if text.isEmpty, o.disconnectAfter != nil {
                        events = EventStream.interpret(lines.map { EventStream.Line(time: $0.0, text: $0.1, range: 0..<0) }).events.count
                    }
                    if let n = o.disconnectAfter, events >= n {
                        disconnectedAt = t
                        notes.append("closed after \(n) events (--disconnect-after \(n))")
                        break read
                    }
                }
            }
            // A last line without its line break (the server closed mid-line).
            if disconnectedAt == nil {
                for line in EventStream.splitLines(pending, final: true, afterCR: &afterCR).lines { lines.append((elapsed(), String(decoding: line, as: UTF8.self))) }
            }
        } catch {
            let text = describe(error)
            notes.append("error after \(String(format: "%.3f", elapsed())) s: \(text)")
            return ProbeResult(transcript: ProbeTranscriptText.render(o, status, headers, lines, notes), error: text, disconnectedAt: disconnectedAt)
        }
        return ProbeResult(transcript: ProbeTranscriptText.render(o, status, headers, lines, notes), error: nil, disconnectedAt: disconnectedAt)
    }

    /// A readable cause: HTTP/2 stream errors name the protocol violation (a `Connection` header, RFC 9113 §8.2.2).
    static func describe(_ error: Error) -> String {
        let text = String(describing: error)
        if text.contains("Connection refused") { return "connection refused: nothing listens at that host and port" }
        if text.contains("ProtocolError") || text.contains("protocolError") || text.contains("InvalidHTTP2") || text.contains("ForbiddenHeader") {
            return "HTTP/2 protocol error (\(text)): the response carries a connection-specific header such as Connection, which HTTP/2 forbids (NGX011)"
        }
        return text
    }
}

/// The transcript format, written here so that the probe module does not depend on the rules.
enum ProbeTranscriptText {
    static func render(_ o: ProbeOptions, _ status: String?, _ headers: [(String, String)], _ lines: [(Double, String)], _ notes: [String]) -> String {
        var out = "# sselint probe transcript\n> \(o.method.uppercased()) \(o.url)\n"
        if let status { out += "< \(status)\n" }
        for (n, v) in headers { out += "< \(n.lowercased()): \(v)\n" }
        for (t, l) in lines { out += "+\(String(format: "%.3f", t))\(l.isEmpty ? "" : " " + l)\n" }
        for n in notes { out += "! \(n)\n" }
        return out
    }
}
