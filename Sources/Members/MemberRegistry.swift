import IXPCore

/// The members of an exchange, with lookups by MAC and IP address.
public struct MemberRegistry: Sendable, Equatable {
    /// The members, in list order. A member that appears in several entries of the list (one
    /// per connection, say) is merged into one.
    public private(set) var members: [Member]
    /// The list's own timestamp, when it has one.
    public var timestamp: String?
    /// The IX-F schema version, when given.
    public var version: String?
    /// Entries of the list that were skipped, with the reason (e.g. no `asnum`).
    public var skippedEntries: [String] = []
    /// The exchange's name (`ixp_list[0].name`, else its `shortname`), when given.
    public var exchangeName: String?
    /// The exchange's switches from `ixp_list[].switch`, when the list gives them.
    public var switches: [ExchangeSwitch] = []
    /// Route servers the list marks with an `ixrouteserver` service (see ``routeServers``).
    public var listedRouteServers: [RouteServer] = []
    /// The peering LAN's prefixes from `ixp_list[].vlan[]` (IPv4 and IPv6), when the list gives them.
    public var peeringLANPrefixes: [PeeringLANPrefix] = []

    private var byMAC: [String: Int] = [:]
    private var byAddress: [String: Int] = [:]
    private var byASN: [UInt32: Int] = [:]

    /// A registry of `members`; members with the same ASN are merged.
    public init(
        members: [Member], timestamp: String? = nil, version: String? = nil, exchangeName: String? = nil,
        switches: [ExchangeSwitch] = [], listedRouteServers: [RouteServer] = []
    ) {
        self.members = []
        self.timestamp = timestamp
        self.version = version
        self.exchangeName = exchangeName
        self.switches = switches
        self.listedRouteServers = listedRouteServers
        for member in members {
            if let index = byASN[member.asn] {
                self.members[index] = merge(self.members[index], member)
            } else {
                byASN[member.asn] = self.members.count
                self.members.append(member)
            }
        }
        for (index, member) in self.members.enumerated() {
            for mac in member.macAddresses where byMAC[mac] == nil { byMAC[mac] = index }
            for address in member.ipv4Addresses + member.ipv6Addresses where byAddress[address] == nil {
                byAddress[address] = index
            }
        }
    }

    /// The list's timestamp in epoch seconds, when it has one that parses as ISO 8601.
    public var timestampSeconds: Double? { timestamp.flatMap { UTCCalendar.seconds(iso8601: $0) } }

    /// The member with this router MAC (any common notation), if any.
    public func member(mac: String) -> Member? {
        guard let normal = MemberAddressText.mac(mac), let index = byMAC[normal] else { return nil }
        return members[index]
    }

    /// The member with this peering-LAN address, if any.
    public func member(address: String) -> Member? {
        guard let normal = MemberAddressText.ip(address), let index = byAddress[normal] else { return nil }
        return members[index]
    }

    /// The member with this ASN, if any.
    public func member(asn: UInt32) -> Member? {
        byASN[asn].map { members[$0] }
    }

    /// The members that peer at the exchange: all but the exchange's own entry and route servers.
    public var peeringMembers: [Member] { members.filter(\.isPeeringMember) }

    /// The peering members with at least one active (`active`/`connected`) connection.
    public var activeMembers: [Member] { members.filter { $0.isPeeringMember && $0.hasActiveConnection } }

    /// The exchange's route servers: those the list marks with an `ixrouteserver` service, then
    /// every other member that ``Member/isRouteServer`` (non-standard `member_type`
    /// `routeserver`, or marked by ``markRouteServers(asns:)``) with all its addresses.
    public var routeServers: [RouteServer] {
        var result = listedRouteServers
        let listedASNs = Set(listedRouteServers.map(\.asn))
        for member in members where member.isRouteServer && !listedASNs.contains(member.asn) {
            result.append(
                RouteServer(asn: member.asn, addresses: member.ipv4Addresses + member.ipv6Addresses, name: member.name))
        }
        return result
    }

    /// The route servers' addresses (IPv4 and IPv6), without duplicates.
    public var routeServerAddresses: [String] {
        unique(routeServers.flatMap(\.addresses))
    }

    /// The name of the switch with this ID, when the list names it.
    public func switchName(id: Int) -> String? {
        switches.first { $0.id == id }?.name
    }

    /// Marks the members with these ASNs as route servers (for lists that do not say so, the
    /// `route_server_asns` of the configuration).
    public mutating func markRouteServers(asns: [UInt32]) {
        for index in members.indices where asns.contains(members[index].asn) {
            members[index].isRouteServer = true
        }
    }
}

extension MemberRegistry: Codable {
    private enum CodingKeys: String, CodingKey {
        case members, timestamp, version, skippedEntries, exchangeName, switches, listedRouteServers, peeringLANPrefixes
    }

    /// Decodes a registry as ``encode(to:)`` wrote it; lookups are rebuilt.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            members: try c.decode([Member].self, forKey: .members),
            timestamp: try c.decodeIfPresent(String.self, forKey: .timestamp),
            version: try c.decodeIfPresent(String.self, forKey: .version),
            exchangeName: try c.decodeIfPresent(String.self, forKey: .exchangeName),
            switches: try c.decodeIfPresent([ExchangeSwitch].self, forKey: .switches) ?? [],
            listedRouteServers: try c.decodeIfPresent([RouteServer].self, forKey: .listedRouteServers) ?? [])
        skippedEntries = try c.decodeIfPresent([String].self, forKey: .skippedEntries) ?? []
        peeringLANPrefixes = try c.decodeIfPresent([PeeringLANPrefix].self, forKey: .peeringLANPrefixes) ?? []
    }

    /// Encodes the members and the list's facts (not the lookups, which are derived).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(members, forKey: .members)
        try c.encodeIfPresent(timestamp, forKey: .timestamp)
        try c.encodeIfPresent(version, forKey: .version)
        try c.encode(skippedEntries, forKey: .skippedEntries)
        try c.encodeIfPresent(exchangeName, forKey: .exchangeName)
        try c.encode(switches, forKey: .switches)
        try c.encode(listedRouteServers, forKey: .listedRouteServers)
        try c.encode(peeringLANPrefixes, forKey: .peeringLANPrefixes)
    }
}

/// Two entries of one ASN as one member.
private func merge(_ first: Member, _ second: Member) -> Member {
    var merged = first
    merged.name = merged.name ?? second.name
    merged.memberType = merged.memberType ?? second.memberType
    merged.macAddresses = unique(merged.macAddresses + second.macAddresses)
    merged.ipv4Addresses = unique(merged.ipv4Addresses + second.ipv4Addresses)
    merged.ipv6Addresses = unique(merged.ipv6Addresses + second.ipv6Addresses)
    merged.isRouteServer = merged.isRouteServer || second.isRouteServer
    if let flag = second.peersWithRouteServer {
        merged.peersWithRouteServer = (merged.peersWithRouteServer ?? false) || flag
    }
    merged.memberSince = [merged.memberSince, second.memberSince].compactMap { $0 }.min()
    merged.connections += second.connections
    merged.maxPrefixIPv4 = [merged.maxPrefixIPv4, second.maxPrefixIPv4].compactMap { $0 }.max()
    merged.maxPrefixIPv6 = [merged.maxPrefixIPv6, second.maxPrefixIPv6].compactMap { $0 }.max()
    return merged
}

private func unique(_ values: [String]) -> [String] {
    var seen = Set<String>()
    return values.filter { seen.insert($0).inserted }
}
