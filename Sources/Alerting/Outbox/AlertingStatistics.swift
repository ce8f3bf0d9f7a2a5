/// The outbox's numbers for the agent's metrics: `ixp_alert_emails_sent_total`,
/// `ixp_alert_emails_failed_total{reason}`, `ixp_alert_outbox_messages` and
/// `ixp_alert_outbox_oldest_age_seconds`. The totals are persisted, so they only grow, also
/// across restarts.
public struct AlertingStatistics: Sendable, Hashable, Codable {
    /// Messages the server accepted, ever.
    public var sentTotal: Int
    /// Failed delivery attempts, by reason (an ``SMTPFailureKind`` raw value, `expired`, or
    /// `recipient_refused` for recipients a server refused for good).
    public var failedTotal: [String: Int]
    /// Messages waiting in the outbox (pending).
    public var outboxMessages: Int
    /// Age of the oldest pending message, seconds; 0 when none waits.
    public var oldestAgeSeconds: Double
    /// Messages that failed for good and are kept for inspection.
    public var failedMessages: Int

    /// Statistics.
    public init(sentTotal: Int, failedTotal: [String: Int], outboxMessages: Int, oldestAgeSeconds: Double, failedMessages: Int) {
        self.sentTotal = sentTotal
        self.failedTotal = failedTotal
        self.outboxMessages = outboxMessages
        self.oldestAgeSeconds = oldestAgeSeconds
        self.failedMessages = failedMessages
    }
}
