import Foundation

/// A small HTTP(S) server on 127.0.0.1 for the member-list fetch tests: Python's `http.server`
/// run as a child process on a free port. It serves `/files/NAME` from a directory, answers 404
/// for unknown paths, and has `/slow` (no answer for a minute), `/stall` (headers, then a
/// stalled body), `/chunked-big` (a large body without Content-Length) and `/redirect`. It
/// exits by itself after two minutes if not stopped.
final class TestHTTPServer {
    let port: Int
    let scheme: String
    private let process: Process

    /// The python3 to use, or nil when there is none.
    static var python: String? {
        ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    init(serving directory: URL, certificate: (cert: String, key: String)? = nil) throws {
        guard let python = Self.python else { throw StartError(description: "no python3") }
        let script = directory.appendingPathComponent("server.py")
        try Data(Self.script.utf8).write(to: script)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path, directory.path] + (certificate.map { [$0.cert, $0.key] } ?? [])
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The script prints its port on its first line.
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw StartError(description: "the test server did not start: \(text)")
        }
        self.port = port
        self.scheme = certificate == nil ? "http" : "https"
        self.process = process
    }

    func url(_ path: String) -> String { "\(scheme)://127.0.0.1:\(port)\(path)" }

    deinit {
        // SIGKILL: SIGTERM may be ignored by a child of the test runner.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    private static let script = #"""
        import http.server, os, ssl, sys, threading, time

        root = sys.argv[1]
        stopper = threading.Timer(120, lambda: os._exit(0))
        stopper.daemon = True
        stopper.start()

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path == "/slow":
                    time.sleep(60)
                    return
                if self.path == "/stall":
                    self.send_response(200)
                    self.send_header("Content-Length", "1000")
                    self.end_headers()
                    self.wfile.write(b'{"member_list": [')
                    self.wfile.flush()
                    time.sleep(60)
                    return
                if self.path == "/chunked-big":
                    self.send_response(200)
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    chunk = b"x" * 4096
                    for _ in range(64):
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    self.wfile.write(b"0\r\n\r\n")
                    return
                if self.path == "/redirect":
                    self.send_response(302)
                    self.send_header("Location", "/files/members.json")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                name = self.path[len("/files/"):] if self.path.startswith("/files/") else None
                path = os.path.join(root, name) if name and "/" not in name else None
                if path is None or not os.path.isfile(path):
                    body = b"not found"
                    self.send_response(404)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                with open(path, "rb") as f:
                    body = f.read()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        if len(sys.argv) > 3:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(sys.argv[2], sys.argv[3])
            server.socket = context.wrap_socket(server.socket, server_side=True)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#
}
