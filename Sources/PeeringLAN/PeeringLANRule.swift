public import PacketCapture
public import IXPCore

/// The rules of the peering-LAN probe. The raw values are dense, for flat counter arrays.
public enum PeeringLANRule: UInt8, CaseIterable, Sendable, Hashable {
    /// Spanning-tree BPDUs (802.1D/RSTP/MSTP, PVST+).
    case stp = 0
    /// IPv6 router advertisements.
    case ipv6RA
    /// Cisco Discovery Protocol.
    case cdp
    /// Cisco VTP.
    case vtp
    /// Cisco DTP.
    case dtp
    /// Cisco UDLD.
    case udld
    /// LLDP (can be allowed by configuration).
    case lldp
    /// LACP / slow protocols (can be allowed by configuration).
    case lacp
    /// Other 802.3/LLC frames.
    case otherLLC
    /// Other ethertypes.
    case otherEthertype
    /// DHCP.
    case dhcp
    /// IPv4 broadcast other than ARP.
    case ipv4Broadcast
    /// IPv4 multicast.
    case ipv4Multicast
    /// IPv6 router solicitations.
    case ipv6RS
    /// IPv6 multicast other than neighbour discovery.
    case ipv6Multicast
    /// All ARP on the LAN above the storm threshold.
    case arpStorm
    /// One source sending ARP requests above the flooder rate.
    case arpFlooder
    /// An IPv4 address many routers keep asking for and nobody answers.
    case deadIP
    /// All neighbour solicitations/advertisements above the storm threshold.
    case ndStorm
    /// One source sending neighbour solicitations above the flooder rate.
    case ndFlooder
    /// An IPv6 address many routers keep soliciting and nobody advertises.
    case ndDeadIP
    /// A source MAC that no member has.
    case unknownMAC
    /// A MAC claiming an address of another member.
    case ipConflict
    /// One MAC answering ARP for several addresses.
    case proxyARP
    /// TCP SYNs to port 179 with no BGP session between the pair.
    case deadBGPPeer
    /// More than the allowed share of frames dropped by the capture.
    case captureDrops

    /// The number of rules, for sizing flat counter arrays.
    public static let count = allCases.count

    /// The rule id in reports, configuration and metric labels.
    public var id: String {
        switch self {
        case .stp: "stp"
        case .ipv6RA: "ipv6_ra"
        case .cdp: "cdp"
        case .vtp: "vtp"
        case .dtp: "dtp"
        case .udld: "udld"
        case .lldp: "lldp"
        case .lacp: "lacp"
        case .otherLLC: "other_llc"
        case .otherEthertype: "other_ethertype"
        case .dhcp: "dhcp"
        case .ipv4Broadcast: "ipv4_broadcast"
        case .ipv4Multicast: "ipv4_multicast"
        case .ipv6RS: "ipv6_rs"
        case .ipv6Multicast: "ipv6_multicast"
        case .arpStorm: "arp_storm"
        case .arpFlooder: "arp_flooder"
        case .deadIP: "dead_ip"
        case .ndStorm: "nd_storm"
        case .ndFlooder: "nd_flooder"
        case .ndDeadIP: "nd_dead_ip"
        case .unknownMAC: "unknown_mac"
        case .ipConflict: "ip_conflict"
        case .proxyARP: "proxy_arp"
        case .deadBGPPeer: "dead_bgp_peer"
        case .captureDrops: "capture_drops"
        }
    }

    /// The rule with this id, or nil.
    public init?(id: String) {
        guard let rule = PeeringLANRule.allCases.first(where: { $0.id == id }) else { return nil }
        self = rule
    }

    /// The severity unless configured otherwise.
    public var defaultSeverity: Severity {
        switch self {
        case .stp, .ipv6RA, .arpStorm, .ndStorm, .ipConflict: .critical
        default: .warning
        }
    }

    /// The forbidden-traffic rule that a frame of `trafficClass` breaks, if any.
    public static func forbidden(_ trafficClass: TrafficClass) -> PeeringLANRule? {
        switch trafficClass {
        case .stp: .stp
        case .ipv6RA: .ipv6RA
        case .cdp: .cdp
        case .vtp: .vtp
        case .dtp: .dtp
        case .udld: .udld
        case .lldp: .lldp
        case .lacp: .lacp
        case .otherLLC: .otherLLC
        case .otherEthertype: .otherEthertype
        case .dhcp: .dhcp
        case .ipv4Broadcast: .ipv4Broadcast
        case .ipv4Multicast: .ipv4Multicast
        case .ipv6RS: .ipv6RS
        case .ipv6Multicast: .ipv6Multicast
        default: nil
        }
    }
}
