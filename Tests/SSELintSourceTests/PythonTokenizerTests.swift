import SSELintCore
import SSELintSource
import Testing

struct PythonTokenizerTests {
    @Test func stringsOfEveryKind() {
        let src = #"""
        a = r"\d" + b'x' + f"{d["k"]}" + '''tri "q" ''' + rb'\x'
        """#
        let toks = PythonTokenizer.tokenize(SourceFile(path: "t.py", text: src))
        #expect(toks.filter { $0.kind == .string }.count == 5)
    }
}
