/// What one SMTP transaction carries: the envelope sender, the recipients and the message
/// (headers and body, as composed by ``MailMessage``).
public struct SMTPEnvelope: Sendable, Hashable {
    /// The envelope sender (MAIL FROM), a bare address.
    public var sender: String
    /// The envelope recipients (RCPT TO), bare addresses.
    public var recipients: [String]
    /// The message as it goes over the wire before dot-stuffing: ASCII lines ended by CRLF.
    public var message: [UInt8]

    /// An envelope.
    public init(sender: String, recipients: [String], message: [UInt8]) {
        self.sender = sender
        self.recipients = recipients
        self.message = message
    }
}
