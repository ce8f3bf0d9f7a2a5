/// One BGP protocol of a route server, as `show protocols all` describes it: a neighbour.
public struct BIRDNeighbor: Sendable, Hashable {
    /// One channel (address family) of the session.
    public struct Channel: Sendable, Hashable {
        /// `ipv4` or `ipv6` (as BIRD names the channel).
        public var family: String
        /// The channel's state, e.g. `UP`, `DOWN`.
        public var state: String?
        /// Routes imported (accepted by the import filter).
        public var imported: Int?
        /// Routes the import filter rejected and BIRD kept (`import keep filtered`).
        public var filtered: Int?
        /// Routes exported to the neighbour.
        public var exported: Int?
        /// Imported routes that are the best.
        public var preferred: Int?
        /// The import limit configured in BIRD, if any.
        public var importLimit: Int?
        /// Prefixes received: imported plus filtered.
        public var received: Int? { imported.map { $0 + (filtered ?? 0) } }
    }

    /// The protocol's name in BIRD's configuration, e.g. `m65001` or `AS65001_1`.
    public var name: String
    /// The protocol state column (`up`, `start`, `down`, …).
    public var protocolState: String
    /// The `Since` column as BIRD printed it.
    public var since: String
    /// The `Info` column.
    public var info: String
    /// The configured description.
    public var description: String?
    /// `Established`, `Active`, `Connect`, `Idle`, … (nil when the protocol is down).
    public var bgpState: String?
    /// The neighbour's address.
    public var neighborAddress: String?
    /// The neighbour's AS.
    public var neighborAS: UInt32?
    /// The last error, e.g. `Socket: Connection refused`.
    public var lastError: String?
    /// The channels, in BIRD's order.
    public var channels: [Channel] = []

    /// Whether the BGP session is established.
    public var isEstablished: Bool { bgpState == "Established" }
}
