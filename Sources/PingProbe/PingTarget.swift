/// One address the ping probe sends echo requests to: a member router's address on the peering
/// LAN (from the member list) or an extra target of the configuration.
public struct PingTarget: Sendable, Hashable {
    /// The address in canonical text (`192.0.2.1`, `2001:db8::1`).
    public var address: String
    /// Its family.
    public var family: ICMPEcho.Family
    /// The member it belongs to, when known.
    public var memberASN: UInt32?
    /// The member's (or the extra target's) name, when known.
    public var name: String?

    /// A target; nil when `address` is not an IPv4 or IPv6 address.
    public init?(address: String, memberASN: UInt32? = nil, name: String? = nil) {
        guard let canonical = PingAddress.canonical(address) else { return nil }
        self.address = canonical.text
        self.family = canonical.family
        self.memberASN = memberASN
        self.name = name
    }

    /// The labels of its metrics: `member_asn`, `member_name`, `address`, `family` (empty
    /// strings where unknown).
    public var metricLabels: [(name: String, value: String)] {
        [("member_asn", memberASN.map(String.init) ?? ""), ("member_name", name ?? ""), ("address", address),
         ("family", family.rawValue)]
    }

    /// The labels of its store series: `member_asn`, `address`, `family`.
    public var seriesLabels: [String: String] {
        ["member_asn": memberASN.map(String.init) ?? "", "address": address, "family": family.rawValue]
    }
}
