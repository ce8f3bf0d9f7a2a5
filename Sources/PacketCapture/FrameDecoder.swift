/// Decodes Ethernet frames (with VLAN tags) down to the transport header, reading bytes in
/// place from the capture buffer, and assigns each frame exactly one `TrafficClass`.
///
/// The decoder never reads outside the buffer it is given, never allocates, and never traps:
/// a frame shorter than the headers its own type announces is `malformed`. A frame shorter
/// than an Ethernet header is `malformed` with `hasEthernetHeader` false: it has no source.
public struct FrameDecoder: Sendable {
    /// The peering LAN's IPv4 broadcast address (e.g. 80.249.215.255), if known: IPv4 to it
    /// is `ipv4_broadcast`.
    public var lanBroadcast: UInt32?

    /// The most VLAN tags stripped before a frame is called malformed.
    public static let maximumVLANTags = 8

    /// A decoder; `lanBroadcast` is the LAN's directed broadcast address, if any.
    public init(lanBroadcast: UInt32? = nil) {
        self.lanBroadcast = lanBroadcast
    }

    /// Decodes one frame from a byte array (for tests and tools).
    public func decode(_ bytes: [UInt8], wireLength: Int? = nil) -> DecodedFrame {
        bytes.withUnsafeBytes { decode($0, wireLength: wireLength ?? bytes.count) }
    }

    /// Decodes one frame. `bytes` holds the captured bytes; `wireLength` is the frame's length
    /// on the wire (larger when the capture's snap length cut the frame).
    public func decode(_ bytes: UnsafeRawBufferPointer, wireLength: Int) -> DecodedFrame {
        var frame = DecodedFrame()
        guard let base = bytes.baseAddress, bytes.count >= 14 else { return frame }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let n = bytes.count
        let snapped = wireLength > n
        frame.hasEthernetHeader = true
        frame.destination = MACAddress(rawValue: mac48(p, 0))
        frame.source = MACAddress(rawValue: mac48(p, 6))
        var typeOffset = 12
        var type = be16(p, 12)
        var tags: UInt8 = 0
        while type == 0x8100 || type == 0x88A8 || type == 0x9100 {
            guard typeOffset + 6 <= n, Int(tags) < FrameDecoder.maximumVLANTags else { return frame }
            if tags == 0 { frame.outerVLAN = be16(p, typeOffset + 2) & 0x0FFF }
            tags += 1
            typeOffset += 4
            type = be16(p, typeOffset)
        }
        frame.vlanTags = tags
        frame.etherType = type
        let payload = typeOffset + 2
        if type < 0x0600 {
            decodeLLC(p, from: payload, count: n, lengthField: Int(type), snapped: snapped, into: &frame)
            return frame
        }
        switch type {
        case 0x0800:
            decodeIPv4(p, from: payload, count: n, snapped: snapped, into: &frame)
        case 0x86DD:
            decodeIPv6(p, from: payload, count: n, snapped: snapped, into: &frame)
        case 0x0806:
            decodeARP(p, from: payload, count: n, into: &frame)
        case 0x88CC:
            frame.trafficClass = .lldp
        case 0x8809:
            frame.trafficClass = .lacp
        default:
            frame.trafficClass = .otherEthertype
        }
        return frame
    }

    // MARK: - 802.3 / LLC / SNAP

    private func decodeLLC(
        _ p: UnsafePointer<UInt8>, from start: Int, count n: Int, lengthField: Int, snapped: Bool,
        into frame: inout DecodedFrame
    ) {
        // The length field announces the LLC payload; a complete frame must hold it.
        guard start + 3 <= n, snapped || start + lengthField <= n, lengthField >= 3 else {
            // Raw 802.3 (Novell) frames start with 0xFFFF and have no LLC header.
            if start + 2 <= n, p[start] == 0xFF, p[start + 1] == 0xFF {
                frame.trafficClass = .otherLLC
            }
            return
        }
        let dsap = p[start]
        let ssap = p[start + 1]
        frame.llcSAPs = UInt16(dsap) << 8 | UInt16(ssap)
        if dsap == 0x42 && ssap == 0x42 {
            frame.trafficClass = .stp
            return
        }
        guard dsap == 0xAA && ssap == 0xAA else {
            frame.trafficClass = .otherLLC
            return
        }
        guard start + 8 <= n, lengthField >= 8 else { return }  // SNAP header cut short
        let oui = UInt32(p[start + 3]) << 16 | UInt32(p[start + 4]) << 8 | UInt32(p[start + 5])
        let pid = be16(p, start + 6)
        frame.snapOUI = oui
        frame.snapPID = pid
        if oui == 0x00000C {
            switch pid {
            case 0x2000: frame.trafficClass = .cdp
            case 0x2003: frame.trafficClass = .vtp
            case 0x2004: frame.trafficClass = .dtp
            case 0x0111: frame.trafficClass = .udld
            case 0x010B: frame.trafficClass = .stp  // PVST+
            default: frame.trafficClass = .otherLLC
            }
        } else {
            frame.trafficClass = .otherLLC
        }
    }

    // MARK: - ARP

    private func decodeARP(_ p: UnsafePointer<UInt8>, from s: Int, count n: Int, into frame: inout DecodedFrame) {
        guard s + 28 <= n else { return }
        // Ethernet/IPv4 ARP only: hardware type 1, protocol 0x0800, sizes 6 and 4.
        guard be16(p, s) == 1, be16(p, s + 2) == 0x0800, p[s + 4] == 6, p[s + 5] == 4 else { return }
        let op = be16(p, s + 6)
        frame.arpOpcode = op
        frame.arpSenderMAC = MACAddress(rawValue: mac48(p, s + 8))
        frame.arpSenderIP = be32(p, s + 14)
        frame.arpTargetMAC = MACAddress(rawValue: mac48(p, s + 18))
        frame.arpTargetIP = be32(p, s + 24)
        switch op {
        case 1: frame.trafficClass = .arpRequest
        case 2: frame.trafficClass = .arpReply
        default: frame.trafficClass = .otherEthertype  // RARP/InARP opcodes: not ARP proper
        }
    }

    // MARK: - IPv4

    private func decodeIPv4(
        _ p: UnsafePointer<UInt8>, from s: Int, count n: Int, snapped: Bool, into frame: inout DecodedFrame
    ) {
        guard s + 20 <= n else { return }
        let versionIHL = p[s]
        guard versionIHL >> 4 == 4 else { return }
        let headerLength = Int(versionIHL & 0x0F) * 4
        let totalLength = Int(be16(p, s + 2))
        guard headerLength >= 20, s + headerLength <= n, totalLength >= headerLength else { return }
        guard snapped || s + totalLength <= n else { return }
        let end = min(n, s + totalLength)
        frame.ipVersion = 4
        let proto = p[s + 9]
        frame.ipProtocol = proto
        let dst = be32(p, s + 16)
        frame.ipSource = IPAddress(ipv4: be32(p, s + 12))
        frame.ipDestination = IPAddress(ipv4: dst)
        let firstFragment = be16(p, s + 6) & 0x1FFF == 0
        let l4 = s + headerLength
        if firstFragment {
            switch proto {
            case 17:
                guard l4 + 8 <= end || (snapped && l4 + 8 <= n) else { return }
                readPorts(p, l4, into: &frame)
            case 6:
                guard l4 + 20 <= end || (snapped && l4 + 20 <= n) else { return }
                readPorts(p, l4, into: &frame)
                frame.tcpFlags = p[l4 + 13]
            default:
                break
            }
        }
        if frame.hasPorts && proto == 17 {
            let sp = frame.sourcePort
            let dp = frame.destinationPort
            if sp == 67 || sp == 68 || dp == 67 || dp == 68 {
                frame.trafficClass = .dhcp
                return
            }
        }
        if dst >> 28 == 0xE {
            frame.trafficClass = .ipv4Multicast
            frame.label = ipv4Label(proto: proto, frame: frame)
        } else if dst == 0xFFFF_FFFF || frame.destination == .broadcast || (lanBroadcast != nil && dst == lanBroadcast) {
            frame.trafficClass = .ipv4Broadcast
            frame.label = ipv4Label(proto: proto, frame: frame)
        } else {
            frame.trafficClass = .ipv4Unicast
            let label = ipv4Label(proto: proto, frame: frame)
            if label != .other { frame.label = label }  // routing protocols sent unicast
        }
    }

    private func ipv4Label(proto: UInt8, frame: DecodedFrame) -> ProtocolLabel {
        switch proto {
        case 2: return .igmp
        case 89: return .ospf
        case 88: return .eigrp
        case 103: return .pim
        case 112: return .vrrp
        case 17 where frame.hasPorts:
            return udpLabel(frame.sourcePort, frame.destinationPort)
        case 6, 17, 1: return .other
        default: return .other
        }
    }

    private func udpLabel(_ sp: UInt16, _ dp: UInt16) -> ProtocolLabel {
        if sp == 1985 || dp == 1985 { return .hsrp }
        if sp == 520 || dp == 520 || sp == 521 || dp == 521 { return .rip }
        if sp == 546 || dp == 546 || sp == 547 || dp == 547 { return .dhcpv6 }
        if sp == 5353 || dp == 5353 { return .mdns }
        return .other
    }

    // MARK: - IPv6

    private func decodeIPv6(
        _ p: UnsafePointer<UInt8>, from s: Int, count n: Int, snapped: Bool, into frame: inout DecodedFrame
    ) {
        guard s + 40 <= n, p[s] >> 4 == 6 else { return }
        let payloadLength = Int(be16(p, s + 4))
        guard snapped || s + 40 + payloadLength <= n else { return }
        let end = payloadLength == 0 ? n : min(n, s + 40 + payloadLength)  // 0: jumbogram
        frame.ipVersion = 6
        frame.ipSource = IPAddress(high: be64(p, s + 8), low: be64(p, s + 16))
        frame.ipDestination = IPAddress(high: be64(p, s + 24), low: be64(p, s + 32))
        var next = p[s + 6]
        var offset = s + 40
        var hasUpperLayer = true
        var headers = 0
        extensionHeaders: while true {
            switch next {
            case 0, 43, 60:  // hop-by-hop, routing, destination options
                guard offset + 8 <= end, headers < 8 else { return }
                let length = (Int(p[offset + 1]) + 1) * 8
                guard offset + length <= end else { return }
                next = p[offset]
                offset += length
            case 44:  // fragment
                guard offset + 8 <= end, headers < 8 else { return }
                if be16(p, offset + 2) & 0xFFF8 != 0 { hasUpperLayer = false }
                next = p[offset]
                offset += 8
            case 51:  // authentication header
                guard offset + 8 <= end, headers < 8 else { return }
                let length = (Int(p[offset + 1]) + 2) * 4
                guard offset + length <= end else { return }
                next = p[offset]
                offset += length
            default:
                break extensionHeaders
            }
            headers += 1
            if !hasUpperLayer { break }
        }
        frame.ipProtocol = next
        let isMulticast = frame.ipDestination.high >> 56 == 0xFF
        var label = ProtocolLabel.other
        if hasUpperLayer {
            switch next {
            case 58:
                guard offset + 4 <= end else { return }
                let type = p[offset]
                frame.icmpv6Type = type
                switch type {
                case 133:
                    guard offset + 8 <= end else { return }
                    frame.trafficClass = .ipv6RS
                    return
                case 134:
                    guard offset + 16 <= end else { return }
                    frame.trafficClass = .ipv6RA
                    return
                case 135, 136:
                    guard offset + 24 <= end else { return }
                    frame.ndTarget = IPAddress(high: be64(p, offset + 8), low: be64(p, offset + 16))
                    frame.trafficClass = type == 135 ? .ndNS : .ndNA
                    return
                case 130, 131, 132, 143:
                    label = .mld
                default:
                    break
                }
            case 17:
                guard offset + 8 <= end else { return }
                readPorts(p, offset, into: &frame)
                label = udpLabel(frame.sourcePort, frame.destinationPort)
            case 6:
                guard offset + 20 <= end else { return }
                readPorts(p, offset, into: &frame)
                frame.tcpFlags = p[offset + 13]
            case 89: label = .ospf
            case 103: label = .pim
            case 112: label = .vrrp
            default: break
            }
        }
        if isMulticast {
            frame.trafficClass = .ipv6Multicast
            frame.label = label
        } else {
            frame.trafficClass = .ipv6Unicast
            if label != .other { frame.label = label }  // routing protocols sent unicast
        }
    }

    // MARK: - Byte access (callers have checked the bounds)

    @inline(__always)
    private func readPorts(_ p: UnsafePointer<UInt8>, _ offset: Int, into frame: inout DecodedFrame) {
        frame.hasPorts = true
        frame.sourcePort = be16(p, offset)
        frame.destinationPort = be16(p, offset + 2)
    }
}

@inline(__always)
private func be16(_ p: UnsafePointer<UInt8>, _ i: Int) -> UInt16 {
    UInt16(p[i]) << 8 | UInt16(p[i + 1])
}

@inline(__always)
private func be32(_ p: UnsafePointer<UInt8>, _ i: Int) -> UInt32 {
    UInt32(p[i]) << 24 | UInt32(p[i + 1]) << 16 | UInt32(p[i + 2]) << 8 | UInt32(p[i + 3])
}

@inline(__always)
private func mac48(_ p: UnsafePointer<UInt8>, _ i: Int) -> UInt64 {
    UInt64(be16(p, i)) << 32 | UInt64(be32(p, i + 2))
}

@inline(__always)
private func be64(_ p: UnsafePointer<UInt8>, _ i: Int) -> UInt64 {
    UInt64(be32(p, i)) << 32 | UInt64(be32(p, i + 4))
}
