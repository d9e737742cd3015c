import SSELintCore

/// One shell word after quote removal. Expansions stay symbolic (`$PORT`, `${WORKERS:-4}`) until a carrier that
/// defines the variable resolves them; `start..<end` is the word's range in the original file.
public struct ShellWord: Sendable, Hashable {
    public enum Part: Sendable, Hashable {
        case literal(String)
        /// `$NAME` / `${NAME}` / `${NAME:-default}`.
        case variable(name: String, fallback: String?)
        /// `$(…)`, backticks and other expansions sselint does not evaluate.
        case opaque(String)
    }
    public let parts: [Part]
    public let start: Int
    public let end: Int

    public init(parts: [Part], start: Int, end: Int) { self.parts = parts; self.start = start; self.end = end }
    public init(literal: String, start: Int, end: Int) { self.init(parts: [.literal(literal)], start: start, end: end) }

    /// The text with expansions written as in the source.
    public var text: String {
        parts.map {
            switch $0 {
            case .literal(let s), .opaque(let s): return s
            case .variable(let n, let f): return f.map { "${\(n):-\($0)}" } ?? "$\(n)"
            }
        }.joined()
    }

    /// The value with variables from `env` (or their `:-` fallbacks); nil when something stays unknown.
    public func resolved(_ env: [String: String]) -> String? {
        var out = ""
        for p in parts {
            switch p {
            case .literal(let s): out += s
            case .variable(let n, let f):
                guard let v = env[n] ?? f else { return nil }
                out += v
            case .opaque: return nil
            }
        }
        return out
    }
}

/// A simple command: `NAME=value … word word …`.
public struct ShellCommand: Sendable, Hashable {
    public var assignments: [(name: String, value: ShellWord)]
    public var words: [ShellWord]
    public init(assignments: [(name: String, value: ShellWord)] = [], words: [ShellWord]) {
        self.assignments = assignments; self.words = words
    }
    public static func == (a: Self, b: Self) -> Bool {
        a.words == b.words && a.assignments.map(\.name) == b.assignments.map(\.name) && a.assignments.map(\.value) == b.assignments.map(\.value)
    }
    public func hash(into h: inout Hasher) { h.combine(words) }
}

public struct ShellError: Error, Sendable {
    public let offset: Int
    public let message: String
}
