public import Members
public import PacketCapture
public import ProbeKit
public import IXPCore

import Yams
/// The `peering_lan:` section, kind `peering_lan`: one live capture on a peering LAN's monitor port, or a list of
/// them for an exchange with more than one peering VLAN or site. Each capture is its own probe,
/// named after its interface, and its metrics carry an `interface` label.
public struct PeeringLANSettings: SingleSectionProbeSettings {
    /// The captures, in the order of the file; interfaces are distinct.
    public var captures: [PeeringLANCaptureSettings]

    /// Settings with these captures.
    public init(captures: [PeeringLANCaptureSettings]) {
        self.captures = captures
    }

    /// `peering_lan`.
    public static let kindName = "peering_lan"

    /// `peering_lan`.
    public static let sectionKey = "peering_lan"

    public var intervals: [Double] { captures.map(\.interval) }

    /// One live probe per capture, each a service too: the service group opens the devices
    /// when the agent starts and stops the captures at shutdown.
    public func makeProbes() throws -> ProbeSet {
        let probes = captures.map { capture in
            PeeringLANProbe(options: capture.capture, configuration: capture.definition, members: capture.members,
                            interval: capture.interval)
        }
        return ProbeSet(probes: probes, services: probes)
    }
}

/// One capture of `peering_lan:`.
public struct PeeringLANCaptureSettings: Sendable {
    /// libpcap capture settings (interface, BPF filter, snap length, buffer, promiscuous mode,
    /// the user to drop to after opening).
    public var capture: LiveCaptureOptions
    /// Rule thresholds and allowed protocols, from the probe definition file.
    public var definition: PeeringLANConfiguration
    /// Where the definition came from (nil: built-in defaults).
    public var definitionPath: String?
    /// The IX-F member list, when given.
    public var members: MemberRegistry?
    /// Seconds between collections of the per-minute counts.
    public var interval: Double = 60

    /// A capture.
    public init(capture: LiveCaptureOptions, definition: PeeringLANConfiguration = PeeringLANConfiguration(),
                definitionPath: String? = nil, members: MemberRegistry? = nil, interval: Double = 60) {
        self.capture = capture
        self.definition = definition
        self.definitionPath = definitionPath
        self.members = members
        self.interval = interval
    }
}

extension PeeringLANSettings {
    /// Parses the `peering_lan:` section: a mapping (one capture) or a list of mappings.
    public static func parse(_ node: YAMLConfigNode, context: ProbeConfigurationContext) throws(ConfigurationError) -> PeeringLANSettings {
        guard node.node.sequence != nil else {
            return PeeringLANSettings(captures: [try PeeringLANCaptureSettings.parse(node, context: context)])
        }
        let items = try node.sequence()
        guard !items.isEmpty else { throw node.error("the list of captures is empty; give at least one 'interface'") }
        var captures: [PeeringLANCaptureSettings] = []
        for item in items {
            let capture = try PeeringLANCaptureSettings.parse(item, context: context)
            if captures.contains(where: { $0.capture.interface == capture.capture.interface }) {
                throw item.error("interface '\(capture.capture.interface)' is captured twice; give each interface once")
            }
            captures.append(capture)
        }
        return PeeringLANSettings(captures: captures)
    }
}

extension PeeringLANCaptureSettings {
    /// Parses one capture's mapping.
    static func parse(_ node: YAMLConfigNode, context: ProbeConfigurationContext?) throws(ConfigurationError) -> PeeringLANCaptureSettings {
        let keys = try node.mapping(allowed: [
            "interface", "filter", "snap_length", "buffer_size_mib", "promiscuous", "user", "members_file",
            "probe_definition", "interval",
        ])
        guard let interface = try keys["interface"]?.string(), !interface.isEmpty else {
            throw node.error("peering_lan needs the 'interface' to capture on (the monitor port)")
        }
        var capture = LiveCaptureOptions(interface: interface)
        if let filter = keys["filter"] { capture.filter = try filter.string() }
        if let snap = keys["snap_length"] { capture.snapLength = try snap.integer(in: 64...65535) }
        if let buffer = keys["buffer_size_mib"] { capture.bufferSize = try buffer.integer(in: 1...4096) << 20 }
        if let promiscuous = keys["promiscuous"] { capture.promiscuous = try promiscuous.bool() }
        if let user = keys["user"] { capture.dropPrivilegesTo = try user.string() }
        var members: MemberRegistry?
        if let path = keys["members_file"] {
            let name = try path.string()
            do {
                members = try IXFMemberListParser.parse(contentsOf: name)
            } catch {
                throw path.error(error.message)
            }
        } else if let file = context?.memberListFile {
            // Without a members_file of its own, the capture reads the agent's member list. A
            // list that does not load is the member-list service's to report, not a reason to
            // refuse the capture.
            members = try? IXFMemberListParser.parse(contentsOf: file)
            if let asns = context?.routeServerASNs, !asns.isEmpty { members?.markRouteServers(asns: asns) }
        }
        var definition = PeeringLANConfiguration()
        var definitionPath: String?
        if let path = keys["probe_definition"] {
            let name = try path.string()
            definition = try ProbeDefinitionLoader.peeringLAN(path: name, at: path)
            definitionPath = name
        }
        var settings = PeeringLANCaptureSettings(capture: capture, definition: definition, definitionPath: definitionPath,
                                                 members: members)
        if let interval = keys["interval"] { settings.interval = try interval.duration(atLeast: 1) }
        return settings
    }
}
