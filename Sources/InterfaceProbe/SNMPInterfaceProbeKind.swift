import ProbeKit

/// The SNMP interface probe kind: `switches:` lists the switches, `snmp:` the defaults every
/// switch may override (and the engine's `threads`). One `SNMPInterfaceProbe` per switch.
public struct SNMPInterfaceProbeKind: ProbeKind {
    /// `snmp_interfaces`.
    public static let kindName = "snmp_interfaces"

    /// Creates the kind.
    public init() {}

    public var name: String { Self.kindName }

    public var configurationKeys: Set<String> { ["snmp", "switches"] }

    public func settings(from sections: [String: YAMLConfigNode], context: ProbeConfigurationContext)
        throws(ConfigurationError) -> any ProbeSettings
    {
        var settings = SNMPInterfaceSettings()
        var defaults = SNMPDefaults()
        if let snmp = sections["snmp"] {
            let keys = try snmp.mapping(allowed: Set(SNMPDefaults.keys + ["threads"]))
            if let threads = keys["threads"] { settings.threads = try threads.integer(in: 1...64) }
            try defaults.apply(keys, environment: context.environment)
        }
        if let switches = sections["switches"] {
            var names = Set<String>()
            for node in try switches.sequence() {
                let entry = try SwitchConfiguration.parse(node, defaults: defaults, environment: context.environment)
                guard names.insert(entry.name).inserted else {
                    throw node.error("switch name '\(entry.name)' is used twice; names must be unique")
                }
                settings.switches.append(entry)
            }
        }
        if let shard = context.shard {
            settings.switches.removeAll { !shard.contains($0.name) }
        }
        return settings
    }
}
