/// What PeeringDB says about the exchange: its name, LANs and the networks on them.
///
/// Used to tell stale data: when PeeringDB lists many more (or fewer) networks than the
/// exchange's own member list, one of the two is out of date.
public struct PeeringDBExchange: Sendable, Equatable, Codable {
    /// The PeeringDB `ix` id, when given.
    public var ixID: Int?
    /// The exchange's name in PeeringDB (`name`, else `name_long`), when given.
    public var name: String?
    /// The PeeringDB ids of the exchange's LANs (`ixlan`), when given.
    public var ixlanIDs: [Int]
    /// The `netixlan` records, in file order (one per network and address pair).
    public var networks: [PeeringDBNetwork]

    /// An exchange.
    public init(ixID: Int? = nil, name: String? = nil, ixlanIDs: [Int] = [], networks: [PeeringDBNetwork] = []) {
        self.ixID = ixID
        self.name = name
        self.ixlanIDs = ixlanIDs
        self.networks = networks
    }

    /// The number of distinct ASNs on the exchange according to PeeringDB.
    public var memberCount: Int { Set(networks.map(\.asn)).count }

    /// The distinct ASNs, ascending.
    public var asns: [UInt32] { Set(networks.map(\.asn)).sorted() }
}
