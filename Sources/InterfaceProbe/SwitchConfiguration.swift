import Foundation
import ProbeKit
public import SNMPClient
public import SNMPTableProbe
import Yams
import IXPCore

/// One switch to poll over SNMP.
public struct SwitchConfiguration: Sendable, Hashable {
    /// The `switch` label: a short name the NOC knows the switch by.
    public var name: String
    /// How to reach its agent.
    public var target: SNMPTarget
    /// Seconds between polls.
    public var interval: Double
    /// Re-walk ifName/ifAlias/… every this many polls.
    public var labelRefreshPolls: Int
    /// Port → member mapping.
    public var memberMapping: MemberPortMapping
    /// The probes this switch runs, as `probes:` lists them (default `[if-mib]`).
    public var probes: [String] = [SNMPTableDefinitionCatalog.interfaceProbeName]
    /// The declarative probes among them, validated, in `probes` order.
    public var tableDefinitions: [SNMPTableDefinition] = []

    /// Whether the compiled IF-MIB poller runs on this switch.
    public var pollsInterfaces: Bool { probes.contains(SNMPTableDefinitionCatalog.interfaceProbeName) }

    /// The probe settings for this switch.
    public var probeConfiguration: SNMPInterfaceProbeConfiguration {
        SNMPInterfaceProbeConfiguration(switchName: name, target: target, interval: interval,
                                        labelRefreshPolls: labelRefreshPolls, memberMapping: memberMapping)
    }
}

extension SwitchConfiguration {
    /// One entry of `switches:`, with `defaults` from `snmp:`.
    static func parse(_ node: YAMLConfigNode, defaults: SNMPDefaults, environment: [String: String],
                      catalog: () throws(ConfigurationError) -> SNMPTableDefinitionCatalog)
        throws(ConfigurationError) -> SwitchConfiguration
    {
        let keys = try node.mapping(allowed: Set(SNMPDefaults.keys + ["name", "address", "port", "members", "probes"]))
        guard let nameNode = keys["name"] else { throw node.error("every switch needs a 'name'") }
        let name = try nameNode.string()
        guard !name.isEmpty, name.count <= 128 else { throw nameNode.error("the name must have 1 to 128 characters") }
        guard let addressNode = keys["address"] else { throw node.error("switch '\(name)' needs an 'address'") }
        let address = try addressNode.string()
        guard !address.isEmpty else { throw addressNode.error("the address is empty") }
        var settings = defaults
        try settings.apply(keys, environment: environment)
        let parsed: SNMPAddress
        do {
            parsed = try SNMPAddress.parse(address)
        } catch {
            throw addressNode.error(error.description)
        }
        let configuredPort = try keys["port"]?.integer(in: 1...65535)
        if let inAddress = parsed.port, let configuredPort, inAddress != configuredPort {
            throw addressNode.error("the address names port \(inAddress) but 'port' is \(configuredPort); give the port once")
        }
        let port = parsed.port ?? configuredPort ?? 161
        var explicit: [String: UInt32] = [:]
        if let members = keys["members"] {
            guard let mapping = members.node.mapping else {
                throw members.error("expected a mapping of interface names to member ASNs")
            }
            for (key, value) in mapping {
                let interface = key.string ?? ""
                let entry = YAMLConfigNode(node: value, file: node.file, path: "\(members.path).\(interface)")
                let text = try entry.string().uppercased().replacingOccurrences(of: "AS", with: "")
                guard let asn = UInt32(text), asn > 0 else {
                    throw entry.error("expected a member ASN like 64500 or AS64500")
                }
                explicit[interface] = asn
            }
        }
        let credentials = try settings.credentials(at: node, switchName: name)
        let target = SNMPTarget(
            host: parsed.host, port: port, credentials: credentials, timeout: settings.timeout,
            retries: settings.retries, maxRepetitions: settings.maxRepetitions,
            deadline: settings.deadline ?? max(settings.timeout * Double(settings.retries + 1) * 4, settings.interval * 0.9),
            ipv6: parsed.ipv6)
        var mapping = MemberPortMapping(explicit: explicit, aliasPattern: settings.memberASNPattern)
        if settings.memberASNPattern?.isEmpty == true { mapping.aliasPattern = nil }
        do {
            try mapping.validate()
        } catch {
            throw (keys["member_asn_pattern"] ?? node).error(error.message)
        }
        var entry = SwitchConfiguration(name: name, target: target, interval: settings.interval,
                                        labelRefreshPolls: settings.labelRefreshPolls, memberMapping: mapping)
        if let probesNode = keys["probes"] {
            var probes: [String] = []
            for item in try probesNode.sequence() {
                let probe = try item.string()
                guard !probes.contains(probe) else { throw item.error("probe \(probe) is listed twice") }
                if probe != SNMPTableDefinitionCatalog.interfaceProbeName {
                    let loaded = try catalog()
                    guard let definition = loaded.definitions[probe] else {
                        throw item.error("unknown probe '\(probe)'; available: \(loaded.availableNames.joined(separator: ", ")) (definitions in \(loaded.directory))")
                    }
                    entry.tableDefinitions.append(definition)
                }
                probes.append(probe)
            }
            guard !probes.isEmpty else { throw probesNode.error("list at least one probe, e.g. [if-mib]") }
            entry.probes = probes
        }
        return entry
    }
}
