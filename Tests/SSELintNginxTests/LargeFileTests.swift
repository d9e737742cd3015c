import Foundation
@testable import SSELintCore
import SSELintTestSupport
import Testing

/// A file of a megabyte or more is read, and its lines indexed, in two halves at once: the result must be the
/// one-pass one, wherever the halves meet (in a line, at a line break, in a file without one).
struct LargeFileTests {
    private static func naiveLineStarts(_ b: [UInt8]) -> [Int] {
        [0] + b.indices.filter { b[$0] == 0x0A }.map { $0 + 1 }
    }

    @Test(arguments: [0, 1, 1 << 20, (1 << 20) + 1, 3 << 20])
    func readAndIndexInHalvesAgreeWithOnePass(_ size: Int) throws {
        var bytes = [UInt8](repeating: 0x61, count: size)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for i in bytes.indices {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            if state >> 59 == 0 { bytes[i] = 0x0A }
        }
        // A break right at the middle, where the halves meet.
        if size > 2 { bytes[size / 2] = 0x0A; bytes[size / 2 - 1] = 0x0A }
        let path = TestSupport.temporaryDirectory("large") + "/big.conf"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let read = try FileSystem.read(path, limit: 8 << 20).get()
        #expect(read == bytes)
        let f = SourceFile(path: path, bytes: read)
        #expect(Array(f.lineStarts) == Self.naiveLineStarts(bytes))
        let noBreaks = SourceFile(path: path, bytes: [UInt8](repeating: 0x20, count: size))
        #expect(Array(noBreaks.lineStarts) == [0])
    }
}
