/// One thing the detector found: what rule, about what, how bad, since when, and the numbers
/// that show it.
public import IXPCore
public struct Finding: Sendable, Hashable, Codable, Identifiable {
    /// Stable identity: `rule|subject`. The same condition on the same subject is the same
    /// finding across evaluations and restarts.
    public var id: String { Self.id(rule: rule, subject: subject) }
    /// The rule that found it.
    public var rule: RuleID
    /// How urgent it is.
    public var severity: Severity
    /// What it is about.
    public var subject: Subject
    /// One line, in English (the JSON API's language); `message` renders in other languages.
    public var summary: String
    /// The summary as a key and arguments of the wording tables.
    public var message: LocalizedText
    /// The numbers behind it.
    public var evidence: Evidence
    /// Labels for routing and display: `switch`, `interface`, `member_asn`, `member_name`, `mac`.
    public var labels: [String: String]
    /// Pending, firing or resolved.
    public var state: FindingState
    /// When the condition was first seen (seconds since the epoch).
    public var firstSeen: Double
    /// When the condition was last seen to hold.
    public var lastSeen: Double
    /// When it started firing, if it has.
    public var firingSince: Double?
    /// When it resolved, if it has.
    public var resolvedAt: Double?
    /// The id of the finding that explains this one (a switch that cannot be polled explains
    /// its ports' findings); an inhibited finding is kept but not notified.
    public var inhibitedBy: String?
    /// When what it says last changed while it stayed active: its severity, its sentence (the
    /// wording, not the numbers in it), or the texts and lists of its evidence (the ports,
    /// members, errors it names). Numbers that move do not count. Nil: unchanged since first seen.
    public var changedAt: Double?

    /// A finding.
    public init(rule: RuleID, severity: Severity, subject: Subject, summary: String, message: LocalizedText,
                evidence: Evidence = Evidence(), labels: [String: String] = [:], state: FindingState = .pending,
                firstSeen: Double, lastSeen: Double, firingSince: Double? = nil, resolvedAt: Double? = nil,
                inhibitedBy: String? = nil, changedAt: Double? = nil) {
        self.rule = rule
        self.severity = severity
        self.subject = subject
        self.summary = summary
        self.message = message
        self.evidence = evidence
        self.labels = labels
        self.state = state
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.firingSince = firingSince
        self.resolvedAt = resolvedAt
        self.inhibitedBy = inhibitedBy
        self.changedAt = changedAt
    }

    /// The id of the finding of `rule` about `subject`.
    public static func id(rule: RuleID, subject: Subject) -> String { "\(rule.rawValue)|\(subject.description)" }

    /// A short stable name of the finding for URLs and commands: 16 hex digits of the FNV-1a
    /// hash of its `id` (the same across restarts and versions).
    public var fingerprint: String { Self.fingerprint(of: id) }

    /// The fingerprint of the finding with `id`.
    public static func fingerprint(of id: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Whether it is firing and not explained by another finding: what people are told about.
    public var isNotifiable: Bool { state == .firing && inhibitedBy == nil }

    /// The member ASN it concerns, if any (from the subject or the labels).
    public var memberASN: UInt32? {
        if case .member(let asn) = subject { return asn }
        return labels["member_asn"].flatMap { UInt32($0) }
    }

    enum CodingKeys: String, CodingKey {
        case id, fingerprint, rule, severity, subject, summary, message, evidence, labels, state
        case firstSeen = "first_seen", lastSeen = "last_seen", firingSince = "firing_since"
        case resolvedAt = "resolved_at", inhibitedBy = "inhibited_by", changedAt = "changed_at"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        rule = try container.decode(RuleID.self, forKey: .rule)
        severity = try container.decode(Severity.self, forKey: .severity)
        subject = try container.decode(Subject.self, forKey: .subject)
        summary = try container.decode(String.self, forKey: .summary)
        message = try container.decodeIfPresent(LocalizedText.self, forKey: .message) ?? LocalizedText("\(rule.rawValue).summary")
        evidence = try container.decodeIfPresent(Evidence.self, forKey: .evidence) ?? Evidence()
        labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        state = try container.decode(FindingState.self, forKey: .state)
        firstSeen = try container.decodeNaNIfNull(forKey: .firstSeen)
        lastSeen = try container.decodeNaNIfNull(forKey: .lastSeen)
        firingSince = try container.decodeIfPresent(Double.self, forKey: .firingSince)
        resolvedAt = try container.decodeIfPresent(Double.self, forKey: .resolvedAt)
        inhibitedBy = try container.decodeIfPresent(String.self, forKey: .inhibitedBy)
        changedAt = try container.decodeIfPresent(Double.self, forKey: .changedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(fingerprint, forKey: .fingerprint)
        try container.encode(rule, forKey: .rule)
        try container.encode(severity, forKey: .severity)
        try container.encode(subject, forKey: .subject)
        try container.encode(summary, forKey: .summary)
        try container.encode(message, forKey: .message)
        try container.encode(evidence, forKey: .evidence)
        try container.encode(labels, forKey: .labels)
        try container.encode(state, forKey: .state)
        try container.encodeFinite(firstSeen, forKey: .firstSeen)
        try container.encodeFinite(lastSeen, forKey: .lastSeen)
        try container.encodeFiniteIfPresent(firingSince, forKey: .firingSince)
        try container.encodeFiniteIfPresent(resolvedAt, forKey: .resolvedAt)
        try container.encodeIfPresent(inhibitedBy, forKey: .inhibitedBy)
        try container.encodeFiniteIfPresent(changedAt, forKey: .changedAt)
    }
}
