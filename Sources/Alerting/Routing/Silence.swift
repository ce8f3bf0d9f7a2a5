public import Detection

/// A silence: findings matching every matcher are not mailed until it ends.
public struct Silence: Sendable, Hashable, Codable, Identifiable {
    /// Its id (a UUID for silences added at run time; given in the configuration).
    public var id: String
    /// All must match.
    public var matchers: [SilenceMatcher]
    /// When it starts, seconds since the epoch.
    public var startsAt: Double
    /// When it ends.
    public var endsAt: Double
    /// Who made it.
    public var createdBy: String
    /// Why.
    public var comment: String

    /// A silence.
    public init(id: String, matchers: [SilenceMatcher], startsAt: Double, endsAt: Double, createdBy: String, comment: String) {
        self.id = id
        self.matchers = matchers
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.createdBy = createdBy
        self.comment = comment
    }

    /// Whether it is in force at `now`.
    public func isActive(at now: Double) -> Bool {
        startsAt <= now && now < endsAt
    }

    /// Whether it silences `finding` at `now`. A silence without matchers silences nothing.
    public func silences(_ finding: Finding, at now: Double) -> Bool {
        guard isActive(at: now), !matchers.isEmpty else { return false }
        let labels = FindingLabels.of(finding)
        return matchers.allSatisfy { $0.matches(labels[$0.name]) }
    }

    enum CodingKeys: String, CodingKey {
        case id, matchers, startsAt = "starts_at", endsAt = "ends_at", createdBy = "created_by", comment
    }
}

/// One condition of a silence on a label (`rule`, `severity`, `subject`, `member_asn`,
/// `switch`, `interface`, or any finding label).
public struct SilenceMatcher: Sendable, Hashable, Codable {
    /// The label.
    public var name: String
    /// The value, or a pattern with `*` wildcards when `isGlob`.
    public var value: String
    /// Whether `value` is a `*` pattern.
    public var isGlob: Bool

    /// A matcher; `value` containing `*` makes it a pattern.
    public init(name: String, value: String, isGlob: Bool? = nil) {
        self.name = name
        self.value = value
        self.isGlob = isGlob ?? value.contains("*")
    }

    /// Whether a label value matches (a missing label matches only an empty value).
    public func matches(_ labelValue: String?) -> Bool {
        let text = labelValue ?? ""
        return isGlob ? Glob.matches(value, text) : value == text
    }

    enum CodingKeys: String, CodingKey { case name, value, isGlob = "is_glob" }
}
