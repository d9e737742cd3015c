#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import SSELintCore
import SSELintGenerator

// sselint-dev generate [ROOT]: rewrites the embedded rule catalog, docs/rules/ and the README rules table.
// sselint-dev new-rule ID --input INPUT [--name kebab-name] [--root ROOT]: writes the files a new rule needs.
let args = Array(CommandLine.arguments.dropFirst())
let usage = "usage: sselint-dev generate [PACKAGE_ROOT]\n       sselint-dev new-rule ID --input INPUT [--name kebab-name] [--root PACKAGE_ROOT]"

func write(_ files: [String: String], root: String, onlyChanged: Bool) {
    for (path, text) in files.sorted(by: { $0.key < $1.key }) {
        let full = Path.join(root, path)
        if onlyChanged, case .success(let old) = FileSystem.read(full, limit: 1 << 24), old == Array(text.utf8) { continue }
        if let e = FileSystem.writeAtomically(full, Array(text.utf8)) { print("error: \(e.message)"); exit(1) }
        print("wrote \(path)")
    }
}

func value(_ flag: String) -> String? {
    args.firstIndex(of: flag).flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil }
}

switch args.first {
case "generate":
    let root = args.count > 1 ? args[1] : "."
    do { write(try Generator.generate(root: root), root: root, onlyChanged: true) } catch { print("error: \(error)"); exit(1) }
case "new-rule":
    guard args.count > 1, let input = value("--input") else { print(usage); exit(2) }
    let root = value("--root") ?? "."
    do {
        let files = try Generator.newRule(id: args[1].uppercased(), input: input, name: value("--name"), root: root)
        for path in files.keys { try FileManager.default.createDirectory(atPath: Path.dirname(Path.join(root, path)), withIntermediateDirectories: true) }
        write(files, root: root, onlyChanged: false)
        write(try Generator.generate(root: root), root: root, onlyChanged: true)
        print("next: write the rule's check, its samples and YAML texts; `swift test --filter SamplesTests` checks them")
    } catch { print("error: \(error)"); exit(1) }
default:
    print(usage)
    exit(2)
}
