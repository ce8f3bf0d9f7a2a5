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
    /// True when the member is a route server of the exchange (IX-F `member_type`
    /// `routeserver`, or its ASN configured as a route-server ASN).
    public var isRouteServer: Bool
    /// True when any of its addresses is flagged `routeserver: true` in IX-F, which means the
    /// member peers with the route servers; nil when no address says either way.
    public var peersWithRouteServer: Bool?

    /// A member.
    public init(
        asn: UInt32, name: String? = nil, memberType: String? = nil, macAddresses: [String] = [],
        ipv4Addresses: [String] = [], ipv6Addresses: [String] = [], isRouteServer: Bool = false,
        peersWithRouteServer: Bool? = nil
    ) {
        self.asn = asn
        self.name = name
        self.memberType = memberType
        self.macAddresses = macAddresses
        self.ipv4Addresses = ipv4Addresses
        self.ipv6Addresses = ipv6Addresses
        self.isRouteServer = isRouteServer
        self.peersWithRouteServer = peersWithRouteServer
    }
}
