/// Something that delivers an envelope: ``SMTPClient``, or a stand-in in a test.
public protocol MailTransport: Sendable {
    /// Runs one delivery and reports what became of it; never throws (failures are in the
    /// report).
    func send(_ envelope: SMTPEnvelope) async -> SMTPDeliveryReport
}
