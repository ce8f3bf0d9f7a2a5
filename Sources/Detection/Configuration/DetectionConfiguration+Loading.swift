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
            let id = RuleID(rawValue: name)
            let defaults = RuleCatalog.defaults(for: id)
            let allowed = Set(["enabled", "for", "severity"]).union(defaults.thresholds.keys)
            let fields = try ruleNode.mapping(allowed: allowed)
            var settings = RuleSettings(enabled: defaults.enabled, forDuration: defaults.forDuration, severity: nil, thresholds: [:])
            if let value = fields["enabled"] { settings.enabled = try value.bool() }
            if let value = fields["for"] { settings.forDuration = try value.duration(atLeast: 0) }
            if let value = fields["severity"] {
                settings.severity = Severity(rawValue: try value.choice(Severity.allCases.map(\.rawValue)))
            }
            for (threshold, valueNode) in fields where defaults.thresholds[threshold] != nil {
                settings.thresholds[threshold] = try valueNode.number(in: 0...1e15)
            }
            configuration.rules[id] = settings
        }
    }
}
