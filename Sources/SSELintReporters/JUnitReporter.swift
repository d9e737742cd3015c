import SSELintCore

/// JUnit XML: one test case per finding (a failure) and per input error (an error); a clean run is one passing case.
public struct JUnitReporter: Reporter {
    public let paths: PathDisplay
    public init(paths: PathDisplay = PathDisplay()) { self.paths = paths }

    public func render(_ report: Report) -> String {
        var cases: [String] = []
        for e in report.errors {
            cases.append("    <testcase classname=\"\(XML.escape(paths.show(e.path)))\" name=\"input error at \(e.line):\(e.column)\">\n      <error message=\"\(XML.escape(e.message))\" type=\"input-error\"/>\n    </testcase>")
        }
        for f in report.findings {
            let place = "\(paths.show(f.range.file.path)):\(f.range.start.line):\(f.range.start.column)"
            let body = "\(place): \(f.severity.rawValue)[\(f.rule)] \(f.message)" + (f.fix.map { "\nfix (\($0.safety.rawValue)): \($0.title)" } ?? "")
            cases.append("    <testcase classname=\"\(XML.escape(paths.show(f.range.file.path)))\" name=\"\(f.rule) \(f.name) at \(f.range.start.line):\(f.range.start.column)\">\n      <failure message=\"\(XML.escape(f.message))\" type=\"\(f.severity.rawValue)\">\(XML.escape(body))</failure>\n    </testcase>")
        }
        if cases.isEmpty { cases.append("    <testcase classname=\"sselint\" name=\"no findings\"/>") }
        let total = max(1, report.findings.count + report.errors.count)
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="sselint" tests="\(total)" failures="\(report.findings.count)" errors="\(report.errors.count)">
              <testsuite name="sselint" tests="\(total)" failures="\(report.findings.count)" errors="\(report.errors.count)" skipped="0">
            \(cases.joined(separator: "\n"))
              </testsuite>
            </testsuites>

            """
    }
}
