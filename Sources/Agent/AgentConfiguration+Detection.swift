import Detection
import ProbeKit
import IXPCore

extension AgentConfiguration {
    /// `members: {source, refresh, route_server_asns, peeringdb, timeout, max_bytes, ca_file}`.
    static func parseMembers(_ node: YAMLConfigNode) throws(ConfigurationError) -> MembersSettings {
        let keys = try node.mapping(allowed: ["source", "refresh", "route_server_asns", "peeringdb", "timeout", "max_bytes", "ca_file"])
        guard let source = keys["source"] else { throw node.error("members: needs a source (a file or an https:// URL of an IX-F export)") }
        var settings = MembersSettings(source: try source.string())
        if let value = keys["refresh"] { settings.refresh = try value.duration(atLeast: 60) }
        if let value = keys["timeout"] { settings.timeout = try value.duration(atLeast: 1) }
        if let value = keys["max_bytes"] { settings.maxBytes = try value.integer(in: 1_024...1 << 30) }
        if let value = keys["peeringdb"] { settings.peeringDB = try value.string() }
        if let value = keys["ca_file"] { settings.caFile = try value.string() }
        if let value = keys["route_server_asns"] {
            settings.routeServerASNs = try value.sequence().map { item throws(ConfigurationError) in
                let text = try item.string()
                let digits = text.uppercased().hasPrefix("AS") ? String(text.dropFirst(2)) : text
                guard let asn = UInt32(digits), asn > 0 else { throw item.error("expected an AS number like 64500 or AS64500, got '\(text)'") }
                return asn
            }
        }
        return settings
    }

    /// `detection: {interval, keep_resolved, exchange_name, rules: {RULE: {enabled, for, severity, <threshold>: n}}}`.
    static func parseDetection(_ node: YAMLConfigNode, into configuration: inout DetectionConfiguration) throws(ConfigurationError) {
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
