/// Something that delivers an envelope: ``SMTPClient``, or a stand-in in a test.
public protocol MailTransport: Sendable {
    /// Runs one delivery and reports what became of it; never throws (failures are in the
    /// report).
    func send(_ envelope: SMTPEnvelope) async -> SMTPDeliveryReport

    /// Like ``send(_:)``, and calls `accepted` the moment the server has accepted the message
    /// (its 250 to the end of DATA), before the session is closed: a caller that records the
    /// delivery there cannot send the message twice because the session's end (QUIT) was slow
    /// or the process died during it.
    func send(_ envelope: SMTPEnvelope, accepted: @Sendable (SMTPAcceptance) async -> Void) async -> SMTPDeliveryReport
}

extension MailTransport {
    /// Calls `accepted` after ``send(_:)`` returns, for transports that have no session to close.
    public func send(_ envelope: SMTPEnvelope, accepted: @Sendable (SMTPAcceptance) async -> Void) async -> SMTPDeliveryReport {
        let report = await send(envelope)
        if case .success(let acceptance) = report.outcome { await accepted(acceptance) }
        return report
    }
}
