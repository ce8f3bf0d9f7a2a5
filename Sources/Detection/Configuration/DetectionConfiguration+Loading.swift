public import IXPCore

extension DetectionConfiguration {
    /// `detection: {interval, keep_resolved, exchange_name, rules: {RULE: {enabled, for, severity, <threshold>: n}}}`.
    /// Reads the `detection:` section over these settings (the defaults when none were set).
    public mutating func load(from node: YAMLConfigNode) throws(ConfigurationError) {
        try Self.parse(node, into: &self)
    }

    private static func parse(_ node: YAMLConfigNode, into configuration: inout DetectionConfiguration) throws(ConfigurationError) {
        let keys = try node.mapping(allowed: ["interval", "keep_resolved", "exchange_name", "rules"])
        if let value = keys["interval"] { configuration.interval = try value.duration(atLeast: 10) }
        if let value = keys["keep_resolved"] { configuration.keepResolved = try value.duration(atLeast: 0) }
        if let value = keys["exchange_name"] { configuration.exchangeName = try value.string() }
        guard let rules = keys["rules"] else { return }
        let known = Set(RuleCatalog.ruleIDs.map(\.rawValue))
        for (name, ruleNode) in try rules.mapping(allowed: known) {
            guard let definition = RuleCatalog.definition(for: RuleID(rawValue: name)) else { continue }
            configuration.rules[definition.id] = try settings(ruleNode, definition)
        }
    }

    /// `detection.rules.<id>`: `enabled`, `for`, `severity` and the rule's own thresholds, decoded
    /// once into its thresholds struct. A key the rule does not declare names the file, the rule
    /// and the keys it knows.
    private static func settings(_ node: YAMLConfigNode, _ definition: any RuleDefinitionProtocol)
        throws(ConfigurationError) -> RuleSettings
    {
        let thresholdKeys = Set(definition.defaultThresholdValues.keys)
        let fields = try node.mapping(allowed: Set(["enabled", "for", "severity"]).union(thresholdKeys))
        var settings = RuleSettings(enabled: definition.enabled, forDuration: definition.forDuration)
        if let value = fields["enabled"] { settings.enabled = try value.bool() }
        if let value = fields["for"] { settings.forDuration = try value.duration(atLeast: 0) }
        if let value = fields["severity"] {
            settings.severity = Severity(rawValue: try value.choice(Severity.allCases.map(\.rawValue)))
        }
        var values: [String: Double] = [:]
        for (key, valueNode) in fields where thresholdKeys.contains(key) {
            values[key] = try valueNode.number(in: 0...1e15)
        }
        do {
            settings.thresholds = try definition.thresholds(overriding: values)
        } catch {
            throw node.error("the thresholds of \(definition.id) do not decode: \(error)")
        }
        return settings
    }
}
