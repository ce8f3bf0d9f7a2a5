/// How one rule runs: whether at all, how long its condition must hold before it fires, its
/// severity, and its thresholds by name.
public import IXPCore
public struct RuleSettings: Sendable, Hashable, Codable {
    /// Whether the rule is evaluated.
    public var enabled: Bool
    /// Seconds the condition must hold before a finding fires (Prometheus' `for`).
    public var forDuration: Double
    /// The severity of its findings; nil lets the rule choose (e.g. warning or critical by degree).
    public var severity: Severity?
    /// Named thresholds, e.g. `idle_fraction: 0.01`. Only names the rule knows are accepted.
    public var thresholds: [String: Double]

    /// Settings.
    public init(enabled: Bool = true, forDuration: Double = 0, severity: Severity? = nil, thresholds: [String: Double] = [:]) {
        self.enabled = enabled
        self.forDuration = forDuration
        self.severity = severity
        self.thresholds = thresholds
    }

    /// The threshold `name`; the rule's default when the settings lack it.
    public func threshold(_ name: String, default value: Double) -> Double {
        thresholds[name] ?? value
    }
}
