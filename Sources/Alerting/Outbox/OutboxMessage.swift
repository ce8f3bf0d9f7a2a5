import Foundation

/// A rendered mail in the outbox, with its delivery state.
public struct OutboxMessage: Sendable, Hashable {
    /// The row id; nil before it is stored.
    public var id: Int64?
    /// The Message-ID (without angle brackets); a resend carries the same.
    public var messageID: String
    /// The alert group it belongs to.
    public var groupKey: String
    /// The envelope sender.
    public var sender: String
    /// The envelope recipients.
    public var recipients: [String]
    /// The subject, for inspection.
    public var subject: String
    /// The message as sent (``MailMessage/encoded()``).
    public var data: [UInt8]
    /// When it was queued.
    public var createdAt: Double
    /// Pending, delivered or failed.
    public var state: OutboxState
    /// Delivery attempts so far.
    public var attempts: Int
    /// When the next attempt is due (pending messages).
    public var nextAttemptAt: Double
    /// The last failure, for inspection.
    public var lastError: String?
    /// Why it failed for good (failed messages): an ``SMTPFailureKind`` raw value or `expired`.
    public var failureReason: String?
    /// When the server accepted it.
    public var deliveredAt: Double?

    /// A message to queue now.
    public init(messageID: String, groupKey: String, sender: String, recipients: [String], subject: String, data: [UInt8],
                createdAt: Double) {
        self.id = nil
        self.messageID = messageID
        self.groupKey = groupKey
        self.sender = sender
        self.recipients = recipients
        self.subject = subject
        self.data = data
        self.createdAt = createdAt
        self.state = .pending
        self.attempts = 0
        self.nextAttemptAt = createdAt
        self.lastError = nil
        self.failureReason = nil
        self.deliveredAt = nil
    }

    /// `message` for the group `groupKey`, to its `To` addresses.
    public init(_ message: MailMessage, groupKey: String) {
        self.init(messageID: message.messageID, groupKey: groupKey, sender: message.from.address,
                  recipients: message.to.map(\.address), subject: message.subject, data: message.encoded(),
                  createdAt: message.date)
    }

    /// The envelope to hand to the transport.
    public var envelope: SMTPEnvelope {
        SMTPEnvelope(sender: sender, recipients: recipients, message: data)
    }
}

/// Where a message is in its delivery.
public enum OutboxState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting for its (next) attempt.
    case pending
    /// Accepted by the server (250 to the end of DATA).
    case delivered
    /// Refused for good (5xx) or too old to try again; kept for inspection.
    case failed
}
