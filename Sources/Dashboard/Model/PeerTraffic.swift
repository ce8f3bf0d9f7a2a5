/// Traffic between a member and one of its peers, from sFlow, for the member page's top peers.
public struct PeerTraffic: Sendable, Hashable, Codable {
    /// The peer's ASN.
    public var asn: UInt32
    /// The peer's name, if the member list gives one.
    public var name: String
    /// Bits per second the member sent to the peer, the mean of the known values of the window.
    public var sentBitsPerSecond: Double
    /// Bits per second the member received from the peer, the mean of the known values of the window.
    public var receivedBitsPerSecond: Double

    /// A peer.
    public init(asn: UInt32, name: String, sentBitsPerSecond: Double, receivedBitsPerSecond: Double) {
        self.asn = asn
        self.name = name
        self.sentBitsPerSecond = sentBitsPerSecond
        self.receivedBitsPerSecond = receivedBitsPerSecond
    }
}
