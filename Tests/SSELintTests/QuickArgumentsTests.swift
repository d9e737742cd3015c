import ArgumentParser
@testable import sselint
import SSELint
import Testing

/// `sselint lint`'s command line is read by a quick parser before swift-argument-parser: what the quick one
/// accepts it must read exactly as the full one does, and it must know every option `lint` has.
struct QuickArgumentsTests {
    /// The full parser's reading of `argv` (the root command, as `main` runs it).
    private func full(_ argv: [String]) throws -> LintArguments {
        let command = try SSELintCommand.parseAsRoot(argv)
        return try #require(command as? Lint, "\(argv) is not lint").arguments
    }

    @Test func everyLintOptionIsReadAsTheFullParserReadsIt() throws {
        let names = Set(Lint.helpMessage(columns: 400).matches(of: /--([a-z][a-z-]*)/).map { String($0.1) })
            .subtracting(["help", "version"])
        #expect(names.count >= 20, "the help text lists lint's options")
        let sample: [String: [String]] = [
            "format": ["json"], "fail-on": ["error"], "select": ["NGX001,ngx00"], "ignore": ["APP"],
            "nginx-version": ["1.26.2"], "max-file-size": ["4096"], "max-include-depth": ["3"],
            "stdin-filename": ["site.conf", "-"],
        ]
        for name in names.sorted() {
            var argv = ["--\(name)"]
            var scratch = LintArguments()
            let value = sample[name] ?? (QuickLintArguments.setFlag(name, &scratch) ? [] : ["some/file"])
            argv += value
            for line in [argv, ["lint"] + argv + ["deploy"], ["deploy"] + argv] {
                let quick = try #require(QuickLintArguments.parse(line), "the quick parser does not read \(line)")
                #expect(try quick == full(line), "\(line)")
            }
            if let v = value.first, v != "-" {
                let joined = ["--\(name)=\(v)"] + value.dropFirst()
                #expect(try QuickLintArguments.parse(joined) == full(joined), "\(joined)")
            }
        }
    }

    @Test func everydayCommandLinesAgree() throws {
        let lines: [[String]] = [
            [], ["."], ["lint"], ["lint", "."], ["a", "b/c.conf"], ["-v", "--format", "sarif", "-o", "out.sarif", "."],
            ["--select", "NGX", "--ignore", "NGX001", "--fix", "--unsafe-fixes", "etc/nginx"], ["-", "--stdin-filename", "x.conf"],
            ["--format=github", "--fail-on=info", "--exit-zero", "--no-color", "--isolated", "--no-project"],
        ]
        for line in lines {
            let quick = try #require(QuickLintArguments.parse(line), "\(line)")
            #expect(try quick == full(line), "\(line)")
        }
    }

    /// What the quick parser leaves to the full one: help, other subcommands, mistakes, failed checks, repeats.
    @Test func whatItDoesNotReadGoesToTheFullParser() {
        let lines: [[String]] = [
            ["--help"], ["-h"], ["--version"], ["help"], ["rules"], ["explain", "NGX001"], [".", "parse"],
            ["--format", "yaml"], ["--format"], ["--fail-on", "fatal"], ["--select", "NOPE999"], ["--max-file-size", "0"],
            ["--max-file-size", "x"], ["--frobnicate"], ["-x"], ["-vv"], ["--", "-weird-dir"], ["--fix", "--fix"],
            ["-o", "a", "--output", "b"], ["--fix=yes"], ["--output", "-"], ["--fix", "-"], ["--stdin-filename", "x.conf"],
            ["--nginx-version", "new"],
        ]
        for line in lines { #expect(QuickLintArguments.parse(line) == nil, "\(line)") }
    }
}

/// `.sselint.yml` is read without Yams' full tag resolution, keeping what `.string` relies on: a mapping's `=` key.
struct ConfigurationValueKeyTests {
    @Test func aValueKeyStillReadsAsItsValue() throws {
        let config = try ConfigurationLoader.parse("fail-on: {=: error}\nnginx-version: 1.26.2\n", path: ".sselint.yml").get()
        #expect(config.failOn == .error)
        #expect(config.nginxVersion.map { "\($0)" } == "1.26.2")
    }
}
