import NIOCore
import NIOPosix
import NIOSSL

/// One SMTP session over one connection: commands, replies and the transcript. Used by a
/// single task from connect to QUIT; ``SMTPClient`` drives it.
final class SMTPConversation {
    let configuration: SMTPConfiguration
    private(set) var transcript = SMTPTranscript()
    private var channel: (any Channel)?
    private var handler: NIOLoopBound<SMTPResponseHandler>?

    init(configuration: SMTPConfiguration) {
        self.configuration = configuration
    }

    /// The name to send in SNI and check the certificate against: nil for an IP address, whose
    /// certificate is then checked against the address connected to.
    private var serverHostname: String? {
        (try? SocketAddress(ipAddress: configuration.host, port: 0)) == nil ? configuration.host : nil
    }

    // MARK: Connection

    /// Connects (with the implicit-TLS handshake when configured) and reads the greeting.
    func connect(tls: NIOSSLContext?) async throws {
        let target = "\(configuration.host):\(configuration.port)"
        let command = "connect \(target)" + (configuration.security == .implicitTLS ? " (implicit TLS)" : "")
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        do {
            let bound = try await eventLoop.submit { NIOLoopBound(SMTPResponseHandler(), eventLoop: eventLoop) }.get()
            let implicit = configuration.security == .implicitTLS ? tls : nil
            let hostname = serverHostname
            let bootstrap = ClientBootstrap(group: eventLoop)
                .connectTimeout(.nanoseconds(Int64(max(0.001, configuration.connectTimeout) * 1e9)))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let implicit {
                            try channel.pipeline.syncOperations.addHandler(
                                NIOSSLClientHandler(context: implicit, serverHostname: hostname))
                        }
                        try channel.pipeline.syncOperations.addHandler(bound.value)
                    }
                }
            channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
            handler = bound
        } catch ChannelError.connectTimeout(_) {
            let failure = SMTPError(.timeout, stage: .connect,
                                    message: "no connection to \(target) within \(Self.seconds(configuration.connectTimeout))")
            transcript.steps.append(SMTPTranscriptStep(stage: .connect, command: command, error: failure.message))
            throw failure
        } catch {
            let failure = SMTPError(.connection, stage: .connect, message: "cannot connect to \(target): \(error)")
            transcript.steps.append(SMTPTranscriptStep(stage: .connect, command: command, error: failure.message))
            throw failure
        }
        let greeting = try await awaitReply(stage: .connect, command: command, timeout: configuration.commandTimeout)
        try expect(greeting, 220, stage: .connect, what: "greeting")
    }

    /// Adds TLS to the open connection after the server's 220 to STARTTLS.
    func startTLS(_ context: NIOSSLContext) async throws {
        guard let channel, let handler else { throw SMTPError(.connection, stage: .startTLS, message: "not connected") }
        let hostname = serverHostname
        do {
            try await channel.eventLoop.submit {
                guard !handler.value.hasUnprocessedInput else {
                    throw SMTPError(.protocolViolation, stage: .startTLS,
                                    message: "the server sent data before the TLS handshake (possible injection); refusing the session")
                }
                try channel.pipeline.syncOperations.addHandler(
                    NIOSSLClientHandler(context: context, serverHostname: hostname), position: .first)
            }.get()
        } catch let error as SMTPError {
            transcript.steps.append(SMTPTranscriptStep(stage: .startTLS, command: "TLS handshake", error: error.message))
            throw error
        } catch {
            let failure = SMTPError(.tls, stage: .startTLS, message: "cannot start TLS: \(error)")
            transcript.steps.append(SMTPTranscriptStep(stage: .startTLS, command: "TLS handshake", error: failure.message))
            throw failure
        }
    }

    /// Closes the connection (after QUIT or a failure).
    func close() async {
        guard let channel else { return }
        self.channel = nil
        try? await channel.close().get()
    }

    // MARK: Commands

    /// Sends `line` (shown in the transcript as `shown`, for AUTH data) and waits for the reply.
    func command(_ line: String, stage: SMTPStage, shown: String? = nil, timeout: Double? = nil) async throws -> SMTPReply {
        let shownCommand = shown ?? line
        guard let channel else {
            throw SMTPError(.connection, stage: stage, message: "not connected")
        }
        channel.writeAndFlush(ByteBuffer(string: line + "\r\n"), promise: nil)
        return try await awaitReply(stage: stage, command: shownCommand, timeout: timeout ?? configuration.commandTimeout)
    }

    /// Sends the message data (already dot-stuffed and ended by `.` CRLF) and waits for the
    /// reply to its end.
    func data(_ payload: ByteBuffer, shown: String) async throws -> SMTPReply {
        guard let channel else {
            throw SMTPError(.connection, stage: .data, message: "not connected")
        }
        channel.writeAndFlush(payload, promise: nil)
        return try await awaitReply(stage: .data, command: shown, timeout: configuration.dataTimeout)
    }

    /// Waits for the next reply and records the step.
    private func awaitReply(stage: SMTPStage, command: String, timeout: Double) async throws -> SMTPReply {
        guard let channel, let handler else {
            throw SMTPError(.connection, stage: stage, message: "not connected")
        }
        do {
            let eventLoop = channel.eventLoop
            let reply = try await eventLoop.flatSubmit {
                handler.value.nextReply(timeout: timeout, on: eventLoop)
            }.get()
            transcript.steps.append(SMTPTranscriptStep(stage: stage, command: command, reply: reply))
            return reply
        } catch {
            let failure = Self.error(error, stage: stage)
            transcript.steps.append(SMTPTranscriptStep(stage: stage, command: command, error: failure.message))
            throw failure
        }
    }

    /// Throws unless `reply` has the code `code` (or, for `code` 250, any 2xx).
    func expect(_ reply: SMTPReply, _ code: Int, stage: SMTPStage, what: String) throws {
        if reply.code == code || (code == 250 && reply.isPositiveCompletion) { return }
        throw Self.refusal(reply, stage: stage, what: what)
    }

    /// The error for a reply that refuses `what`: 4xx transient, 5xx permanent, else a
    /// protocol violation.
    static func refusal(_ reply: SMTPReply, stage: SMTPStage, what: String) -> SMTPError {
        if reply.isTransientFailure {
            return SMTPError(.transient, stage: stage, reply: reply, message: "the server deferred the \(what) (4xx, will retry)")
        }
        if reply.isPermanentFailure {
            return SMTPError(.permanent, stage: stage, reply: reply, message: "the server refused the \(what) (5xx, permanent)")
        }
        return SMTPError(.protocolViolation, stage: stage, reply: reply, message: "unexpected reply to the \(what)")
    }

    private static func error(_ error: any Error, stage: SMTPStage) -> SMTPError {
        if let error = error as? SMTPError { return error }
        guard let failure = error as? SMTPChannelFailure else {
            return SMTPError(.connection, stage: stage, message: "\(error)")
        }
        switch failure {
        case .timeout(let seconds):
            return SMTPError(.timeout, stage: stage, message: "no reply within \(Self.seconds(seconds))")
        case .closed:
            return SMTPError(.connection, stage: stage, message: "the server closed the connection")
        case .protocolViolation(let message):
            return SMTPError(.protocolViolation, stage: stage, message: message)
        case .transport(let underlying):
            if underlying is NIOSSLError || underlying is BoringSSLError || underlying is NIOSSLExtraError {
                return SMTPError(.tls, stage: stage, message: "TLS failed: \(underlying)")
            }
            return SMTPError(.connection, stage: stage, message: "the connection failed: \(underlying)")
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
