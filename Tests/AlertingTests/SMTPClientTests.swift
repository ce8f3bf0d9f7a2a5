import ProcessTestSupport
import Alerting
import Foundation
import Testing

/// The SMTP client against a real server (aiosmtpd) that each test starts.
@Suite("SMTP client against aiosmtpd")
struct SMTPClientTests {
    static func envelope(_ recipients: [String] = ["noc@example.net"], subject: String = "Test") -> SMTPEnvelope {
        let message = MailMessage(
            from: MailAddress("ixp-health@example.net"), to: recipients.map { MailAddress($0) }, subject: subject,
            date: 1_790_000_000, messageID: "test-\(UUID().uuidString)@example.net",
            textBody: "Line one.\n.starts with a dot\n..two dots\n.\nend\n")
        return SMTPEnvelope(sender: "ixp-health@example.net", recipients: recipients, message: message.encoded())
    }

    static func configuration(_ server: SMTPTestServer, _ security: SMTPSecurity, caFile: String? = nil,
                              username: String? = nil, password: String? = nil, commandTimeout: Double = 20) -> SMTPConfiguration {
        // Timeouts for a loaded machine: aiosmtpd is Python, and with the tests running in
        // parallel on two cores its greeting and replies can take seconds. They bound a failure
        // only; a server that answers ends the wait at once.
        SMTPConfiguration(host: "127.0.0.1", port: server.port, security: security, username: username, password: password,
                          heloName: "ixp-health.test", caFile: caFile, connectTimeout: 20, commandTimeout: commandTimeout,
                          dataTimeout: 20)
    }

    @Test("plain: delivered, dot-stuffed lines arrive intact")
    func plain() async throws {
        let server = try await SMTPTestServer.start(["--tls", "none"])
        defer { server.finish() }
        let report = await SMTPClient(configuration: Self.configuration(server, .none)).send(Self.envelope())
        #expect(report.error == nil, "\(report.transcript.lines)")
        let mails = try server.messages()
        #expect(mails.count == 1)
        #expect(mails.first?.content("text/plain") == "Line one.\n.starts with a dot\n..two dots\n.\nend\n")
        #expect(report.transcript.steps.map(\.stage) == [.connect, .ehlo, .mail, .rcpt, .data, .data, .quit])
    }

    @Test("STARTTLS with the test CA file: EHLO again after TLS, then delivered")
    func startTLS() async throws {
        let server = try await SMTPTestServer.start(["--tls", "starttls"])
        defer { server.finish() }
        let ca = try TestCertificate.shared().cert
        let report = await SMTPClient(configuration: Self.configuration(server, .startTLS, caFile: ca)).send(Self.envelope())
        #expect(report.error == nil, "\(report.transcript.lines)")
        #expect(report.transcript.steps(.ehlo).count == 2)
        #expect(report.transcript.steps(.startTLS).first?.reply?.code == 220)
        #expect(try server.messages().count == 1)
    }

    @Test("STARTTLS without the CA file: the certificate is refused (verification on by default)")
    func startTLSUntrusted() async throws {
        let server = try await SMTPTestServer.start(["--tls", "starttls"])
        defer { server.finish() }
        let report = await SMTPClient(configuration: Self.configuration(server, .startTLS)).send(Self.envelope())
        #expect(report.error?.kind == .tls, "\(report.transcript.lines)")
        #expect(try server.messages().isEmpty)
    }

    @Test("implicit TLS (port 465 style)")
    func implicitTLS() async throws {
        let server = try await SMTPTestServer.start(["--tls", "implicit"])
        defer { server.finish() }
        let ca = try TestCertificate.shared().cert
        let report = await SMTPClient(configuration: Self.configuration(server, .implicitTLS, caFile: ca)).send(Self.envelope())
        #expect(report.error == nil, "\(report.transcript.lines)")
        #expect(report.transcript.steps(.startTLS).isEmpty)
        #expect(try server.messages().count == 1)
    }

    @Test("AUTH PLAIN over STARTTLS; the password never appears in the transcript")
    func authPlain() async throws {
        let server = try await SMTPTestServer.start(["--tls", "starttls", "--auth", "alerts:s3cret-Pässword"])
        defer { server.finish() }
        let ca = try TestCertificate.shared().cert
        let client = SMTPClient(configuration: Self.configuration(server, .startTLS, caFile: ca, username: "alerts",
                                                                  password: "s3cret-Pässword"))
        let report = await client.send(Self.envelope())
        #expect(report.error == nil, "\(report.transcript.lines)")
        #expect(report.transcript.steps(.auth).last?.reply?.code == 235)
        let text = report.transcript.lines.joined(separator: "\n")
        #expect(!text.contains("s3cret"))
        #expect(!text.contains(Data("\0alerts\0s3cret-Pässword".utf8).base64EncodedString()))
        #expect(try server.messages().count == 1)

        let wrong = SMTPClient(configuration: Self.configuration(server, .startTLS, caFile: ca, username: "alerts", password: "nope"))
        let refused = await wrong.send(Self.envelope())
        #expect(refused.error?.kind == .permanent)
        #expect(refused.error?.stage == .auth)
        #expect(try server.messages().count == 1)
    }

    @Test("AUTH LOGIN when the server offers only LOGIN")
    func authLogin() async throws {
        let server = try await SMTPTestServer.start(["--tls", "none", "--auth", "alerts:pw-login", "--only-login"])
        defer { server.finish() }
        let client = SMTPClient(configuration: Self.configuration(server, .none, username: "alerts", password: "pw-login"))
        let report = await client.send(Self.envelope())
        #expect(report.error == nil, "\(report.transcript.lines)")
        #expect(report.transcript.steps(.auth).map(\.command).first == "AUTH LOGIN")
        #expect(!report.transcript.lines.joined().contains("pw-login"))
        #expect(try server.messages().count == 1)
    }

    @Test("STARTTLS required but not offered: refused with a clear error, nothing sent in plaintext")
    func startTLSNotOffered() async throws {
        let server = try await SMTPTestServer.start(["--tls", "none"])
        defer { server.finish() }
        let report = await SMTPClient(configuration: Self.configuration(server, .startTLS)).send(Self.envelope())
        let error = try #require(report.error)
        #expect(error.kind == .startTLSUnavailable)
        #expect(error.description.contains("does not offer STARTTLS"))
        #expect(report.transcript.steps(.mail).isEmpty)
        #expect(try server.messages().isEmpty)
    }

    @Test("a 5xx at the end of DATA is a permanent failure")
    func permanentFailure() async throws {
        let server = try await SMTPTestServer.start(["--tls", "none", "--reject-data"])
        defer { server.finish() }
        let report = await SMTPClient(configuration: Self.configuration(server, .none)).send(Self.envelope())
        #expect(report.error?.kind == .permanent)
        #expect(report.error?.reply?.code == 554)
        #expect(report.error?.isPermanent == true)
    }

    @Test("a 4xx at the end of DATA is transient")
    func transientFailure() async throws {
        let server = try await SMTPTestServer.start(["--tls", "none", "--defer-data", "1"])
        defer { server.finish() }
        let client = SMTPClient(configuration: Self.configuration(server, .none))
        let first = await client.send(Self.envelope())
        #expect(first.error?.kind == .transient)
        #expect(first.error?.reply?.code == 451)
        let second = await client.send(Self.envelope())
        #expect(second.error == nil)
        #expect(try server.messages().count == 1)
    }

    @Test("per-recipient results: partial acceptance delivers to the accepted ones")
    func partialAcceptance() async throws {
        let server = try await SMTPTestServer.start(["--tls", "none"])
        defer { server.finish() }
        let report = await SMTPClient(configuration: Self.configuration(server, .none))
            .send(Self.envelope(["noc@example.net", "reject-me@example.net", "defer-me@example.net"]))
        let acceptance = try report.outcome.get()
        #expect(acceptance.accepted == ["noc@example.net"])
        #expect(acceptance.refused.map(\.reply.code) == [550, 450])
        let all = await SMTPClient(configuration: Self.configuration(server, .none)).send(Self.envelope(["reject@example.net"]))
        #expect(all.error?.kind == .permanent)
        #expect(all.error?.stage == .rcpt)
    }

    @Test("a slow server: a timeout error naming the step")
    func slowServer() async throws {
        let server = try await SMTPTestServer.start(["--tls", "none", "--delay", "1.5"])
        defer { server.finish() }
        let report = await SMTPClient(configuration: Self.configuration(server, .none, commandTimeout: 0.5)).send(Self.envelope())
        #expect(report.error?.kind == .timeout)
        // The greeting waits for the connect timeout, EHLO for the command timeout: which one
        // runs out first depends on the machine's load.
        #expect(report.error?.stage == .connect || report.error?.stage == .ehlo)
        #expect(report.error?.description.contains("no reply within") == true)
    }

    @Test("a server that is down: a connection error")
    func serverDown() async throws {
        let port = try FreePort.tcp()
        let configuration = SMTPConfiguration(host: "127.0.0.1", port: port, security: .none, connectTimeout: 2)
        let report = await SMTPClient(configuration: configuration).send(Self.envelope())
        #expect(report.error?.kind == .connection)
        #expect(report.transcript.steps.first?.stage == .connect)
    }

    @Test("a hostile server with an endless reply line: a protocol error, not unbounded memory")
    func hostileServer() async throws {
        let server = try await SMTPTestServer.start(["--hostile"])
        defer { server.finish() }
        let report = await SMTPClient(configuration: Self.configuration(server, .none)).send(Self.envelope())
        #expect(report.error?.kind == .protocolViolation)
    }
}
