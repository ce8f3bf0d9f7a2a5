/// The detector's configuration (`detection:`): how often it runs, and each rule's settings.
/// Every field has a default; a rule not mentioned runs with its defaults.
public struct DetectionConfiguration: Sendable, Hashable {
    /// Seconds between evaluations (5 minutes by default).
    public var interval: Double = 300
    /// How long resolved findings stay listed (7 days by default).
    public var keepResolved: Double = 7 * 86_400
    /// The language of summaries in the report and mail.
    public var language: Language = .english
    /// The exchange's name when the member list does not give one.
    public var exchangeName: String?
    /// Per-rule settings that differ from the defaults.
    public var rules: [RuleID: RuleSettings] = [:]

    /// The default configuration.
    public init() {}

    /// The settings `rule` runs with: the configured ones over the rule's defaults.
    public func settings(for rule: RuleID) -> RuleSettings {
        let defaults = RuleCatalog.defaults(for: rule)
        guard var configured = rules[rule] else { return defaults }
        if configured.thresholds == nil { configured.thresholds = defaults.thresholds }
        if configured.severity == nil { configured.severity = defaults.severity }
        return configured
    }

    /// The thresholds `definition`'s rule id runs with: the configured ones, else its defaults.
    public func thresholds<Thresholds>(_ definition: RuleDefinition<Thresholds>) -> Thresholds {
        rules[definition.id]?.thresholds as? Thresholds ?? definition.thresholds
    }
}
