/// A route server of the exchange.
///
/// Found the way IX-F marks them: an address whose `services[]` holds `type: "ixrouteserver"`
/// (on the exchange's own `member_type: "ixp"` entry in IXP Manager exports); also any member
/// of the non-standard type `routeserver`, or whose ASN is configured as a route-server ASN.
public struct RouteServer: Sendable, Equatable, Codable {
    /// The route server's ASN.
    public var asn: UInt32
    /// Its addresses on the peering LAN (IPv4 and IPv6, canonical text).
    public var addresses: [String]
    /// A name for it (the service's name or the entry's name), when the list gives one.
    public var name: String?

    /// A route server.
    public init(asn: UInt32, addresses: [String], name: String? = nil) {
        self.asn = asn
        self.addresses = addresses
        self.name = name
    }
}
