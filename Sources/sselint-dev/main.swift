#if canImport(Glibc)
import Glibc
#endif
import SSELintCore
import SSELintGenerator

// sselint-dev generate [ROOT]: rewrites the embedded rule catalog, docs/rules/ and the README rules table.
let args = Array(CommandLine.arguments.dropFirst())
guard args.first == "generate" else {
    print("usage: sselint-dev generate [PACKAGE_ROOT]")
    exit(2)
}
let root = args.count > 1 ? args[1] : "."
do {
    let files = try Generator.generate(root: root)
    for (path, text) in files.sorted(by: { $0.key < $1.key }) {
        let full = Path.join(root, path)
        if case .success(let old) = FileSystem.read(full, limit: 1 << 24), old == Array(text.utf8) { continue }
        if let e = FileSystem.writeAtomically(full, Array(text.utf8)) { print("error: \(e.message)"); exit(1) }
        print("wrote \(path)")
    }
} catch {
    print("error: \(error)")
    exit(1)
}
