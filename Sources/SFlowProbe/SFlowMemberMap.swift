public import PacketCapture

/// Which member each MAC address belongs to, from the member list's `mac_addresses`.
public struct SFlowMemberMap: Sendable {
    /// ASN by MAC (the MAC's 48 bits in an integer).
    private var asnByMAC: [UInt64: UInt32]
    /// Every member's ASN the list gives a MAC for.
    public let asns: Set<UInt32>

    /// A map of `macs` (MAC → ASN).
    public init(macs: [MACAddress: UInt32]) {
        var byMAC: [UInt64: UInt32] = [:]
        for (mac, asn) in macs { byMAC[mac.rawValue] = asn }
        self.asnByMAC = byMAC
        self.asns = Set(macs.values)
    }

    /// An empty map: no traffic is attributed.
    public static let empty = SFlowMemberMap(macs: [:])

    /// The member owning `mac`, or nil.
    @inline(__always)
    public func asn(_ mac: UInt64) -> UInt32? { asnByMAC[mac] }
}
