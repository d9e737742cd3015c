import SSELintCore

/// Which files a fix may edit: those under the linted paths. A split config has a finding in each of thousands of
/// files of a few directories, so the answer is kept per directory (an absolute path made and tested per file was
/// most of finishing such a run) and the last file's answer is kept for its next finding.
struct FixScope {
    /// The last file asked about: its include count and whether it is under a root.
    private var last: (path: String, sites: Int?, ok: Bool)?
    /// Whether a directory's files are under a root by their directory alone.
    private var directories: [String: Bool] = [:]
    /// The last directory asked about and its answer (a split config's findings come file after file of one
    /// directory: each looked its directory up by hash).
    private var lastDirectory: (dir: String, under: Bool)?

    /// How many include sites pull `path` in (`sites`), and whether it lies under a root. Findings come sorted by
    /// file: a path with the last one's bytes gets the last answer (a lookup by path per finding hashed it again).
    mutating func answer(_ path: String, sites: [String: Int], roots: [(root: String, prefix: String)]) -> (sites: Int?, inside: Bool) {
        if let last, bytewiseEqual(last.path, path) { return (last.sites, last.ok) }
        // No file included twice (a split config's thousands of files): nothing to look up by path.
        let n = sites.isEmpty ? nil : sites[path], ok = isInside(path, roots: roots)
        last = (path, n, ok)
        return (n, ok)
    }

    /// Whether `path` is a linted root or lies under one (`prefix`: the root with a trailing `/`).
    mutating func isInside(_ path: String, roots: [(root: String, prefix: String)]) -> Bool {
        guard let dir = Self.directory(path) else { return Self.isInsideByItself(path, roots: roots) }
        let known: Bool
        // The same bytes are the same table key; other spellings of it go through the table as before.
        if let l = lastDirectory, bytewiseEqual(l.dir, dir) { known = l.under } else {
            known = directories[dir] ?? {
                let abs = Path.absolute(dir)
                guard abs.hasPrefix("/") else { return false }
                let slashed = abs == "/" ? abs : abs + "/"
                let under = roots.contains { slashed.hasPrefix($0.prefix) }
                directories[dir] = under
                return under
            }()
            lastDirectory = (dir, known)
        }
        // Not under a root by its directory: the file itself may still be a root (`sselint deploy/nginx.conf`).
        return known || Self.isInsideByItself(path, roots: roots)
    }

    /// The answer for the file's own absolute path.
    static func isInsideByItself(_ path: String, roots: [(root: String, prefix: String)]) -> Bool {
        let abs = Path.absolute(path)
        return roots.contains { abs == $0.root || abs.hasPrefix($0.prefix) }
    }

    /// The directory whose answer is the file's: nil unless the last component is a plain name that starts with
    /// an ASCII byte. Then the absolute path is the directory's plus `/name` (normalizing leaves such a name as it
    /// is), and a root's prefix, which ends in `/`, is a prefix of it exactly when it is one of the directory's plus
    /// `/`: the name holds no `/`, and a Character never spans the `/` before an ASCII byte.
    static func directory(_ path: String) -> String? {
        let plain: Bool = withUTF8Bytes(path) { b in
            var i = b.count - 1
            while i >= 0, b[i] != 0x2F { i -= 1 }
            let name = UnsafeBufferPointer(rebasing: b[(i + 1)...])
            guard let first = name.first, first < 0x80 else { return false }
            let dots = name.count <= 2 && name.allSatisfy { $0 == 0x2E }
            return !dots
        }
        return plain ? Path.dirname(path) : nil
    }
}
