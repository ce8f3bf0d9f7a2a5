/// The protocol label of a multicast (or broadcast) IP frame: what it carries.
public enum ProtocolLabel: UInt8, CaseIterable, Sendable, Hashable, Codable {
    /// Nothing worth naming (unicast, or not IP).
    case none = 0
    /// IGMP (IPv4 protocol 2).
    case igmp
    /// OSPF (protocol 89), v2 or v3.
    case ospf
    /// EIGRP (protocol 88).
    case eigrp
    /// PIM (protocol 103).
    case pim
    /// VRRP (protocol 112).
    case vrrp
    /// HSRP (UDP 1985).
    case hsrp
    /// RIP (UDP 520) or RIPng (UDP 521).
    case rip
    /// MLD (ICMPv6 130, 131, 132, 143).
    case mld
    /// DHCPv6 (UDP 546/547).
    case dhcpv6
    /// Multicast DNS (UDP 5353).
    case mdns
    /// Any other protocol.
    case other

    /// The number of labels, for sizing flat counter arrays.
    public static let count = allCases.count

    /// The label's name in reports and metric labels.
    public var name: String {
        switch self {
        case .none: "none"
        case .igmp: "igmp"
        case .ospf: "ospf"
        case .eigrp: "eigrp"
        case .pim: "pim"
        case .vrrp: "vrrp"
        case .hsrp: "hsrp"
        case .rip: "rip"
        case .mld: "mld"
        case .dhcpv6: "dhcpv6"
        case .mdns: "mdns"
        case .other: "other"
        }
    }
}
