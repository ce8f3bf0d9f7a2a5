/// What became of one message handed to ``SMTPClient/send(_:)``: accepted (perhaps for only
/// some recipients) or failed, each recipient's answer, and the session's transcript.
public struct SMTPDeliveryReport: Sendable {
    /// Accepted (the server said 250 to the end of DATA) or the failure.
    public var outcome: Result<SMTPAcceptance, SMTPError>
    /// What the server answered to each RCPT TO, in order; empty when the session failed
    /// before RCPT.
    public var recipients: [SMTPRecipientResult]
    /// The session, step by step.
    public var transcript: SMTPTranscript

    /// A report.
    public init(outcome: Result<SMTPAcceptance, SMTPError>, recipients: [SMTPRecipientResult], transcript: SMTPTranscript) {
        self.outcome = outcome
        self.recipients = recipients
        self.transcript = transcript
    }

    /// The failure, if the message was not accepted.
    public var error: SMTPError? {
        if case .failure(let error) = outcome { return error }
        return nil
    }
}

/// The server accepted the message for some or all recipients.
public struct SMTPAcceptance: Sendable, Hashable {
    /// The server's reply to the end of DATA (250).
    public var reply: SMTPReply
    /// The recipients the server accepted.
    public var accepted: [String]
    /// The recipients it refused at RCPT (partial acceptance), with their replies.
    public var refused: [SMTPRecipientResult]

    /// An acceptance.
    public init(reply: SMTPReply, accepted: [String], refused: [SMTPRecipientResult]) {
        self.reply = reply
        self.accepted = accepted
        self.refused = refused
    }
}

/// The server's answer to one RCPT TO.
public struct SMTPRecipientResult: Sendable, Hashable {
    /// The recipient address.
    public var address: String
    /// The reply to its RCPT TO.
    public var reply: SMTPReply

    /// A result.
    public init(address: String, reply: SMTPReply) {
        self.address = address
        self.reply = reply
    }

    /// Whether the server accepted the recipient (250 or 251).
    public var accepted: Bool { reply.isPositiveCompletion }
}
