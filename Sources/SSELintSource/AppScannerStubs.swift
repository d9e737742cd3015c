import SSELintCore
// Temporary until the JS/TS and Go scanners land (branch jsgo); deleted on merge.
public enum JSScanner { public static func scan(_ f: SourceFile) -> AppFile { AppFile(source: f, language: .javascript) } }
public enum GoScanner { public static func scan(_ f: SourceFile) -> AppFile { AppFile(source: f, language: .go) } }
