/// One member of the exchange as its member list describes it.
public struct Member: Sendable, Equatable, Codable {
    /// The member's AS number.
    public var asn: UInt32
    /// The member's name, when the list gives one.
    public var name: String?
    /// The IX-F member type (`peering`, `ixp`, `routeserver`, `other`), when given.
    public var memberType: String?
    /// The router MACs, lower case `aa:bb:cc:dd:ee:ff`, without duplicates.
    public var macAddresses: [String]
    /// The member's IPv4 addresses on the peering LAN.
    public var ipv4Addresses: [String]
    /// The member's IPv6 addresses on the peering LAN.
    public var ipv6Addresses: [String]
    /// True when the member is a route server of the exchange: IX-F `member_type`
    /// `routeserver`, an entry with an `ixrouteserver` service on one of its addresses, or its
    /// ASN configured as a route-server ASN.
    public var isRouteServer: Bool
    /// True when any of its addresses is flagged `routeserver: true` in IX-F, which means the
    /// member peers with the route servers; nil when no address says either way.
    public var peersWithRouteServer: Bool?
    /// When the member joined the exchange (IX-F `member_since`), in epoch seconds.
    public var memberSince: Double?
    /// The member's connections with their ports, in list order.
    public var connections: [MemberConnection]
    /// The largest IPv4 `max_prefix` of its addresses, when given.
    public var maxPrefixIPv4: Int?
    /// The largest IPv6 `max_prefix` of its addresses, when given.
    public var maxPrefixIPv6: Int?

    /// A member.
    public init(
        asn: UInt32, name: String? = nil, memberType: String? = nil, macAddresses: [String] = [],
        ipv4Addresses: [String] = [], ipv6Addresses: [String] = [], isRouteServer: Bool = false,
        peersWithRouteServer: Bool? = nil, memberSince: Double? = nil, connections: [MemberConnection] = [],
        maxPrefixIPv4: Int? = nil, maxPrefixIPv6: Int? = nil
    ) {
        self.asn = asn
        self.name = name
        self.memberType = memberType
        self.macAddresses = macAddresses
        self.ipv4Addresses = ipv4Addresses
        self.ipv6Addresses = ipv6Addresses
        self.isRouteServer = isRouteServer
        self.peersWithRouteServer = peersWithRouteServer
        self.memberSince = memberSince
        self.connections = connections
        self.maxPrefixIPv4 = maxPrefixIPv4
        self.maxPrefixIPv6 = maxPrefixIPv6
    }

    /// True for the exchange's own entry (IX-F `member_type` `ixp`).
    public var isExchange: Bool { memberType?.lowercased() == "ixp" }

    /// True for a member that peers at the exchange: neither the exchange's own entry nor a
    /// route server.
    public var isPeeringMember: Bool { !isExchange && !isRouteServer }

    /// True when at least one connection is active: its state is `active` or `connected`, or
    /// it has no state (see ``MemberConnection/isActive``).
    public var hasActiveConnection: Bool { connections.contains(where: \.isActive) }
}

extension Member {
    // Older encodings (before connections and member_since existed) decode with defaults.
    private enum CodingKeys: String, CodingKey {
        case asn, name, memberType, macAddresses, ipv4Addresses, ipv6Addresses, isRouteServer
        case peersWithRouteServer, memberSince, connections, maxPrefixIPv4, maxPrefixIPv6
    }

    /// Decodes a member; fields added in later versions default when absent.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            asn: try c.decode(UInt32.self, forKey: .asn),
            name: try c.decodeIfPresent(String.self, forKey: .name),
            memberType: try c.decodeIfPresent(String.self, forKey: .memberType),
            macAddresses: try c.decodeIfPresent([String].self, forKey: .macAddresses) ?? [],
            ipv4Addresses: try c.decodeIfPresent([String].self, forKey: .ipv4Addresses) ?? [],
            ipv6Addresses: try c.decodeIfPresent([String].self, forKey: .ipv6Addresses) ?? [],
            isRouteServer: try c.decodeIfPresent(Bool.self, forKey: .isRouteServer) ?? false,
            peersWithRouteServer: try c.decodeIfPresent(Bool.self, forKey: .peersWithRouteServer),
            memberSince: try c.decodeIfPresent(Double.self, forKey: .memberSince),
            connections: try c.decodeIfPresent([MemberConnection].self, forKey: .connections) ?? [],
            maxPrefixIPv4: try c.decodeIfPresent(Int.self, forKey: .maxPrefixIPv4),
            maxPrefixIPv6: try c.decodeIfPresent(Int.self, forKey: .maxPrefixIPv6))
    }
}
