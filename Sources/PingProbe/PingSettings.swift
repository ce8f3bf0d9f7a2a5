public import ProbeKit
public import IXPCore

import Yams
/// The parsed `ping:` section: kind `ping`. One `PingProbe` sends ICMP and ICMPv6 echo requests
/// to every member router on the peering LAN (the member list's addresses) and to extra `targets`,
/// like the Smokeping and Nagios checks an exchange's NOC keeps.
///
/// ```yaml
/// ping: {interval: 30s, count: 5, timeout: 1s}
/// ```
public struct PingSettings: SingleSectionProbeSettings {
    /// Seconds between rounds.
    public var interval: Double = 30
    /// Echo requests per target and round.
    public var count: Int = 5
    /// Seconds a reply may take.
    public var timeout: Double = 1
    /// Seconds between one target's requests within a round.
    public var spacing: Double = 1
    /// Addresses to send from, at most one per family (nil: the kernel chooses).
    public var sources: [String] = []
    /// Addresses pinged besides the member routers.
    public var targets: [PingTarget] = []
    /// Whether the member routers of the member list are pinged.
    public var pingMembers = true
    /// The member list the member routers come from: `members_file`, else the agent's
    /// `members.source` when it is a file.
    public var memberListFile: String?

    /// Settings with the defaults: every 30 s, 5 requests 1 s apart, 1 s timeout.
    public init() {}

    /// `ping`.
    public static let kindName = "ping"

    /// `ping`.
    public static let sectionKey = "ping"

    public var intervals: [Double] { [interval] }

    /// Seconds a round takes at most: the requests, then the timeout after the last.
    public var roundDuration: Double { Double(count - 1) * spacing + timeout }

    public func makeProbes() throws -> ProbeSet {
        let probe = PingProbe(settings: self)
        probe.openSockets()
        return ProbeSet(probes: [probe])
    }

    /// Parses the `ping:` mapping.
    public static func parse(_ node: YAMLConfigNode, context: ProbeConfigurationContext) throws(ConfigurationError) -> PingSettings {
        let keys = try node.mapping(allowed: ["interval", "count", "timeout", "spacing", "source", "targets", "members", "members_file"])
        var settings = PingSettings()
        if let interval = keys["interval"] { settings.interval = try interval.duration(atLeast: 1) }
        if let count = keys["count"] { settings.count = try count.integer(in: 1...100) }
        if let timeout = keys["timeout"] { settings.timeout = try timeout.duration(atLeast: 0.01) }
        // Without a spacing of its own, a round fits its interval with room to spare: requests
        // at most 1 s apart, and the round at most the interval less one spacing.
        settings.spacing = min(1, max(0.01, (settings.interval - settings.timeout) / Double(settings.count)))
        if let spacing = keys["spacing"] { settings.spacing = try spacing.duration(atLeast: 0.01) }
        guard settings.roundDuration <= settings.interval else {
            throw (keys["timeout"] ?? keys["spacing"] ?? keys["count"] ?? node).error(
                "a round (\(settings.count) requests \(settings.spacing) s apart, then \(settings.timeout) s for the last reply) "
                    + "must fit in the interval (\(settings.interval) s)")
        }
        if let source = keys["source"] {
            let items = try source.node.sequence != nil ? source.sequence() : [source]
            var families = Set<ICMPEcho.Family>()
            for item in items {
                guard let canonical = PingAddress.canonical(try item.string()) else {
                    throw item.error("the source must be an IPv4 or IPv6 address of this host, got '\(try item.string())'")
                }
                guard families.insert(canonical.family).inserted else { throw item.error("one source address per family") }
                settings.sources.append(canonical.text)
            }
        }
        if let targets = keys["targets"] {
            var seen = Set<String>()
            for item in try targets.sequence() {
                var address: String
                var name: String?
                var addressNode = item
                if item.node.mapping != nil {
                    let entry = try item.mapping(allowed: ["address", "name"])
                    guard let node = entry["address"] else { throw item.error("each target needs an 'address'") }
                    address = try node.string()
                    name = try entry["name"]?.string()
                    addressNode = node
                } else {
                    address = try item.string()
                }
                guard let target = PingTarget(address: address, name: name) else {
                    throw addressNode.error("expected an IPv4 or IPv6 address, got '\(address)'")
                }
                guard seen.insert(target.address).inserted else { throw addressNode.error("\(target.address) is listed twice") }
                settings.targets.append(target)
            }
        }
        if let members = keys["members"] { settings.pingMembers = try members.bool() }
        if let file = keys["members_file"] {
            let path = try file.string()
            guard !path.isEmpty else { throw file.error("the members_file must not be empty") }
            settings.memberListFile = path
        } else {
            settings.memberListFile = context.memberListFile
        }
        if !settings.pingMembers, settings.targets.isEmpty {
            throw node.error("nothing to ping: 'members' is false and no 'targets' are listed")
        }
        if settings.pingMembers, settings.memberListFile == nil, settings.targets.isEmpty {
            throw node.error("nothing to ping: the member list is not a local file; name one with 'members_file' "
                + "(the IX-F export the agent reads) or list 'targets'")
        }
        return settings
    }
}
