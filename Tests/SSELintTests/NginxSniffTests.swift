@testable import SSELint
import Testing

/// The byte-level check of whether a `.conf` reads as nginx agrees with the Character-wise one it replaced.
struct NginxSniffTests {
    private static func characterWise(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes.prefix(1 << 16), as: UTF8.self)
        if text.split(separator: "\n").contains(where: { $0.hasPrefix("[") && $0.contains("]") }) { return false }
        let markers = ["server {", "server{", "location ", "proxy_pass", "server_name", "worker_processes", "upstream ", "events {",
                       "http {", "listen ", "include ", "fastcgi_pass", "uwsgi_pass", "add_header", "map $"]
        return markers.contains { text.contains($0) }
    }

    @Test(arguments: [
        "server {\n  listen 80;\n}\n", "[program:web]\ncommand=uvicorn app:app\n", "[supervisord]\nnodaemon=true\nlisten 1\n",
        "bind 127.0.0.1\nmaxmemory 1gb\n", "listen [::]:80;\n", "a\r\n[x]\r\nserver {\n", "a\n[x]\r\nproxy_pass x;\n",
        "[\nproxy_pass ]\n", "\n\n[x] include y\n", "server", "", "[]", "  [x]\nserver {\n", "a\n\r\n[x]\nhttp {\n",
        "map $a $b {}\n", "worker_processes 1;", "x\u{00e9}\n[s]\n", String(repeating: "# pad\n", count: 20_000) + "server {\n",
    ])
    func agreesWithTheCharacterWiseCheck(_ text: String) {
        let bytes = Array(text.utf8)
        #expect(Discovery.looksLikeNginx(bytes) == Self.characterWise(bytes))
    }
}
