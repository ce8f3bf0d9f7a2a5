/// When a group's mail goes out: wait after the first finding, the least time between two
/// mails about changes, the time after which an unchanged firing group is sent again, and
/// whether resolutions are sent. Alertmanager's meanings and defaults.
public struct NotificationTiming: Sendable, Hashable, Codable {
    /// How long a new group waits for more findings before its first mail (default 30 s).
    public var groupWait: Double
    /// The least time between two mails of one group about changes (default 5 min).
    public var groupInterval: Double
    /// After how long an unchanged firing group is mailed again (default 4 h).
    public var repeatInterval: Double
    /// Whether a mail says when findings resolve (default yes).
    public var sendResolved: Bool

    /// Timing, in seconds.
    public init(groupWait: Double = 30, groupInterval: Double = 300, repeatInterval: Double = 4 * 3600,
                sendResolved: Bool = true) {
        self.groupWait = groupWait
        self.groupInterval = groupInterval
        self.repeatInterval = repeatInterval
        self.sendResolved = sendResolved
    }

    /// How long the notification log keeps a group that no longer fires:
    /// 2 × max(repeat interval, group interval).
    public var logRetention: Double { 2 * max(repeatInterval, groupInterval) }

    func validate(at key: String) throws {
        guard groupWait >= 0, groupWait.isFinite else {
            throw AlertingConfigurationError("\(key).group_wait must be zero or more")
        }
        guard groupInterval > 0, groupInterval.isFinite else {
            throw AlertingConfigurationError("\(key).group_interval must be more than zero")
        }
        guard repeatInterval > 0, repeatInterval.isFinite else {
            throw AlertingConfigurationError("\(key).repeat_interval must be more than zero")
        }
    }
}
