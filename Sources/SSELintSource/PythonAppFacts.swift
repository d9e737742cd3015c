import SSELintCore

/// Cancellation and hygiene facts from one Python file (CAN and PY rules).
public struct PythonAppFacts: Sendable {
    public init() {}
}
