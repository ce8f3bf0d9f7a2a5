public import Detection

/// One mail the pipeline decided to send: a group's firing and newly resolved findings, for one
/// receiver, with its place in the group's thread. ``AlertMailRenderer`` turns it into a
/// ``MailMessage``; the ``Outbox`` stores that together with ``logEntry``.
public struct AlertNotification: Sendable, Hashable {
    /// The group's key (route, receiver and the values of its `group_by` labels).
    public var groupKey: String
    /// Who gets it.
    public var receiver: Receiver
    /// The values of the route's `group_by` labels.
    public var groupLabels: [String: String]
    /// What fires (notifiable, not silenced), worst first.
    public var firing: [Finding]
    /// What resolved since the last mail of the group.
    public var resolved: [Finding]
    /// Why it goes out.
    public var kind: NotificationKind
    /// When the pipeline made it (seconds since the epoch): the mail's date.
    public var createdAt: Double
    /// Its Message-ID (without angle brackets), deterministic: group, thread start, sequence.
    public var messageID: String
    /// The previous mail of the group's thread, if any.
    public var inReplyTo: String?
    /// The thread: its first mail, then the previous one.
    public var references: [String]
    /// The notification log entry that records this mail; persist it with the message.
    public var logEntry: NotificationLogEntry

    /// A notification.
    public init(groupKey: String, receiver: Receiver, groupLabels: [String: String], firing: [Finding], resolved: [Finding],
                kind: NotificationKind, createdAt: Double, messageID: String, inReplyTo: String?, references: [String],
                logEntry: NotificationLogEntry) {
        self.groupKey = groupKey
        self.receiver = receiver
        self.groupLabels = groupLabels
        self.firing = firing
        self.resolved = resolved
        self.kind = kind
        self.createdAt = createdAt
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.logEntry = logEntry
    }
}

/// Why a notification goes out.
public enum NotificationKind: String, Sendable, Hashable, Codable {
    /// The group's first mail (after group_wait).
    case initial
    /// Something changed: findings started firing or resolved (after group_interval).
    case update
    /// Nothing changed, but repeat_interval has passed since the last mail.
    case `repeat`
}

/// What one ``NotificationPipeline/tick(now:)`` produced: mails to queue, and notification log
/// changes that come without a mail (a group that stopped firing silently).
public struct NotificationRound: Sendable, Hashable {
    /// Mails to render and queue (each with its log entry).
    public var notifications: [AlertNotification]
    /// Log entries to persist that no mail carries.
    public var logUpdates: [NotificationLogEntry]

    /// A round.
    public init(notifications: [AlertNotification] = [], logUpdates: [NotificationLogEntry] = []) {
        self.notifications = notifications
        self.logUpdates = logUpdates
    }
}
