/// What the decoder found in one frame: a plain value, filled in without allocating.
///
/// Fields that do not apply to the frame are zero. Addresses are integers (see `MACAddress`,
/// `IPAddress`), so the analyser can count and key on them without building strings.
public struct DecodedFrame: Sendable, Equatable {
    /// The frame's traffic class.
    public var trafficClass: TrafficClass = .malformed
    /// What a multicast or broadcast IP frame carries (`.none` otherwise).
    public var label: ProtocolLabel = .none
    /// The number of VLAN tags stripped (802.1Q, 802.1ad, 0x9100).
    public var vlanTags: UInt8 = 0
    /// The outermost VLAN ID, when tagged.
    public var outerVLAN: UInt16 = 0
    /// Whether the frame was long enough for an Ethernet header (14 bytes). Without one it has
    /// no destination and no source: `source` is zero, which is not a MAC anyone sent from.
    public var hasEthernetHeader: Bool = false
    /// Destination MAC (zero without an Ethernet header).
    public var destination = MACAddress(rawValue: 0)
    /// Source MAC (zero without an Ethernet header; see `hasEthernetHeader`).
    public var source = MACAddress(rawValue: 0)
    /// The inner ethertype after VLAN tags, or the 802.3 length field for LLC frames.
    public var etherType: UInt16 = 0
    /// LLC DSAP/SSAP (802.3 frames only), as `dsap << 8 | ssap`.
    public var llcSAPs: UInt16 = 0
    /// SNAP OUI (24 bits) and protocol ID, when the LLC frame is SNAP.
    public var snapOUI: UInt32 = 0
    /// SNAP protocol ID.
    public var snapPID: UInt16 = 0

    /// ARP opcode (ARP frames).
    public var arpOpcode: UInt16 = 0
    /// ARP sender hardware address.
    public var arpSenderMAC = MACAddress(rawValue: 0)
    /// ARP sender protocol address.
    public var arpSenderIP: UInt32 = 0
    /// ARP target hardware address.
    public var arpTargetMAC = MACAddress(rawValue: 0)
    /// ARP target protocol address.
    public var arpTargetIP: UInt32 = 0

    /// IP version: 4, 6, or 0 when not IP.
    public var ipVersion: UInt8 = 0
    /// Source address (IPv4-mapped for IPv4).
    public var ipSource = IPAddress.zero
    /// Destination address (IPv4-mapped for IPv4).
    public var ipDestination = IPAddress.zero
    /// The upper-layer protocol after any IPv6 extension headers.
    public var ipProtocol: UInt8 = 0
    /// True when a UDP or TCP header was decoded (so the ports and flags are valid).
    public var hasPorts: Bool = false
    /// UDP/TCP source port.
    public var sourcePort: UInt16 = 0
    /// UDP/TCP destination port.
    public var destinationPort: UInt16 = 0
    /// TCP flags (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10).
    public var tcpFlags: UInt8 = 0
    /// ICMPv6 type, when the frame is ICMPv6.
    public var icmpv6Type: UInt8 = 0
    /// The target address of a neighbour solicitation or advertisement.
    public var ndTarget = IPAddress.zero

    /// An all-zero frame, classified `malformed` until the decoder says otherwise.
    public init() {}

    /// TCP flag bits.
    public enum TCPFlag {
        /// FIN.
        public static let fin: UInt8 = 0x01
        /// SYN.
        public static let syn: UInt8 = 0x02
        /// RST.
        public static let rst: UInt8 = 0x04
        /// ACK.
        public static let ack: UInt8 = 0x10
    }
}
