public import Foundation
import Synchronization

/// A real SMTP server (aiosmtpd, via Tests/Fixtures/smtp/smtp_server.py) on 127.0.0.1 with a
/// free port, writing what it accepts to a maildir. Stopped by its process id.
public final class SMTPTestServer: Sendable {
    public static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/smtp")

    public let port: Int
    public let maildir: URL
    public let scratch: URL
    public let arguments: [String]
    private let process: Mutex<ServerProcess?>

    private init(port: Int, maildir: URL, scratch: URL, arguments: [String], process: ServerProcess) {
        self.port = port
        self.maildir = maildir
        self.scratch = scratch
        self.arguments = arguments
        self.process = Mutex(process)
    }

    /// Starts a server with launcher `options` (e.g. `["--tls", "starttls"]`); certificate
    /// options are added for TLS modes. `port` reuses a port (a restart).
    public static func start(_ options: [String] = [], port: Int? = nil, scratch: URL? = nil) async throws -> SMTPTestServer {
        let scratch = scratch ?? FileManager.default.temporaryDirectory.appendingPathComponent("ixp-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let port = try port ?? FreePort.tcp()
        let maildir = scratch.appendingPathComponent("maildir")
        var arguments = [fixtures.appendingPathComponent("smtp_server.py").path, "--port", "\(port)", "--maildir", maildir.path]
        arguments += options
        if options.contains("starttls") || options.contains("implicit") {
            let certificate = try TestCertificate.shared()
            arguments += ["--cert", certificate.cert, "--key", certificate.key]
        }
        let server = SMTPTestServer(port: port, maildir: maildir, scratch: scratch, arguments: arguments,
                                    process: try await launch(arguments, scratch: scratch))
        return server
    }

    /// Starts the launcher; `ready` tells whether it listens yet.
    private static func spawn(_ arguments: [String], scratch: URL) throws -> (ServerProcess, ready: URL) {
        let ready = scratch.appendingPathComponent("ready")
        try? FileManager.default.removeItem(at: ready)
        let process = try Subprocess.start("python3", arguments + ["--ready", ready.path],
                                           logFile: scratch.appendingPathComponent("server-\(UUID().uuidString.prefix(6)).log"))
        return (process, ready)
    }

    /// How often, at most, the launcher is asked whether it listens: up to 60 s. It answers as
    /// soon as the ready file appears, but Python importing aiosmtpd and asyncio can take more
    /// than 20 s on a 2-core machine busy with the other tests, which run in parallel.
    private static let readinessChecks = 6000

    /// Whether the launcher listens (true), has exited (an error), or not yet (false).
    private static func isReady(_ process: ServerProcess, _ ready: URL, scratch: URL) throws -> Bool {
        if FileManager.default.fileExists(atPath: ready.path) { return true }
        if process.isRunning { return false }
        throw notStarted(process, scratch: scratch)
    }

    private static func notStarted(_ process: ServerProcess, scratch: URL) -> HarnessError {
        process.stop(grace: 0.5)
        let logs = (try? FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0.hasPrefix("server-") }) ?? []
        let log = logs.compactMap { try? String(contentsOfFile: scratch.appendingPathComponent($0).path, encoding: .utf8) }
            .joined(separator: "\n")
        return HarnessError("the SMTP test server did not start: \(log)")
    }

    /// Starts the launcher and waits for it with `Task.sleep`, holding no thread meanwhile.
    private static func launch(_ arguments: [String], scratch: URL) async throws -> ServerProcess {
        let (process, ready) = try spawn(arguments, scratch: scratch)
        for _ in 0..<readinessChecks {
            if try isReady(process, ready, scratch: scratch) { return process }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        throw notStarted(process, scratch: scratch)
    }

    /// Starts the launcher and waits for it, blocking the thread (for ``restart()``).
    private static func launchBlocking(_ arguments: [String], scratch: URL) throws -> ServerProcess {
        let (process, ready) = try spawn(arguments, scratch: scratch)
        for _ in 0..<readinessChecks {
            if try isReady(process, ready, scratch: scratch) { return process }
            usleep(10_000)
        }
        throw notStarted(process, scratch: scratch)
    }

    /// Stops the server (it can be started again with ``restart()``).
    public func stop() {
        process.withLock { process in
            process?.stop(grace: 1)
            process = nil
        }
    }

    /// Starts the server again on the same port with the same options and maildir.
    public func restart() throws {
        stop()
        let started = try Self.launchBlocking(arguments, scratch: scratch)
        process.withLock { $0 = started }
    }

    /// Stops the server and removes its files.
    public func finish() {
        stop()
        try? FileManager.default.removeItem(at: scratch)
    }

    /// The messages received so far, as Python's `email` package reads them.
    public func messages() throws -> [ParsedMail] {
        guard FileManager.default.fileExists(atPath: maildir.path) else { return [] }
        let result = try Subprocess.run("python3", [Self.fixtures.appendingPathComponent("parse_maildir.py").path, maildir.path])
        guard result.succeeded else { throw HarnessError("parse_maildir.py failed: \(result.stderr)") }
        return try JSONDecoder().decode([ParsedMail].self, from: Data(result.stdout.utf8))
    }

    deinit {
        stop()
    }

    /// One message (its bytes as sent) as Python's `email` package reads it, without a server.
    public static func parse(_ message: [UInt8]) throws -> ParsedMail {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ixp-mail-\(UUID().uuidString).eml")
        try Data(message).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Subprocess.run("python3", [fixtures.appendingPathComponent("parse_maildir.py").path, file.path])
        guard result.succeeded else { throw HarnessError("parse_maildir.py failed: \(result.stderr)") }
        guard let mail = try JSONDecoder().decode([ParsedMail].self, from: Data(result.stdout.utf8)).first else {
            throw HarnessError("parse_maildir.py printed no message")
        }
        return mail
    }
}

/// One received message as parse_maildir.py prints it.
public struct ParsedMail: Decodable, Sendable {
    public struct Part: Decodable, Sendable {
        public var content_type: String
        public var multipart: Bool
        public var charset: String?
        public var transfer_encoding: String?
        public var content: String?
        /// A non-text part's decoded bytes, base64.
        public var data_base64: String?
        public var content_id: String?
        public var disposition: String?
        public var filename: String?
        public var defects: [String]

        /// A non-text part's decoded bytes.
        public var data: [UInt8]? { data_base64.flatMap { Data(base64Encoded: $0) }.map { [UInt8]($0) } }
    }

    public var headers: [String: String]
    public var raw_subject: String
    public var subject: String
    public var from: String
    public var from_display_name: String
    public var to: [String]
    public var message_id: String
    public var in_reply_to: String
    public var references: [String]
    public var date_epoch: Double?
    public var defects: [String]
    public var longest_line: Int
    public var parts: [Part]

    /// The decoded content of the first part of `type`.
    public func content(_ type: String) -> String? {
        parts.first { $0.content_type == type }?.content
    }
}

/// A self-signed certificate for 127.0.0.1 and localhost, made once per test run with openssl;
/// the certificate file is also the CA file the client trusts.
public enum TestCertificate {
    public struct Files: Sendable {
        public var cert: String
        public var key: String
    }

    private static let made = Mutex<Result<Files, HarnessError>?>(nil)

    public static func shared() throws -> Files {
        try made.withLock { made in
            if made == nil { made = Result { try make() }.mapError { HarnessError("\($0)") } }
            return try made!.get()
        }
    }

    private static func make() throws -> Files {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ixp-smtp-cert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let cert = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let result = try Subprocess.run("openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key,
            "-out", cert, "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ])
        guard result.succeeded else { throw HarnessError("openssl req failed: \(result.stderr)") }
        return Files(cert: cert, key: key)
    }
}
