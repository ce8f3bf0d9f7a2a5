/// What happened in one SMTP session, step by step, with the server's replies: what
/// `ixp-health notify-test` prints. Passwords and AUTH data are never recorded.
public struct SMTPTranscript: Sendable, Hashable {
    /// The steps in order.
    public var steps: [SMTPTranscriptStep]

    /// A transcript of `steps`.
    public init(steps: [SMTPTranscriptStep] = []) {
        self.steps = steps
    }

    /// The steps of `stage`.
    public func steps(_ stage: SMTPStage) -> [SMTPTranscriptStep] {
        steps.filter { $0.stage == stage }
    }

    /// One line per step: `EHLO  EHLO client → 250 server …`.
    public var lines: [String] {
        steps.map(\.description)
    }
}

/// One step of an SMTP session.
public struct SMTPTranscriptStep: Sendable, Hashable, CustomStringConvertible {
    /// Which step.
    public var stage: SMTPStage
    /// What the client sent (AUTH data replaced by `<redacted>`), or what it did (`connect
    /// smtp.example.net:587`).
    public var command: String
    /// The server's reply, if one came.
    public var reply: SMTPReply?
    /// What went wrong, if the step failed without a reply (a timeout, a TLS error).
    public var error: String?

    /// A step.
    public init(stage: SMTPStage, command: String, reply: SMTPReply? = nil, error: String? = nil) {
        self.stage = stage
        self.command = command
        self.reply = reply
        self.error = error
    }

    /// `STAGE command → reply` or `STAGE command → error: …`.
    public var description: String {
        var text = "\(stage.rawValue.uppercased()) \(command)"
        if let reply { text += " → \(reply)" }
        if let error { text += " → error: \(error)" }
        return text
    }
}

/// The steps of an SMTP session.
public enum SMTPStage: String, Sendable, Hashable, Codable, CaseIterable {
    /// The TCP connection (and, for implicit TLS, the handshake) and the server's greeting.
    case connect
    /// EHLO (or HELO on a plaintext connection to a server that does not know EHLO).
    case ehlo
    /// STARTTLS and the handshake that follows.
    case startTLS = "starttls"
    /// AUTH PLAIN or LOGIN.
    case auth
    /// MAIL FROM.
    case mail
    /// RCPT TO, one per recipient.
    case rcpt
    /// DATA, the message, and the reply to its end.
    case data
    /// QUIT.
    case quit
}
