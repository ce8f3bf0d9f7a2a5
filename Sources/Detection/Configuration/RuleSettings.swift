public import IXPCore

/// How one rule id runs: whether at all, how long its condition must hold before it fires, its
/// severity, and its thresholds.
public struct RuleSettings: Sendable, Hashable {
    /// Whether the rule is evaluated.
    public var enabled: Bool
    /// Seconds the condition must hold before a finding fires (Prometheus' `for`).
    public var forDuration: Double
    /// The severity of its findings; nil lets the rule choose (e.g. warning or critical by degree).
    public var severity: Severity?
    /// The rule's typed thresholds (its `RuleDefinition`'s type); nil: the rule's defaults.
    public var thresholds: (any RuleThresholds)?

    /// Settings.
    public init(enabled: Bool = true, forDuration: Double = 0, severity: Severity? = nil,
                thresholds: (any RuleThresholds)? = nil) {
        self.enabled = enabled
        self.forDuration = forDuration
        self.severity = severity
        self.thresholds = thresholds
    }

    public static func == (lhs: RuleSettings, rhs: RuleSettings) -> Bool {
        lhs.enabled == rhs.enabled && lhs.forDuration == rhs.forDuration && lhs.severity == rhs.severity
            && lhs.thresholds.map { AnyHashable($0) } == rhs.thresholds.map { AnyHashable($0) }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(enabled)
        hasher.combine(forDuration)
        hasher.combine(severity)
        hasher.combine(thresholds.map { AnyHashable($0) })
    }
}
