/// One network's presence on the exchange's LAN, as PeeringDB lists it (a `netixlan` record).
public struct PeeringDBNetwork: Sendable, Equatable, Codable {
    /// The network's ASN.
    public var asn: UInt32
    /// The network's name, when given.
    public var name: String?
    /// Its IPv4 address on the LAN (canonical text), when given.
    public var ipaddr4: String?
    /// Its IPv6 address on the LAN (canonical text), when given.
    public var ipaddr6: String?
    /// Its port speed in Mbit/s, when given.
    public var speed: Int?
    /// True when PeeringDB says it peers with the route servers.
    public var isRSPeer: Bool
    /// The `ixlan` the record belongs to, when given.
    public var ixlanID: Int?

    /// A network record.
    public init(
        asn: UInt32, name: String? = nil, ipaddr4: String? = nil, ipaddr6: String? = nil, speed: Int? = nil,
        isRSPeer: Bool = false, ixlanID: Int? = nil
    ) {
        self.asn = asn
        self.name = name
        self.ipaddr4 = ipaddr4
        self.ipaddr6 = ipaddr6
        self.speed = speed
        self.isRSPeer = isRSPeer
        self.ixlanID = ixlanID
    }
}
