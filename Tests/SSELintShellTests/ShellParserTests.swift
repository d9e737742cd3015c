import SSELintShell
import Testing

/// Shell words as launch commands use them: every word keeps its range, expansions stay symbolic.
struct ShellParserTests {
    func commands(_ s: String) throws -> [ShellCommand] { try ShellParser.parse(s).get() }
    func words(_ s: String) throws -> [[String]] { try commands(s).map { $0.words.map(\.text) } }

    @Test func quotingEscapesAndRanges() throws {
        let text = #"uvicorn "app.main:app" --host '0.0.0.0' --port\ 8000 "a\"b" x\y"#
        let c = try commands(text)[0]
        #expect(c.words.map(\.text) == ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port 8000", #"a"b"#, "xy"])
        let host = c.words[3]
        #expect(Array(text.utf8)[host.start] == UInt8(ascii: "'") && host.end - host.start == 9)
    }

    @Test func operatorsCommentsContinuationsAndRedirections() throws {
        let s = """
            set -e  # strict
            alembic upgrade head && \\
              exec uvicorn app:app --reload 2>&1 | tee log.txt; echo done &
            """
        #expect(try words(s) == [["set", "-e"], ["alembic", "upgrade", "head"], ["exec", "uvicorn", "app:app", "--reload"], ["tee", "log.txt"], ["echo", "done"]])
    }

    @Test func variablesStaySymbolicAndResolve() throws {
        let c = try commands(#"UVICORN_RELOAD=true PORT=${PORT:-8000} uvicorn app:app --port "$PORT" --workers ${WEB_CONCURRENCY}"#)[0]
        #expect(c.assignments.map(\.name) == ["UVICORN_RELOAD", "PORT"])
        #expect(c.assignments[1].value.resolved([:]) == "8000")
        #expect(c.words[3].text == "$PORT" && c.words[3].resolved(["PORT": "9000"]) == "9000" && c.words[3].resolved([:]) == nil)
        #expect(c.words[5].resolved(["WEB_CONCURRENCY": "4"]) == "4")
        #expect(try commands("echo $(date) `id`")[0].words.allSatisfy { $0.text != "" })
    }

    @Test func heredocsAreSkipped() throws {
        let s = """
            cat <<EOF > /etc/app.conf
            uvicorn app:app --reload
            EOF
            cat <<-'END'
            \tgunicorn x
            \tEND
            uvicorn app:app
            """
        #expect(try words(s) == [["cat"], ["cat"], ["uvicorn", "app:app"]])
    }

    @Test func wrappersUnwrap() throws {
        let script = #"exec env -i FOO=1 tini -- sh -c 'cd /srv && uvicorn app:app --reload'"#
        let inner = try commands(script)[0].unwrapped()
        #expect(inner.map { $0.words.map(\.text) } == [["cd", "/srv"], ["uvicorn", "app:app", "--reload"]])
        #expect(inner[1].assignments.map(\.name) == ["FOO"])
        let reload = inner[1].words[2]
        #expect(String(decoding: Array(script.utf8)[reload.start..<reload.end], as: UTF8.self) == "--reload")
        #expect(try commands("poetry run uvicorn a:b")[0].unwrapped()[0].words.first?.text == "uvicorn")
        #expect(try commands("bash -lc \"fastapi dev\"")[0].unwrapped()[0].words.map(\.text) == ["fastapi", "dev"])
    }

    @Test func errorsNameTheOffset() {
        if case .failure(let e) = ShellParser.parse("echo 'unterminated") { #expect(e.offset == 5 && e.message.contains("single quote")) }
        else { Issue.record("no error") }
        if case .failure(let e) = ShellParser.parse("echo \"x ${y") { #expect(e.message.contains("unterminated")) }
        else { Issue.record("no error") }
    }

    @Test func hostileInputIsLinear() throws {
        let big = String(repeating: "a\\\n", count: 200_000) + String(repeating: "$(", count: 10_000)
        _ = ShellParser.parse(big)
        let nested = String(repeating: "sh -c '", count: 50)
        _ = try? commands(nested).first?.unwrapped()
    }
}
