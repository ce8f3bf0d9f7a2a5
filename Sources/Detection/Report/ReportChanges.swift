public import Members

/// What changed since the last report: the findings that started firing and those that were
/// resolved, and the members who joined and left. The first page of the report shows it under
/// its verdicts, so a board sees the movement, not only the state.
///
/// JSON: `{"since", "opened": [finding id] | null, "closed": [finding id] | null, "joins":
/// [{"kind", "asn", "name", "at"}] | null, "leaves": […] | null}`; the ids are those of the
/// report's `findings`. A list is null when it is unknown, not empty: findings when the report
/// was made offline from a history file (one evaluation, no finding history), joins and leaves
/// when there is no membership history.
public struct ReportChanges: Sendable, Hashable, Codable {
    /// The start of the period (seconds since the epoch); the period ends at the report's time.
    public var since: Double
    /// The findings that started firing in the period, oldest first; nil when unknown.
    public var opened: [String]?
    /// The findings that were resolved in the period (having fired), oldest first; nil when unknown.
    public var closed: [String]?
    /// The members who joined in the period, oldest first; nil when unknown.
    public var joins: [MembershipEvent]?
    /// The members who left in the period, oldest first; nil when unknown.
    public var leaves: [MembershipEvent]?

    /// Changes.
    public init(since: Double, opened: [String]? = nil, closed: [String]? = nil, joins: [MembershipEvent]? = nil,
                leaves: [MembershipEvent]? = nil) {
        self.since = since
        self.opened = opened
        self.closed = closed
        self.joins = joins
        self.leaves = leaves
    }

    /// The changes from `since` to `now` among `findings` (active and recently resolved; nil
    /// when there is no finding history) and in `membership`. A finding that was pending and
    /// never fired is not a change a board hears about; one explained by another (inhibited) is
    /// left out as the mail leaves it out.
    public init(since: Double, now: Double, findings: [Finding]?, membership: MembershipHistory?) {
        let period = since...max(since, now)
        let opened = (findings ?? [])
            .filter { $0.inhibitedBy == nil }
            .compactMap { finding in finding.firingSince.flatMap { period.contains($0) ? ($0, finding.id) : nil } }
        let closed = (findings ?? [])
            .filter { $0.state == .resolved && $0.firingSince != nil && $0.inhibitedBy == nil }
            .compactMap { finding in finding.resolvedAt.flatMap { period.contains($0) ? ($0, finding.id) : nil } }
        func ordered(_ pairs: [(Double, String)]) -> [String] {
            pairs.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.map(\.1)
        }
        self.init(since: since, opened: findings == nil ? nil : ordered(opened), closed: findings == nil ? nil : ordered(closed),
                  joins: membership?.joins(in: period).sorted { $0.at < $1.at },
                  leaves: membership?.leaves(in: period).sorted { $0.at < $1.at })
    }

    enum CodingKeys: String, CodingKey {
        case since, opened, closed, joins, leaves
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        since = try container.decodeNaNIfNull(forKey: .since)
        opened = try container.decodeIfPresent([String].self, forKey: .opened)
        closed = try container.decodeIfPresent([String].self, forKey: .closed)
        joins = try container.decodeIfPresent([MembershipEvent].self, forKey: .joins)
        leaves = try container.decodeIfPresent([MembershipEvent].self, forKey: .leaves)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeFinite(since, forKey: .since)
        try container.encodeOrNull(opened, forKey: .opened)
        try container.encodeOrNull(closed, forKey: .closed)
        try container.encodeOrNull(joins, forKey: .joins)
        try container.encodeOrNull(leaves, forKey: .leaves)
    }
}
