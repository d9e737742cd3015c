import SSELintCore
import SSELintSource

/// What the HDR, CAN and PY rules share about one app source file, with the deployment it belongs to.
public final class AppAnalysis {
    public let file: AppFile
    public let fileIndex: Int
    public let settings: Settings
    public let deployment: Deployment
    /// The rules that run on this file (HDR006 leaves to HDR002/HDR003 what they flag).
    public let enabledRules: Set<RuleID>

    public init(fileIndex: Int, settings: Settings, deployment: Deployment, enabledRules: Set<RuleID>) {
        self.file = deployment.apps[fileIndex]; self.fileIndex = fileIndex
        self.settings = settings; self.deployment = deployment; self.enabledRules = enabledRules
    }

    public var source: SourceFile { file.source }
    public func range(_ r: Range<Int>) -> SourceRange { SourceRange(file: file.source, start: r.lowerBound, end: r.upperBound) }

    /// The SSE responses of this file.
    public var sseResponses: [AppResponse] { file.responses.filter(\.isSSE) }

    /// Every header that reaches the client for a response (its own, its library's, middleware's).
    public func headers(_ r: AppResponse) -> [AppHeader] { deployment.headers(r) }

    /// The route keys of a response (one per prefix its router is mounted under).
    public func routeKeys(_ r: AppResponse) -> [String] {
        if let i = r.route { return deployment.routeKeys(file: fileIndex, route: i) }
        // A view registered in another file (Django urls.py): the routes whose handler it is.
        return r.function.map { deployment.handlerRouteKeys($0, file: fileIndex) } ?? []
    }
    /// The scanned nginx location that buffers this response's route, if any.
    public func bufferedBy(_ r: AppResponse) -> (range: SourceRange, text: String)? {
        routeKeys(r).lazy.compactMap { self.deployment.bufferedBy[$0] }.first
    }
    /// The body generator yields a few literals and ends, without waiting: a one-shot answer, not a stream.
    public func sendsAtOnce(_ r: AppResponse) -> Bool {
        file.python?.generator(of: r)?.yieldsAtOnce ?? false
    }

    /// Every scanned nginx location that proxies this route has buffering off.
    public func unbufferedByNginx(_ r: AppResponse) -> Bool {
        let keys = routeKeys(r)
        return !keys.isEmpty && bufferedBy(r) == nil && keys.contains { self.deployment.unbufferedBy[$0] != nil }
    }
    public func cachedBy(_ r: AppResponse) -> SourceRange? {
        routeKeys(r).lazy.compactMap { self.deployment.cachedBy[$0] }.first
    }
    /// "route POST /api/chat" or "function chat" for messages.
    public func describe(_ r: AppResponse) -> String {
        if let i = r.route {
            let route = file.routes[i]
            let path = deployment.fullPath(file: fileIndex, route: i) ?? route.path
            return "route \(route.methods.first.flatMap { $0 == "*" ? nil : $0 } ?? "") \(path)".replacingSpaces()
        }
        if let f = r.function {
            if let key = routeKeys(r).first, let path = deployment.path(ofKey: key) { return "route \(path) (function \(f))" }
            return "function \(f)"
        }
        return "response"
    }
}

extension String {
    func replacingSpaces() -> String { split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
}

