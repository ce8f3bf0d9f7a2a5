public import IXPCore

/// One active finding as the detector held it before this evaluation, with what people did
/// about it, as plain facts: whether an acknowledgement or a silence covers it. Read by
/// `unattended_findings`.
public struct OpenFinding: Sendable, Hashable {
    /// The finding's id (`rule|subject`).
    public var id: String
    /// Its rule.
    public var rule: RuleID
    /// What it is about.
    public var subject: Subject
    /// How urgent it is.
    public var severity: Severity
    /// Pending or firing.
    public var state: FindingState
    /// Its labels (`probe`, `switch`, `member_asn`, …).
    public var labels: [String: String]
    /// When it was first seen.
    public var firstSeen: Double
    /// When it started firing, if it has.
    public var firingSince: Double?
    /// When what it says last changed (`Finding.changedAt`), if it did.
    public var changedAt: Double?
    /// Whether another finding explains it (its mail is held back).
    public var inhibited: Bool
    /// Whether an acknowledgement in force covers it.
    public var acknowledged: Bool
    /// Whether a silence in force covers it.
    public var silenced: Bool

    /// The open view of `finding`.
    public init(_ finding: Finding, acknowledged: Bool, silenced: Bool) {
        id = finding.id
        rule = finding.rule
        subject = finding.subject
        severity = finding.severity
        state = finding.state
        labels = finding.labels
        firstSeen = finding.firstSeen
        firingSince = finding.firingSince
        changedAt = finding.changedAt
        inhibited = finding.inhibitedBy != nil
        self.acknowledged = acknowledged
        self.silenced = silenced
    }

    /// Since when it has gone untouched: the later of when it started firing (or was first
    /// seen) and when what it says last changed.
    public var untouchedSince: Double {
        max(firingSince ?? firstSeen, changedAt ?? -.infinity)
    }
}
