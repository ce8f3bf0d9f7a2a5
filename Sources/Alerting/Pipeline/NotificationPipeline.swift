public import Detection

/// Decides which mails go out and when, Alertmanager's way, as pure logic over an injected
/// clock: the agent calls ``ingest(findings:now:)`` after each detector run and
/// ``tick(now:)`` every few seconds (``nextWakeup`` says when something may be due).
///
/// - Findings are routed (first matching route, or more with `continue`) and grouped by the
///   route's `group_by` labels; each group has one receiver.
/// - A new group waits `group_wait`, then mails what fires. Later changes (new firing
///   findings, resolutions) are mailed no sooner than `group_interval` after the last mail; an
///   unchanged firing group is mailed again after `repeat_interval`.
/// - An acknowledged finding (someone is on it) is mailed as any other when it fires, changes
///   or resolves, but is no reason for a reminder: a group whose firing findings are all
///   acknowledged gets no `repeat_interval` mail.
/// - Pending, inhibited (`inhibitedBy`) and silenced findings are never mailed; a resolution
///   is mailed (unless `send_resolved: false`) only for findings a mail said were firing.
/// - State that must survive a restart is the notification log: pass it to ``init`` and
///   persist each round's entries.
public struct NotificationPipeline: Sendable {
    /// The configuration (routes, receivers, timing).
    public private(set) var configuration: AlertingConfiguration
    /// Silences in force besides the configuration's (the ``SilenceStore``'s); set before a tick.
    public var silences: [Silence]
    /// The ids of the findings acknowledged now (the detector's ``AcknowledgementStore``); set
    /// before a tick. They stay in the mails but do not call for reminders.
    public var acknowledged: Set<String> = []
    private var groups: [String: AlertGroup] = [:]
    private var log: [String: NotificationLogEntry] = [:]

    /// One alert group in memory.
    struct AlertGroup: Sendable {
        var key: String
        var routeIndex: Int
        var labels: [String: String]
        var findings: [String: Finding]
        var nextFlush: Double
    }

    /// A pipeline for `configuration`, restored from the persisted notification `log`: groups
    /// that were firing are back with their findings, and mail only when something changes or
    /// a repeat is due.
    public init(configuration: AlertingConfiguration, log: [NotificationLogEntry] = [], silences: [Silence] = []) {
        self.configuration = configuration
        self.silences = silences
        for entry in log {
            self.log[entry.groupKey] = entry
            guard entry.isFiring, entry.routeIndex < configuration.routes.count,
                  configuration.routes[entry.routeIndex].receiver == entry.receiver else { continue }
            let timing = configuration.routes[entry.routeIndex].effectiveTiming(configuration.timing)
            groups[entry.groupKey] = AlertGroup(
                key: entry.groupKey, routeIndex: entry.routeIndex, labels: entry.groupLabels,
                findings: Dictionary(entry.firing.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
                nextFlush: entry.lastSentAt + timing.groupInterval)
        }
    }

    /// The notification log as it stands (what was last sent per group).
    public var notificationLog: [NotificationLogEntry] {
        log.values.sorted { $0.groupKey < $1.groupKey }
    }

    /// How many groups are held.
    public var groupCount: Int { groups.count }

    /// The earliest time a tick may have something to do, nil when no group is held.
    public var nextWakeup: Double? {
        groups.values.map(\.nextFlush).min()
    }

    /// Takes the detector's current findings: every finding it holds (pending, firing and
    /// recently resolved). A finding that was in a group and is missing from `findings` counts
    /// as resolved at `now`.
    public mutating func ingest(findings: [Finding], now: Double) {
        var present = Set<String>()
        for finding in findings {
            present.insert(finding.id)
            for (routeIndex, route) in matchingRoutes(finding) {
                let key = route.groupKey(of: finding, routeIndex: routeIndex)
                switch finding.state {
                case .firing:
                    if groups[key] == nil {
                        let timing = route.effectiveTiming(configuration.timing)
                        groups[key] = AlertGroup(key: key, routeIndex: routeIndex, labels: groupLabels(of: finding, route: route),
                                                 findings: [:], nextFlush: now + timing.groupWait)
                    }
                    groups[key]?.findings[finding.id] = finding
                case .resolved:
                    if groups[key]?.findings[finding.id] != nil {
                        groups[key]?.findings[finding.id] = finding
                    }
                case .pending:
                    groups[key]?.findings[finding.id] = nil
                }
            }
        }
        for key in groups.keys {
            for (id, finding) in groups[key]?.findings ?? [:] where !present.contains(id) && finding.state != .resolved {
                var resolved = finding
                resolved.state = .resolved
                resolved.resolvedAt = now
                groups[key]?.findings[id] = resolved
            }
        }
    }

    /// Flushes every group that is due at `now` and returns the mails to send and the log
    /// entries to persist. Forgets log entries that have expired.
    public mutating func tick(now: Double) -> NotificationRound {
        var round = NotificationRound()
        for key in groups.keys.sorted() {
            guard var group = groups[key], group.nextFlush <= now else { continue }
            let route = configuration.routes.indices.contains(group.routeIndex) ? configuration.routes[group.routeIndex] : nil
            guard let route, let receiver = configuration.receiver(named: route.receiver) else {
                groups[key] = nil
                continue
            }
            let timing = route.effectiveTiming(configuration.timing)
            let previous = log[key]
            let notified = previous?.firingIDs ?? []
            let firing = group.findings.values
                .filter { $0.isNotifiable && !isSilenced($0, at: now) }
                .sorted(by: Self.worstFirst)
            let resolved = timing.sendResolved
                ? group.findings.values.filter { $0.state == .resolved && notified.contains($0.id) }.sorted(by: Self.worstFirst)
                : []
            let firingIDs = Set(firing.map(\.id))
            let changed = firingIDs != notified || !resolved.isEmpty
            let unacknowledged = firing.contains { !acknowledged.contains($0.id) }
            let repeatDue = previous.map { unacknowledged && now - $0.lastSentAt >= timing.repeatInterval } ?? false

            if (changed && (!firing.isEmpty || !resolved.isEmpty)) || repeatDue {
                round.notifications.append(
                    notification(group: group, receiver: receiver, firing: firing, resolved: resolved, previous: previous,
                                 kind: previous?.isFiring == true ? (changed ? .update : .repeat) : .initial,
                                 timing: timing, now: now))
                log[key] = round.notifications[round.notifications.count - 1].logEntry
            } else if changed, var entry = previous {
                // Nothing to say (what fired is now silenced, or resolutions are not sent), but
                // the log must know the group no longer fires, so that it can expire.
                entry.firing = firing
                entry.lastSentAt = now
                log[key] = entry
                round.logUpdates.append(entry)
            }

            group.findings = group.findings.filter { $0.value.state == .firing }
            group.nextFlush = now + timing.groupInterval
            groups[key] = group.findings.isEmpty ? nil : group
        }
        for (key, entry) in log {
            if let expiry = entry.expiresAt, expiry <= now, groups[key] == nil { log[key] = nil }
        }
        return round
    }

    // MARK: Helpers

    private func matchingRoutes(_ finding: Finding) -> [(Int, Route)] {
        var matches: [(Int, Route)] = []
        for (index, route) in configuration.routes.enumerated() where route.match.matches(finding) {
            matches.append((index, route))
            if !route.continue { break }
        }
        return matches
    }

    private func groupLabels(of finding: Finding, route: Route) -> [String: String] {
        guard route.groupBy != ["..."] else { return FindingLabels.of(finding) }
        let labels = FindingLabels.of(finding)
        return Dictionary(uniqueKeysWithValues: route.groupBy.map { ($0, labels[$0] ?? "") })
    }

    private func isSilenced(_ finding: Finding, at now: Double) -> Bool {
        configuration.silences.contains { $0.silences(finding, at: now) } || silences.contains { $0.silences(finding, at: now) }
    }

    private func notification(group: AlertGroup, receiver: Receiver, firing: [Finding], resolved: [Finding],
                              previous: NotificationLogEntry?, kind: NotificationKind, timing: NotificationTiming,
                              now: Double) -> AlertNotification {
        // A thread continues while the group fires; after everything resolved, a new one starts.
        let continues = previous?.isFiring == true
        let sequence = continues ? (previous?.sequence ?? -1) + 1 : 0
        let threadStart = continues ? (previous?.threadStart ?? now) : now
        let messageID = MailMessage.messageID(groupKey: group.key, threadStart: threadStart, sequence: sequence,
                                              host: configuration.messageIDHost)
        let root = continues ? (previous?.rootMessageID ?? messageID) : messageID
        let inReplyTo = continues ? previous?.lastMessageID : nil
        var references: [String] = []
        if continues {
            references.append(root)
            if let inReplyTo, inReplyTo != root { references.append(inReplyTo) }
        }
        let entry = NotificationLogEntry(
            groupKey: group.key, receiver: receiver.name, routeIndex: group.routeIndex, groupLabels: group.labels,
            sequence: sequence, threadStart: threadStart, rootMessageID: root, lastMessageID: messageID, lastSentAt: now,
            firing: firing, retention: timing.logRetention)
        return AlertNotification(
            groupKey: group.key, receiver: receiver, groupLabels: group.labels, firing: firing, resolved: resolved,
            kind: kind, createdAt: now, messageID: messageID, inReplyTo: inReplyTo, references: references, logEntry: entry)
    }

    /// Critical first, then by rule and subject.
    static func worstFirst(_ lhs: Finding, _ rhs: Finding) -> Bool {
        if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
        return lhs.id < rhs.id
    }
}
