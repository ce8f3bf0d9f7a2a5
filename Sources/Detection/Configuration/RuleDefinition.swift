public import IXPCore

/// One rule id as its rule declares it: whether it runs, its `for`, its severity and its
/// thresholds, all by default. The rule's file holds it; `RuleCatalog` collects them, and
/// `detection.rules.<id>` overrides them.
public struct RuleDefinition<Thresholds: RuleThresholds>: RuleDefinitionProtocol {
    /// The rule id.
    public let id: RuleID
    /// Whether the rule runs unless configured otherwise.
    public let enabled: Bool
    /// Seconds the condition must hold before a finding fires, by default.
    public let forDuration: Double
    /// The default severity; nil lets the rule choose (e.g. warning or critical by degree).
    public let severity: Severity?
    /// The thresholds' defaults.
    public let thresholds: Thresholds

    /// A definition.
    public init(_ id: RuleID, enabled: Bool = true, for forDuration: Double = 0, severity: Severity?,
                thresholds: Thresholds) {
        self.id = id
        self.enabled = enabled
        self.forDuration = forDuration
        self.severity = severity
        self.thresholds = thresholds
    }

    public var defaultThresholds: any RuleThresholds { thresholds }

    public func thresholds(overriding values: [String: Double]) throws -> any RuleThresholds {
        try RuleThresholdsCoding.decode(Thresholds.self, overriding: values)
    }
}

extension RuleDefinition where Thresholds == NoThresholds {
    /// A definition of a rule id without thresholds.
    public init(_ id: RuleID, enabled: Bool = true, for forDuration: Double = 0, severity: Severity?) {
        self.init(id, enabled: enabled, for: forDuration, severity: severity, thresholds: NoThresholds())
    }
}

/// A `RuleDefinition` whatever its thresholds' type: what the catalog and the configuration
/// loader see.
public protocol RuleDefinitionProtocol: Sendable {
    /// The rule id.
    var id: RuleID { get }
    /// Whether the rule runs unless configured otherwise.
    var enabled: Bool { get }
    /// Seconds the condition must hold before a finding fires, by default.
    var forDuration: Double { get }
    /// The default severity; nil lets the rule choose.
    var severity: Severity? { get }
    /// The thresholds' defaults.
    var defaultThresholds: any RuleThresholds { get }
    /// The thresholds with `values` (by configuration key) over the defaults.
    func thresholds(overriding values: [String: Double]) throws -> any RuleThresholds
}

extension RuleDefinitionProtocol {
    /// The default settings.
    public var defaultSettings: RuleSettings {
        RuleSettings(enabled: enabled, forDuration: forDuration, severity: severity, thresholds: defaultThresholds)
    }

    /// The default thresholds by configuration key (`minimum_known: 0.8`): the keys
    /// `detection.rules.<id>` accepts besides `enabled`, `for` and `severity`.
    public var defaultThresholdValues: [String: Double] { RuleThresholdsCoding.values(of: defaultThresholds) }
}
