public import ProbeKit
import SNMPTableProbe
public import IXPCore

/// The SNMP switch probe kind: `switches:` lists the switches, `snmp:` the defaults every
/// switch may override (and the engine's `threads`, and `probes_directory`, where the
/// declarative probes are read). Per switch, one `SNMPInterfaceProbe` (`if-mib`, the default)
/// and one `SNMPTableProbe` per declarative probe `probes:` lists.
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
        var directoryNode: YAMLConfigNode?
        var loaded: SNMPTableDefinitionCatalog?
        if let snmp = sections["snmp"] {
            let keys = try snmp.mapping(allowed: Set(SNMPDefaults.keys + ["threads", "probes_directory"]))
            if let threads = keys["threads"] { settings.threads = try threads.integer(in: 1...64) }
            if let directory = keys["probes_directory"] { directoryNode = directory }
            try defaults.apply(keys, environment: context.environment)
        }
        if let switches = sections["switches"] {
            var names = Set<String>()
            for node in try switches.sequence() {
                // The definitions are read once, when a switch first lists a declarative probe.
                let entry = try SwitchConfiguration.parse(node, defaults: defaults, environment: context.environment) { () throws(ConfigurationError) in
                    if let loaded { return loaded }
                    let catalog: SNMPTableDefinitionCatalog
                    if let directoryNode {
                        let directory = try directoryNode.string()
                        do throws(ConfigurationError) {
                            catalog = try SNMPTableDefinitionCatalog.load(directory: directory)
                        } catch {
                            throw error.file == directory ? directoryNode.error(error.message) : error
                        }
                    } else {
                        catalog = try SNMPTableDefinitionCatalog.load(directory: SNMPTableDefinitionCatalog.defaultDirectory())
                    }
                    loaded = catalog
                    return catalog
                }
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
