/// The traffic class of one frame on a peering LAN: exactly one per frame.
///
/// The raw values are dense (0 ..< `allCases.count`) so that counters can live in flat arrays.
public enum TrafficClass: UInt8, CaseIterable, Sendable, Hashable, Codable {
    /// ARP request (opcode 1) of Ethernet/IPv4 ARP.
    case arpRequest = 0
    /// ARP reply (opcode 2) of Ethernet/IPv4 ARP.
    case arpReply
    /// ICMPv6 neighbour solicitation.
    case ndNS
    /// ICMPv6 neighbour advertisement.
    case ndNA
    /// IPv4 unicast.
    case ipv4Unicast
    /// IPv6 unicast.
    case ipv6Unicast
    /// IPv4 to the broadcast MAC, 255.255.255.255 or the LAN's broadcast address.
    case ipv4Broadcast
    /// IPv4 UDP to or from port 67 or 68.
    case dhcp
    /// IPv4 to 224.0.0.0/4.
    case ipv4Multicast
    /// ICMPv6 router advertisement.
    case ipv6RA
    /// ICMPv6 router solicitation.
    case ipv6RS
    /// Any other IPv6 to a multicast group.
    case ipv6Multicast
    /// IEEE 802.1D/RSTP/MSTP BPDUs and Cisco PVST+.
    case stp
    /// Cisco Discovery Protocol.
    case cdp
    /// Link Layer Discovery Protocol (ethertype 0x88CC).
    case lldp
    /// Slow protocols (ethertype 0x8809): LACP, marker, OAM.
    case lacp
    /// Cisco Dynamic Trunking Protocol.
    case dtp
    /// Cisco VLAN Trunking Protocol.
    case vtp
    /// Cisco Unidirectional Link Detection.
    case udld
    /// Any other 802.3/LLC frame.
    case otherLLC
    /// Any other ethertype.
    case otherEthertype
    /// Shorter than the headers its own type announces.
    case malformed

    /// The number of classes, for sizing flat counter arrays.
    public static let count = allCases.count

    /// The class's name in reports and metric labels, e.g. `arp_request`.
    public var name: String {
        switch self {
        case .arpRequest: "arp_request"
        case .arpReply: "arp_reply"
        case .ndNS: "nd_ns"
        case .ndNA: "nd_na"
        case .ipv4Unicast: "ipv4_unicast"
        case .ipv6Unicast: "ipv6_unicast"
        case .ipv4Broadcast: "ipv4_broadcast"
        case .dhcp: "dhcp"
        case .ipv4Multicast: "ipv4_multicast"
        case .ipv6RA: "ipv6_ra"
        case .ipv6RS: "ipv6_rs"
        case .ipv6Multicast: "ipv6_multicast"
        case .stp: "stp"
        case .cdp: "cdp"
        case .lldp: "lldp"
        case .lacp: "lacp"
        case .dtp: "dtp"
        case .vtp: "vtp"
        case .udld: "udld"
        case .otherLLC: "other_llc"
        case .otherEthertype: "other_ethertype"
        case .malformed: "malformed"
        }
    }

    /// The class with the given report name, or nil.
    public init?(name: String) {
        guard let found = TrafficClass.allCases.first(where: { $0.name == name }) else { return nil }
        self = found
    }
}
