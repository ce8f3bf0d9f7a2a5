public import Detection

/// What was last sent for one alert group: so that a restart sends neither a repeat too early
/// nor a finding twice, and so that the group's mails keep threading. Persisted by the
/// ``Outbox`` in the same transaction as the mail it records.
public struct NotificationLogEntry: Sendable, Hashable, Codable {
    /// The group's key.
    public var groupKey: String
    /// The receiver's name.
    public var receiver: String
    /// The index of the route in the configuration.
    public var routeIndex: Int
    /// The values of the route's `group_by` labels.
    public var groupLabels: [String: String]
    /// The sequence number of the last mail in the thread (0 for the first).
    public var sequence: Int
    /// When the thread's first mail was made.
    public var threadStart: Double
    /// The Message-ID of the thread's first mail.
    public var rootMessageID: String
    /// The Message-ID of the last mail.
    public var lastMessageID: String
    /// When the last mail was made.
    public var lastSentAt: Double
    /// The findings the last mail said were firing: what a later mail compares against, and
    /// what a resolution refers to.
    public var firing: [Finding]
    /// How long after `lastSentAt` the entry is forgotten once nothing fires:
    /// 2 × max(repeat_interval, group_interval).
    public var retention: Double

    /// An entry.
    public init(groupKey: String, receiver: String, routeIndex: Int, groupLabels: [String: String], sequence: Int,
                threadStart: Double, rootMessageID: String, lastMessageID: String, lastSentAt: Double, firing: [Finding],
                retention: Double) {
        self.groupKey = groupKey
        self.receiver = receiver
        self.routeIndex = routeIndex
        self.groupLabels = groupLabels
        self.sequence = sequence
        self.threadStart = threadStart
        self.rootMessageID = rootMessageID
        self.lastMessageID = lastMessageID
        self.lastSentAt = lastSentAt
        self.firing = firing
        self.retention = retention
    }

    /// Whether the group still fires: then the entry never expires.
    public var isFiring: Bool { !firing.isEmpty }

    /// When it may be forgotten, nil while the group fires.
    public var expiresAt: Double? { isFiring ? nil : lastSentAt + retention }

    /// The ids of `firing`.
    public var firingIDs: Set<String> { Set(firing.map(\.id)) }
}
