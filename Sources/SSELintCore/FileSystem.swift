#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// `read(2)` and `glob(3)` by other names: inside `FileSystem` the bare names mean its own `read` and `glob`, and a
// module-qualified call (`Glibc.read`) would not build on macOS, where the module is Darwin.
private func posixGlob(_ pattern: String, _ flags: Int32, _ g: inout glob_t) -> Int32 { glob(pattern, flags, nil, &g) }

/// The few file-system calls sselint needs, with errors phrased for users. POSIX directly: it is faster than
/// Foundation on thousands of small files and gives errno for messages.
public enum FileSystem {
    public enum Kind: Sendable { case file, directory, other, missing }

    public static func kind(_ path: String) -> Kind {
        var st = stat()
        guard stat(path, &st) == 0 else { return .missing }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// The largest file sselint reads: offsets, lines and columns are kept in 32 bits.
    public static let maxReadable = Int(UInt32.max) - 1

    /// Reads a whole regular file, refusing files above `limit` bytes.
    /// Errors point at 1:1 so every report names path:line:col.
    public static func read(_ path: String, limit: Int) -> Result<[UInt8], InputError> {
        // Never block on a FIFO (fstat rejects it below). The path as a C string in place (an argument String is
        // copied into a new array for the call).
        let fd = path.withCString { open($0, O_RDONLY | O_NONBLOCK) }
        guard fd >= 0 else { return .failure(InputError(path: path, line: 1, column: 1, message: "cannot read: \(errnoText())")) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failure(InputError(path: path, line: 1, column: 1, message: "cannot stat: \(errnoText())")) }
        guard st.st_mode & S_IFMT == S_IFREG else { return .failure(InputError(path: path, line: 1, column: 1, message: "not a regular file")) }
        let size = Int(st.st_size)
        if size > limit {
            return .failure(InputError(path: path, line: 1, column: 1, message: "file is \(size) bytes, above the \(limit)-byte limit (--max-file-size)"))
        }
        // Positions are 32-bit (SourcePosition): a larger file could not be pointed into, whatever the limit says.
        if size > maxReadable {
            return .failure(InputError(path: path, line: 1, column: 1, message: "file is \(size) bytes, above the \(maxReadable) bytes sselint can read"))
        }
        // A file above 64 KiB is read straight into uninitialised storage (zeroing it first touched every page of a
        // large file twice); one of 1 MiB or more in two halves at once (most of reading it is faulting in the pages
        // it is copied to).
        var failure: Int32 = 0
        /// Reads into `p`; how many bytes it holds.
        func fill(_ p: UnsafeMutableBufferPointer<UInt8>) -> Int {
            nonisolated(unsafe) let base = p.baseAddress
            func readRange(_ from: Int, _ to: Int) -> (got: Int, error: Int32) {
                var got = from
                while got < to {
                    let r = pread(fd, base! + got, to - got, off_t(got))
                    if r < 0 { if errno == EINTR { continue }; return (got, errno) }
                    if r == 0 { break }
                    got += r
                }
                return (got, 0)
            }
            let half = size >= 1 << 20 ? size / 2 : size
            let (head, tail) = Parallel.pair(concurrently: half < size) { readRange(0, half) } _: { readRange(half, size) }
            failure = head.error != 0 ? head.error : tail.error
            // A file that shrank while being read: keep what is contiguous from the start.
            return head.got < half ? head.got : tail.got
        }
        let buf: [UInt8]
        if size <= 1 << 16 {
            // A small file (most configs; thousands in a generated tree): zeroed first, which costs less than the
            // uninitialised array's lookup (see `Array.init(count:filler:writing:)`).
            var got = 0
            var b = [UInt8](count: size, filler: 0) { got = fill($0) }
            b.removeLast(size - got)
            buf = b
        } else {
            buf = [UInt8](unsafeUninitializedCapacity: size) { p, count in count = fill(p) }
        }
        if failure != 0 { return .failure(InputError(path: path, line: 1, column: 1, message: "cannot read: \(String(cString: strerror(failure)))")) }
        return .success(buf)
    }

    /// Writes atomically: a temporary file beside the target, same mode, owner and group, then rename.
    /// A symlink is written through (its target is replaced, the link stays). With `expected`, an existing file is
    /// replaced only if it still holds exactly those bytes (it was not edited while sselint ran), is writable, and
    /// has no other hard link (a rename would split it from its other names). Errors name the path as given.
    public static func writeAtomically(_ given: String, _ bytes: [UInt8], expected: [UInt8]? = nil) -> InputError? {
        // Asked of the disk, not of a listing made earlier: the link is written through even if it appeared since.
        let path = realPath(given, maybeLink: true, trustListing: false) ?? given
        var st = stat()
        let exists = stat(path, &st) == 0
        let mode: mode_t = exists ? st.st_mode & 0o7777 : 0o644
        let refuse = { (why: String) in InputError(path: given, line: 1, column: 1, message: "\(why); not rewritten") }
        if !exists, expected != nil { return refuse("was removed while sselint ran") }
        if exists, let expected {
            guard case .success(let now) = read(path, limit: max(expected.count + 1, 1)), now == expected else {
                return refuse("changed on disk while sselint ran")
            }
            if st.st_mode & 0o222 == 0 { return refuse("is read-only") }
            if st.st_nlink > 1 { return refuse("has \(st.st_nlink) hard links, which a rewrite would split apart (fix it by hand)") }
        }
        // A fresh name, never an existing file or link (O_EXCL | O_NOFOLLOW): nobody can point it elsewhere.
        var tmp = "", fd: Int32 = -1
        for _ in 0..<8 where fd < 0 {
            tmp = path + ".sselint-tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode)
            if fd < 0 && errno != EEXIST { break }
        }
        guard fd >= 0 else { return InputError(path: given, message: "cannot write: \(errnoText())") }
        // Keep the owner and group as they were (a fix run as root must not hand a user's file to root; a setgid
        // directory must not change its group): whatever the new file got, set it back.
        var made = stat()
        if exists, fstat(fd, &made) == 0, made.st_uid != st.st_uid || made.st_gid != st.st_gid, fchown(fd, st.st_uid, st.st_gid) != 0 {
            close(fd); unlink(tmp)
            return refuse(made.st_uid != st.st_uid ? "is owned by another user, whose ownership a rewrite could not keep"
                                                   : "belongs to a group a rewrite could not keep")
        }
        var done = 0
        while done < bytes.count {
            let w = bytes.withUnsafeBytes { p in write(fd, p.baseAddress! + done, bytes.count - done) }
            if w < 0 { if errno == EINTR { continue }; close(fd); unlink(tmp); return InputError(path: given, message: "cannot write: \(errnoText())") }
            done += w
        }
        fchmod(fd, mode)
        guard fsync(fd) == 0, close(fd) == 0 else { unlink(tmp); return InputError(path: given, message: "cannot write: \(errnoText())") }
        guard rename(tmp, path) == 0 else { unlink(tmp); return InputError(path: given, message: "cannot replace: \(errnoText())") }
        return nil
    }

    /// Entries of a directory, sorted, without `.`/`..`.
    public static func list(_ path: String) -> Result<[String], InputError> {
        listWithKinds(path, stat: false).map { $0.map(\.name) }
    }

    /// Entries of a directory with their kinds (as `kind(_:)` gives them: links followed), sorted. The kind comes
    /// from the directory entry itself where the file system records it; a link, or an entry of unknown type, is
    /// stat'ed (a stat per file was most of walking a tree of thousands). `maybeLink` is false only for an entry
    /// the directory records as a plain file or directory.
    public static func listWithKinds(_ path: String) -> Result<[(name: String, kind: Kind, maybeLink: Bool)], InputError> {
        listWithKinds(path, stat: true)
    }

    private static func listWithKinds(_ path: String, stat: Bool) -> Result<[(name: String, kind: Kind, maybeLink: Bool)], InputError> {
        guard let dir = opendir(path) else { return .failure(InputError(path: path, message: "cannot list directory: \(errnoText())")) }
        defer { closedir(dir) }
        var out: [(name: String, kind: Kind, maybeLink: Bool)] = []
        while let ent = readdir(dir) {
            let name = withUnsafeBytes(of: ent.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard name != "." && name != ".." else { continue }
            guard stat else { out.append((name, .other, true)); continue }
            switch Int32(ent.pointee.d_type) {
            case Int32(DT_REG): out.append((name, .file, false))
            case Int32(DT_DIR): out.append((name, .directory, false))
            case Int32(DT_LNK), Int32(DT_UNKNOWN): out.append((name, kind(path.hasSuffix("/") ? path + name : path + "/" + name), true))
            default: out.append((name, .other, false))
            }
        }
        return .success(sortedBytewise(out) { $0.name })
    }

    /// Canonical path with symlinks resolved (used to detect directory loops and include cycles). A file that is not
    /// a symlink is its directory's real path plus its name, and directories are resolved once each: realpath(3)
    /// reads every component's link (seven system calls for each of a config's thousands of includes).
    public static func realPath(_ path: String) -> String? { realPath(path, maybeLink: true) }

    /// The real path of a file known not to be a link (its directory entry said so): its directory's real path
    /// plus its name, without a system call once the directory is known.
    public static func realPathOfPlainFile(_ path: String) -> String? { realPath(path, maybeLink: false) }

    private static func realPath(_ path: String, maybeLink: Bool, trustListing: Bool = true) -> String? {
        #if os(macOS)
        // A case-insensitive disk: realpath(3) also gives the name's case on disk, which the shortcut would not.
        return resolvedPath(path)
        #else
        let name = Path.basename(path)
        guard !name.isEmpty, name != ".", name != ".." else { return resolvedPath(path) }
        if maybeLink, !(trustListing && listedAsPlainFile(path)) {
            var st = stat()
            guard lstat(path, &st) == 0 else { return nil }
            guard st.st_mode & S_IFMT != S_IFLNK else { return resolvedPath(path) }
        }
        let dir = Path.dirname(path)
        guard let real = realDirectory(dir.isEmpty ? "." : dir) else { return resolvedPath(path) }
        return real == "/" ? "/" + name : real + "/" + name
        #endif
    }

    /// `realPath` of many files at once (an include glob's thousands of matches): one lock for what the listings
    /// said, and each run of files in one directory joined to that directory's real path, looked up once (two
    /// locked table lookups per file on every core cost more than the work). `plain`: files known not to be links.
    public static func realPaths(_ paths: [String], plain: (String) -> Bool) -> [String] {
        #if os(macOS)
        return paths.map { realPath($0) ?? $0 }
        #else
        pthread_mutex_lock(realDirectoriesLock)
        let listings = plainListed
        pthread_mutex_unlock(realDirectoriesLock)
        var out: [String] = []
        out.reserveCapacity(paths.count)
        var last: (dir: String, real: String?)?
        // The listed names of the directory last met and where the last name was found in them (a glob's matches
        // come in the listing's order: each is found at the next place, without a search).
        var names: (dir: String, listed: Listed)?
        for p in paths {
            // The name and the directory as Path.basename and dirname cut them, by bytes: the directory is made a
            // String only when it changes, the name never (two Strings a file were a third of this). A name is "."
            // or ".." as a String exactly when it is those bytes (no other text is canonically a dot).
            let handled: Bool = withUTF8Bytes(p) { b in
                let slash = Path.lastSlash(b) ?? -1
                let name = UnsafeBufferPointer(rebasing: b[(slash + 1)...])
                let dots = name.count <= 2 && !name.isEmpty && name.allSatisfy { $0 == 0x2E }
                let dir = Path.dirname(bytes: b)
                if names == nil || !withUTF8Bytes(names!.dir, { bytewiseEqual($0, dir) }) {
                    let d = String(decoding: dir, as: UTF8.self)
                    names = (d, Listed(names: listings[d] ?? []))
                }
                guard !name.isEmpty, !dots, names!.listed.contains(name) || plain(p) else { return false }
                if last == nil || !withUTF8Bytes(last!.dir, { bytewiseEqual($0, dir) }) {
                    let d = names!.dir
                    last = (d, realDirectory(d.isEmpty ? "." : d))
                }
                guard let real = last!.real else { out.append(resolvedPath(p) ?? p); return true }
                out.append(withUTF8Bytes(real == "/" ? "" : real) { Path.concatenate(bytes: $0, Path.slash, name) })
                return true
            }
            if !handled { out.append((plain(p) ? realPathOfPlainFile(p) : realPath(p)) ?? p) }
        }
        return out
        #endif
    }

    private static func resolvedPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// Files that an include glob's directory listing said are regular files (d_type, no link): their real path
    /// needs no lstat (one system call for each of thousands of `servers/*.conf`). Kept by directory, as the glob's
    /// paths spell it (the bytes before their last `/`), each directory's names sorted bytewise: a table of whole
    /// paths hashed each of thousands of paths twice, once when listed and once when asked.
    private nonisolated(unsafe) static var plainListed: [String: [String]] = [:]
    /// Forgets what earlier listings said (a process that lints again, after files may have changed).
    public static func forgetListings() {
        pthread_mutex_lock(realDirectoriesLock)
        plainListed.removeAll()
        pthread_mutex_unlock(realDirectoriesLock)
    }
    private static func listedAsPlainFile(_ path: String) -> Bool {
        withUTF8Bytes(path) { b in
            let slash = Path.lastSlash(b) ?? -1
            let dir = String(decoding: Path.dirname(bytes: b), as: UTF8.self)
            pthread_mutex_lock(realDirectoriesLock)
            let names = plainListed[dir] ?? []
            pthread_mutex_unlock(realDirectoriesLock)
            var listed = Listed(names: names)
            return listed.contains(UnsafeBufferPointer(rebasing: b[(slash + 1)...]))
        }
    }

    /// Records `names` (sorted bytewise) as plain files of `dir` (as `listedAsPlainFile` cuts it).
    private static func notePlain(_ names: [String], in dir: String) {
        guard !names.isEmpty else { return }
        pthread_mutex_lock(realDirectoriesLock)
        defer { pthread_mutex_unlock(realDirectoriesLock) }
        guard let had = plainListed[dir], !had.isEmpty else { plainListed[dir] = names; return }
        // Another pattern over the same directory (`*.conf`, then `*.inc`): merged, in order, each name once.
        var merged: [String] = []
        for n in sortedBytewise(had + names, by: { $0 }) where merged.last.map({ !bytewiseEqual($0, n) }) ?? true { merged.append(n) }
        plainListed[dir] = merged
    }

    /// A directory's listed names, looked up in order: a name is first compared with the one after the last found.
    struct Listed {
        let names: [String]
        var next = 0
        init(names: [String]) { self.names = names }
        mutating func contains(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
            if next < names.count, withUTF8Bytes(names[next], { bytewiseEqual($0, name) }) { next += 1; return true }
            var lo = 0, hi = names.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if withUTF8Bytes(names[mid], { bytewiseLess($0, name) }) { lo = mid + 1 } else { hi = mid }
            }
            guard lo < names.count, withUTF8Bytes(names[lo], { bytewiseEqual($0, name) }) else { return false }
            next = lo + 1
            return true
        }
    }

    /// Records the real path of a directory whose entry its parent's listing gave as a directory, not a link (its
    /// parent's real path plus its name): a tree walk knows it, and realpath(3) would read every component's link.
    public static func noteDirectory(_ dir: String, real: String) {
        pthread_mutex_lock(realDirectoriesLock)
        if realDirectories[dir] == nil { realDirectories[dir] = real }
        pthread_mutex_unlock(realDirectoriesLock)
    }

    /// Directories' real paths, resolved once per process (a run does not move directories).
    private nonisolated(unsafe) static var realDirectories: [String: String] = [:]
    private nonisolated(unsafe) static let realDirectoriesLock: UnsafeMutablePointer<pthread_mutex_t> = {
        let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(m, nil)
        return m
    }()
    private static func realDirectory(_ dir: String) -> String? {
        pthread_mutex_lock(realDirectoriesLock)
        let known = realDirectories[dir]
        pthread_mutex_unlock(realDirectoriesLock)
        if let known { return known }
        guard let real = resolvedPath(dir) else { return nil }
        pthread_mutex_lock(realDirectoriesLock)
        realDirectories[dir] = real
        pthread_mutex_unlock(realDirectoriesLock)
        return real
    }

    /// Paths matching a shell glob, sorted bytewise as nginx and crossplane sort them; hidden files only when
    /// the pattern names the dot.
    public static func glob(_ pattern: String) -> [String] { glob(pattern, flags: 0) }

    /// The matches of `pattern` that are not directories (or links to them), asked of glob(3) itself: a stat per
    /// match was most of expanding `include servers/*.conf` over thousands of files.
    /// A pattern whose only wildcards are in its last part (`conf.d/*.conf`) is matched against one listing of its
    /// directory, whose entries say which are directories: glob(3) stats every match to mark directories.
    public static func globNotDirectories(_ pattern: String) -> [String] {
        guard let slash = pattern.utf8.lastIndex(of: 0x2F) ?? Optional(pattern.utf8.startIndex) else { return [] }
        let dir = String(pattern[..<slash]), last = String(pattern[slash...].drop(while: { $0 == "/" }))
        // ASCII only and no `//` anywhere: glob(3) collapses a leading `//`, and Character-wise checks treat a
        // combining mark after a slash as part of it.
        guard !last.isEmpty, pattern.utf8.allSatisfy({ $0 < 0x80 }), !pattern.contains("//"),
              !dir.contains(where: { "*?[\\".contains($0) }), !pattern.hasSuffix("/"),
              case .success(let entries) = listWithKinds(dir.isEmpty ? (pattern.hasPrefix("/") ? "/" : ".") : dir) else {
            return globNotDirectoriesByGlob(pattern)
        }
        let head = pattern.hasPrefix("/") && dir.isEmpty ? "/" : dir.isEmpty ? "" : dir + "/"
        // FNM_PERIOD: a leading dot is matched only by a dot, as glob(3) matches names. C strings by withCString (a
        // String passed as a pointer is copied into a new array for each call).
        let suffix = Self.starSuffix(last)
        let matched = last.withCString { pattern in
            entries.filter { e in
                guard e.kind != .directory else { return false }
                if let suffix, let m = withUTF8Bytes(e.name, { Self.matchesStar($0, suffix: suffix) }) { return m }
                return e.name.withCString { fnmatch(pattern, $0, FNM_PERIOD) } == 0
            }
        }
        // The directory as the paths below spell it before their last `/`.
        notePlain(matched.filter { $0.kind == .file && !$0.maybeLink }.map(\.name), in: head.count > 1 ? String(head.dropLast()) : head)
        return matched.map { Path.concatenate(head, $0.name) }
    }

    /// `*` then plain ASCII bytes (`*.conf`, `*`): what a name must end with. nil for any other pattern.
    static func starSuffix(_ pattern: String) -> [UInt8]? {
        let b = Array(pattern.utf8)
        guard b.first == 0x2A, b.allSatisfy({ $0 < 0x80 }), !b.dropFirst().contains(where: { [0x2A, 0x3F, 0x5B, 0x5C].contains($0) }) else { return nil }
        return Array(b.dropFirst())
    }

    /// Whether `name` matches `*` + `suffix` as fnmatch(3) with FNM_PERIOD matches it (a leading dot only by a dot);
    /// nil for a name that is not ASCII (fnmatch reads it by the locale's characters: asked of fnmatch itself).
    static func matchesStar(_ name: UnsafeBufferPointer<UInt8>, suffix: [UInt8]) -> Bool? {
        guard name.allSatisfy({ $0 < 0x80 }) else { return nil }
        guard name.first != 0x2E, name.count >= suffix.count else { return false }
        return suffix.withUnsafeBufferPointer { bytewiseEqual(UnsafeBufferPointer(rebasing: name[(name.count - suffix.count)...]), $0) }
    }

    /// The same, asked of glob(3) (GLOB_MARK marks directories with a trailing `/`).
    static func globNotDirectoriesByGlob(_ pattern: String) -> [String] {
        glob(pattern, flags: GLOB_MARK).filter { !$0.hasSuffix("/") }
    }

    private static func glob(_ pattern: String, flags: Int32) -> [String] {
        var g = glob_t()
        defer { globfree(&g) }
        guard posixGlob(pattern, flags, &g) == 0 else { return [] }
        var out: [String] = []
        for i in 0..<Int(g.gl_pathc) { if let p = g.gl_pathv[i] { out.append(String(cString: p)) } }
        return sortedBytewise(out) { $0 }
    }

    /// Whether `path` matches the glob `pattern` as `glob(3)` would match it (`*` stays within one directory).
    public static func matches(_ pattern: String, _ path: String) -> Bool {
        fnmatch(pattern, path, FNM_PATHNAME) == 0
    }

    public static func hasGlobMagic(_ p: String) -> Bool { p.contains { $0 == "*" || $0 == "?" || $0 == "[" } }

    public static var currentDirectory: String {
        var buf = [UInt8](repeating: 0, count: 4096)
        let ok = buf.withUnsafeMutableBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { getcwd($0, p.count) != nil }
        }
        guard ok else { return "." }
        return String(decoding: buf.prefix(while: { $0 != 0 }), as: UTF8.self)
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// Lexical path helpers (no file-system access).
public enum Path {
    public static func join(_ dir: String, _ p: String) -> String {
        if p.hasPrefix("/") || dir.isEmpty { return p }
        return dir.hasSuffix("/") ? concatenate(dir, p) : concatenate(dir, "/", p)
    }

    /// `a + b + c` made at its size in one allocation (each `+` grew the string: a tenth of walking a large tree).
    public static func concatenate(_ a: String, _ b: String, _ c: String = "") -> String {
        withUTF8Bytes(a) { x in withUTF8Bytes(b) { y in withUTF8Bytes(c) { z in concatenate(bytes: x, y, z) } } }
    }

    /// The same from bytes at hand (a name cut from a path, never made a String of its own).
    static func concatenate(bytes x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>, _ z: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: x.count + y.count + z.count) { out in
            var k = 0
            func add(_ part: UnsafeBufferPointer<UInt8>) {
                guard part.count > 0 else { return }
                (out.baseAddress! + k).initialize(from: part.baseAddress!, count: part.count)
                k += part.count
            }
            add(x); add(y); add(z)
            return k
        }
    }

    /// `/` as bytes, for `concatenate(bytes:)`.
    nonisolated(unsafe) static let slash = UnsafeBufferPointer(start: ("/" as StaticString).utf8Start, count: 1)
    // By byte: a path is bytes, and a search by Character was a measurable share of walking thousands of files.
    public static func dirname(_ p: String) -> String {
        withUTF8Bytes(p) { b in String(decoding: dirname(bytes: b), as: UTF8.self) }
    }
    /// The bytes `dirname` makes its String of: before the last `/` (`/` itself for a path just under the root),
    /// none without a `/`.
    public static func dirname(bytes b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard let i = lastSlash(b) else { return UnsafeBufferPointer(rebasing: b[0..<0]) }
        return UnsafeBufferPointer(rebasing: b[..<max(i, 1)])
    }
    public static func basename(_ p: String) -> String {
        withUTF8Bytes(p) { b in
            guard let i = lastSlash(b) else { return p }
            return String(decoding: UnsafeBufferPointer(rebasing: b[(i + 1)...]), as: UTF8.self)
        }
    }
    public static func lastSlash(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = b.count - 1
        while i >= 0 { if b[i] == 0x2F { return i }; i -= 1 }
        return nil
    }
    /// `a/./b/../c` → `a/c`, like Python's os.path.normpath.
    public static func normalize(_ p: String) -> String {
        if isNormal(p) { return p }
        let absolute = p.hasPrefix("/")
        var out: [Substring] = []
        for part in p.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = out.last, last != ".." { out.removeLast(); continue }
            if part == "..", absolute { continue }
            out.append(part)
        }
        // Joined by hand: the generic `joined(separator:)` looked up [Substring]'s conformances at run time (a
        // scan of every conformance record, early in a run such as `sselint .`, whose root is normalised).
        var body = ""
        for (k, part) in out.enumerated() {
            if k > 0 { body.append("/") }
            body.append(contentsOf: part)
        }
        return absolute ? "/" + body : (body.isEmpty ? "." : body)
    }
    /// Already normal: no empty, `.` or `..` segment and no trailing slash (the common case, checked without allocating).
    static func isNormal(_ p: String) -> Bool { withUTF8Bytes(p, isNormal) }

    private static func isNormal(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        // Not normal: empty, `//`, a `.` or `..` component, or a trailing `/` (other than "/" itself).
        let n = b.count
        guard n > 0, let base = b.baseAddress else { return false }
        if n == 1 { return b[0] != 0x2E }
        if b[n - 1] == 0x2F { return false }
        // Component by component, each end found by memchr (a byte-by-byte walk was most of normalizing a path).
        var start = b[0] == 0x2F ? 1 : 0
        while true {
            let end = memchr(base + start, 0x2F, n - start).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? n
            let length = end - start
            if length == 0 { return false }
            if b[start] == 0x2E, length == 1 || (length == 2 && b[start + 1] == 0x2E) { return false }
            if end == n { return true }
            start = end + 1
        }
    }

    /// `path` relative to `base` when it lies under it, else `path` unchanged.
    public static func relative(_ path: String, to base: String) -> String {
        let b = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(b) ? String(path.dropFirst(b.count)) : path
    }
    /// The working directory, read once (sselint never changes it).
    private static let cwd = FileSystem.currentDirectory

    public static func absolute(_ p: String) -> String {
        normalize(p.hasPrefix("/") ? p : join(cwd, p))
    }
}
