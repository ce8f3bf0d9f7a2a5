import Foundation
import NIOCore
import NIOSSL

/// A small SMTP client (RFC 5321) on SwiftNIO: STARTTLS (RFC 3207, required by default),
/// implicit TLS, AUTH PLAIN and LOGIN (RFC 4954), per-recipient results, dot-stuffing, and a
/// timeout on every step. One ``send(_:)`` is one session: connect, EHLO, STARTTLS, EHLO,
/// AUTH, MAIL, RCPT…, DATA, QUIT.
public struct SMTPClient: MailTransport {
    /// Where and how to connect.
    public var configuration: SMTPConfiguration

    /// A client for `configuration`.
    public init(configuration: SMTPConfiguration) {
        self.configuration = configuration
    }

    /// Delivers `envelope` in one session and reports what became of it with the transcript.
    /// The message counts as accepted only after the server's 250 to the end of DATA.
    public func send(_ envelope: SMTPEnvelope) async -> SMTPDeliveryReport {
        await send(envelope) { _ in }
    }

    /// Delivers `envelope` in one session; `accepted` runs right after the server's 250 to the
    /// end of DATA, before QUIT.
    public func send(_ envelope: SMTPEnvelope, accepted: @Sendable (SMTPAcceptance) async -> Void) async -> SMTPDeliveryReport {
        let conversation = SMTPConversation(configuration: configuration)
        var recipients: [SMTPRecipientResult] = []
        let outcome: Result<SMTPAcceptance, SMTPError>
        do {
            let acceptance = try await run(envelope, conversation, &recipients)
            outcome = .success(acceptance)
            await accepted(acceptance)
            _ = try? await conversation.command("QUIT", stage: .quit, timeout: min(configuration.commandTimeout, 5))
        } catch let error as SMTPError {
            outcome = .failure(error)
            if error.kind == .transient || error.kind == .permanent {
                _ = try? await conversation.command("QUIT", stage: .quit, timeout: min(configuration.commandTimeout, 5))
            }
        } catch {
            outcome = .failure(SMTPError(.connection, stage: .connect, message: "\(error)"))
        }
        await conversation.close()
        return SMTPDeliveryReport(outcome: outcome, recipients: recipients, transcript: conversation.transcript)
    }

    private func run(_ envelope: SMTPEnvelope, _ conversation: SMTPConversation,
                     _ recipients: inout [SMTPRecipientResult]) async throws -> SMTPAcceptance {
        try Self.checkAddress(envelope.sender, what: "sender")
        guard !envelope.recipients.isEmpty else {
            throw SMTPError(.configuration, stage: .rcpt, message: "the message has no recipient")
        }
        for recipient in envelope.recipients { try Self.checkAddress(recipient, what: "recipient") }
        let tls = try makeTLSContext()

        try await conversation.connect(tls: tls)
        var capabilities = try await hello(conversation)
        if configuration.security == .startTLS, let tls {
            guard capabilities.startTLS else {
                let error = SMTPError(
                    .startTLSUnavailable, stage: .startTLS,
                    message: "\(configuration.host):\(configuration.port) does not offer STARTTLS, and STARTTLS is required; "
                        + "refusing to send in plaintext (use tls: implicit for port 465, or tls: none only for a trusted local relay)")
                throw error
            }
            let reply = try await conversation.command("STARTTLS", stage: .startTLS)
            try conversation.expect(reply, 220, stage: .startTLS, what: "STARTTLS")
            try await conversation.startTLS(tls)
            capabilities = try await hello(conversation)
        }
        if let username = configuration.username {
            try await authenticate(conversation, username: username, password: configuration.password ?? "",
                                   mechanisms: capabilities.authMechanisms)
        }

        let mail = try await conversation.command("MAIL FROM:<\(envelope.sender)>", stage: .mail)
        try conversation.expect(mail, 250, stage: .mail, what: "sender")
        for address in envelope.recipients {
            let reply = try await conversation.command("RCPT TO:<\(address)>", stage: .rcpt)
            recipients.append(SMTPRecipientResult(address: address, reply: reply))
        }
        let accepted = recipients.filter(\.accepted)
        guard !accepted.isEmpty else {
            let transient = recipients.first { $0.reply.isTransientFailure }
            let first = transient ?? recipients[0]
            throw SMTPConversation.refusal(first.reply, stage: .rcpt, what: "recipients")
        }
        let data = try await conversation.command("DATA", stage: .data)
        try conversation.expect(data, 354, stage: .data, what: "DATA command")
        let payload = Self.dotStuffed(envelope.message)
        let reply = try await conversation.data(payload, shown: "<message, \(envelope.message.count) bytes>")
        try conversation.expect(reply, 250, stage: .data, what: "message")
        return SMTPAcceptance(reply: reply, accepted: accepted.map(\.address), refused: recipients.filter { !$0.accepted })
    }

    // MARK: EHLO

    /// What the server offers, from its EHLO reply.
    struct Capabilities {
        var startTLS = false
        var authMechanisms: Set<String> = []

        init(_ reply: SMTPReply?) {
            for line in reply?.lines.dropFirst() ?? [] {
                let words = line.uppercased().split(whereSeparator: { $0 == " " || $0 == "=" })
                guard let keyword = words.first else { continue }
                if keyword == "STARTTLS" { startTLS = true }
                if keyword == "AUTH" { authMechanisms.formUnion(words.dropFirst().map(String.init)) }
            }
        }
    }

    /// EHLO; HELO only on a plaintext connection whose server does not know EHLO.
    private func hello(_ conversation: SMTPConversation) async throws -> Capabilities {
        let reply = try await conversation.command("EHLO \(configuration.heloName)", stage: .ehlo)
        if reply.isPositiveCompletion { return Capabilities(reply) }
        if configuration.security == .none, reply.code == 500 || reply.code == 502 {
            let helo = try await conversation.command("HELO \(configuration.heloName)", stage: .ehlo)
            try conversation.expect(helo, 250, stage: .ehlo, what: "HELO")
            return Capabilities(nil)
        }
        throw SMTPConversation.refusal(reply, stage: .ehlo, what: "EHLO")
    }

    // MARK: AUTH

    private func authenticate(_ conversation: SMTPConversation, username: String, password: String,
                              mechanisms: Set<String>) async throws {
        if mechanisms.contains("PLAIN") {
            let token = Data(("\0" + username + "\0" + password).utf8).base64EncodedString()
            let reply = try await conversation.command("AUTH PLAIN \(token)", stage: .auth, shown: "AUTH PLAIN <redacted>")
            try conversation.expect(reply, 235, stage: .auth, what: "login of \(username)")
        } else if mechanisms.contains("LOGIN") {
            let start = try await conversation.command("AUTH LOGIN", stage: .auth)
            try conversation.expect(start, 334, stage: .auth, what: "AUTH LOGIN")
            let user = try await conversation.command(Data(username.utf8).base64EncodedString(), stage: .auth,
                                                      shown: "<user name \(username)>")
            try conversation.expect(user, 334, stage: .auth, what: "user name \(username)")
            let reply = try await conversation.command(Data(password.utf8).base64EncodedString(), stage: .auth,
                                                       shown: "<password redacted>")
            try conversation.expect(reply, 235, stage: .auth, what: "login of \(username)")
        } else {
            let offered = mechanisms.isEmpty ? "none" : mechanisms.sorted().joined(separator: " ")
            throw SMTPError(.authenticationUnavailable, stage: .auth,
                            message: "a user name is configured but the server offers no AUTH PLAIN or LOGIN (offered: \(offered))")
        }
    }

    // MARK: Helpers

    /// The TLS context for STARTTLS or implicit TLS, nil for `tls: none`.
    func makeTLSContext() throws -> NIOSSLContext? {
        guard configuration.security != .none else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caFile = configuration.caFile {
            guard FileManager.default.isReadableFile(atPath: caFile) else {
                throw SMTPError(.configuration, stage: .connect, message: "the CA file \(caFile) cannot be read")
            }
            tls.trustRoots = .file(caFile)
        }
        if !configuration.verifyCertificate {
            tls.certificateVerification = .none
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            let source = configuration.caFile.map { " from the CA file \($0)" } ?? ""
            throw SMTPError(.configuration, stage: .connect, message: "cannot set up TLS\(source): \(error)")
        }
    }

    /// Refuses addresses that would break the command line they go into.
    static func checkAddress(_ address: String, what: String) throws {
        let forbidden: Set<Character> = ["\r", "\n", "<", ">", " "]
        guard !address.isEmpty, !address.contains(where: { forbidden.contains($0) }) else {
            throw SMTPError(.configuration, stage: what == "sender" ? .mail : .rcpt,
                            message: "the \(what) address '\(address)' is not a bare e-mail address")
        }
    }

    /// The message with CRLF line ends, every line that starts with `.` doubled (RFC 5321
    /// §4.5.2), and the terminating `.` line.
    static func dotStuffed(_ message: [UInt8]) -> ByteBuffer {
        var out = ByteBuffer()
        out.reserveCapacity(message.count + message.count / 40 + 8)
        var atLineStart = true
        var index = 0
        while index < message.count {
            let byte = message[index]
            if atLineStart && byte == UInt8(ascii: ".") { out.writeInteger(UInt8(ascii: ".")) }
            if byte == UInt8(ascii: "\r") && index + 1 < message.count && message[index + 1] == UInt8(ascii: "\n") {
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                out.writeString("\r\n")
                atLineStart = true
            } else {
                out.writeInteger(byte)
                atLineStart = false
            }
            index += 1
        }
        if !atLineStart { out.writeString("\r\n") }
        out.writeString(".\r\n")
        return out
    }
}
