import SSELintCore

/// Routes and streaming responses of one app source, read by the scanner of its language (the file's extension):
/// the one place that decides which scanner reads a file.
public enum AppScanner {
    public static func scan(_ f: SourceFile) -> AppFile {
        if f.path.hasSuffix(".py") { return PythonScanner.scan(f) }
        if f.path.hasSuffix(".go") { return go(f) }
        if f.path.hasSuffix(".rs") { return rust(f) }
        return javaScript(f)
    }

    public static func go(_ f: SourceFile) -> AppFile { GoScan.scan(GoTokenizer.tokenize(f)) }
    public static func javaScript(_ f: SourceFile) -> AppFile { JSScan.scan(JSTokenizer.tokenize(f)) }
    public static func rust(_ f: SourceFile) -> AppFile { RustScan.scan(RustTokenizer.tokenize(f)) }
}
