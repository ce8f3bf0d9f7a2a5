public import Detection
public import IXPCore

/// One finding as the dashboard shows it.
public struct FindingView: Sendable, Hashable, Codable {
    /// Its stable id (`rule|subject`).
    public var id: String
    /// The rule that raised it.
    public var rule: String
    /// The rule's title, worded.
    public var title: String
    /// Its severity.
    public var severity: Severity
    /// pending, firing or resolved.
    public var state: FindingState
    /// What it is about, worded (a port, a member, the exchange).
    public var subject: String
    /// The member it concerns, if any.
    public var memberASN: UInt32?
    /// One sentence, worded.
    public var summary: String
    /// The evidence, as name/value lines.
    public var evidence: [EvidenceLine]
    /// First seen, seconds since the epoch.
    public var firstSeen: Double
    /// Last seen.
    public var lastSeen: Double
    /// When it resolved, if it did.
    public var resolvedAt: Double?
    /// The silence that mutes it, if one does.
    public var silencedBy: String?
    /// The finding that inhibits it, if one does.
    public var inhibitedBy: String?
    /// Its fingerprint, the name the acknowledgement API takes (`Finding.fingerprint`).
    public var fingerprint: String?
    /// Its acknowledgement in force, if any: who is on it and why.
    public var acknowledgement: FindingAcknowledgement?

    /// A finding.
    public init(id: String, rule: String, title: String, severity: Severity, state: FindingState, subject: String,
                memberASN: UInt32?, summary: String, evidence: [EvidenceLine], firstSeen: Double, lastSeen: Double,
                resolvedAt: Double?, silencedBy: String? = nil, inhibitedBy: String? = nil, fingerprint: String? = nil,
                acknowledgement: FindingAcknowledgement? = nil) {
        self.id = id
        self.rule = rule
        self.title = title
        self.severity = severity
        self.state = state
        self.subject = subject
        self.memberASN = memberASN
        self.summary = summary
        self.evidence = evidence
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.resolvedAt = resolvedAt
        self.silencedBy = silencedBy
        self.inhibitedBy = inhibitedBy
        self.fingerprint = fingerprint
        self.acknowledgement = acknowledgement
    }
}

/// One line of evidence: a name and its value, already formatted.
public struct EvidenceLine: Sendable, Hashable, Codable {
    /// What it is.
    public var name: String
    /// Its value, formatted with its unit.
    public var value: String

    /// A line.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// The findings page: findings and silences.
public struct FindingsView: Sendable, Hashable, Codable {
    /// Pending and firing findings, most severe first (all of them, or one page of them).
    public var active: [FindingView]
    /// Findings resolved recently, newest first (all of them, or one page of them).
    public var resolved: [FindingView]
    /// Silences in force or recently expired.
    public var silences: [SilenceView]
    /// Pending and firing findings in all, when `active` holds one page of them.
    public var activeTotal: Int
    /// Resolved findings in all, when `resolved` holds one page of them.
    public var resolvedTotal: Int

    /// A findings view; the totals default to the lists' lengths.
    public init(active: [FindingView], resolved: [FindingView], silences: [SilenceView], activeTotal: Int? = nil,
                resolvedTotal: Int? = nil) {
        self.active = active
        self.resolved = resolved
        self.silences = silences
        self.activeTotal = activeTotal ?? active.count
        self.resolvedTotal = resolvedTotal ?? resolved.count
    }
}

/// A silence that mutes alert mail.
public struct SilenceView: Sendable, Hashable, Codable {
    /// Its id.
    public var id: String
    /// What it matches, e.g. `rule=port_errors, member_asn=64500`.
    public var matchers: String
    /// From when.
    public var startsAt: Double
    /// Until when.
    public var endsAt: Double
    /// Who made it.
    public var createdBy: String
    /// Why.
    public var comment: String
    /// Whether it is in force now.
    public var active: Bool

    /// A silence.
    public init(id: String, matchers: String, startsAt: Double, endsAt: Double, createdBy: String, comment: String, active: Bool) {
        self.id = id
        self.matchers = matchers
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.createdBy = createdBy
        self.comment = comment
        self.active = active
    }
}
