import Members
import PacketCapture
import ProbeKit

/// The `peering_lan:` section: a live capture on the peering LAN's monitor port.
public struct PeeringLANSettings: ProbeSettings {
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

    public var kind: String { PeeringLANProbeKind.kindName }

    public var intervals: [Double] { [interval] }

    /// The live probe, which is a service too: the service group opens the device when the
    /// agent starts and stops the capture at shutdown.
    public func makeProbes() throws -> ProbeSet {
        let probe = PeeringLANProbe(options: capture, configuration: definition, members: members, interval: interval)
        return ProbeSet(probes: [probe], services: [probe])
    }
}

extension PeeringLANSettings {
    /// Parses the `peering_lan:` section.
    static func parse(_ node: YAMLConfigNode, context: ProbeConfigurationContext? = nil) throws(ConfigurationError) -> PeeringLANSettings {
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
        var settings = PeeringLANSettings(capture: capture, definition: definition, definitionPath: definitionPath,
                                          members: members)
        if let interval = keys["interval"] { settings.interval = try interval.duration(atLeast: 1) }
        return settings
    }
}
