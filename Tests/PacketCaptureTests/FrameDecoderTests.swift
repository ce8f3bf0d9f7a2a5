import CaptureTestSupport
import Testing
@testable import PacketCapture

private typealias T = TestFrames
private let a: UInt64 = 0x0200_0000_0001
private let b: UInt64 = 0x0200_0000_0002
private let bcast: UInt64 = 0xFFFF_FFFF_FFFF
private let decoder = FrameDecoder(lanBroadcast: T.ip4(10, 0, 0, 255))

@Suite struct FrameDecoderTests {
    @Test func arpRequestAndReply() {
        let request = decoder.decode(T.ethernet(dst: bcast, src: a, type: 0x0806,
            T.arp(op: 1, sha: a, spa: T.ip4(10, 0, 0, 1), tpa: T.ip4(10, 0, 0, 2))))
        #expect(request.trafficClass == .arpRequest)
        #expect(request.arpSenderIP == T.ip4(10, 0, 0, 1))
        #expect(request.arpTargetIP == T.ip4(10, 0, 0, 2))
        #expect(request.arpSenderMAC == MACAddress(rawValue: a))
        let reply = decoder.decode(T.ethernet(dst: a, src: b, type: 0x0806,
            T.arp(op: 2, sha: b, spa: T.ip4(10, 0, 0, 2), tha: a, tpa: T.ip4(10, 0, 0, 1))))
        #expect(reply.trafficClass == .arpReply)
    }

    @Test func aFrameShorterThanAnEthernetHeaderHasNoSource() {
        for length in [0, 1, 10, 13] {
            let frame = decoder.decode(Array(repeating: 0xAB, count: length))
            #expect(frame.trafficClass == .malformed)
            #expect(!frame.hasEthernetHeader, "\(length) bytes")
            #expect(frame.source.rawValue == 0 && frame.destination.rawValue == 0)
        }
        // Fourteen bytes are a header: a source, even when nothing follows it.
        let bare = decoder.decode(Array(T.ethernet(dst: bcast, src: a, type: 0x0800, []).prefix(14)))
        #expect(bare.hasEthernetHeader)
        #expect(bare.source == MACAddress(rawValue: a))
        #expect(bare.trafficClass == .malformed)
    }

    @Test func arpWithOtherSizesIsMalformed() {
        var body = T.arp(op: 1, sha: a, spa: 1, tpa: 2)
        body[4] = 8  // hardware size 8
        #expect(decoder.decode(T.ethernet(dst: bcast, src: a, type: 0x0806, body)).trafficClass == .malformed)
        let short = Array(T.arp(op: 1, sha: a, spa: 1, tpa: 2).prefix(27))
        #expect(decoder.decode(T.ethernet(dst: bcast, src: a, type: 0x0806, short)).trafficClass == .malformed)
    }

    @Test func vlanTagsAreStrippedAndCounted() {
        let frame = decoder.decode(T.ethernet(dst: bcast, src: a, type: 0x0806, vlans: [200, 2001], tpid: 0x88A8,
            T.arp(op: 1, sha: a, spa: 1, tpa: 2)))
        #expect(frame.trafficClass == .arpRequest)
        #expect(frame.vlanTags == 2)
        #expect(frame.outerVLAN == 200)
        let cut = decoder.decode(Array(T.ethernet(dst: bcast, src: a, type: 0x0806, vlans: [5], []).prefix(16)))
        #expect(cut.trafficClass == .malformed)
    }

    @Test func ipv4Classes() {
        func classify(dstMAC: UInt64 = b, dst: UInt32, proto: UInt8, _ l4: [UInt8]) -> DecodedFrame {
            decoder.decode(T.ethernet(dst: dstMAC, src: a, type: 0x0800, T.ipv4(src: T.ip4(10, 0, 0, 1), dst: dst, proto: proto, l4)))
        }
        #expect(classify(dst: T.ip4(10, 0, 0, 2), proto: 6, T.tcp(1000, 179, flags: 0x10)).trafficClass == .ipv4Unicast)
        #expect(classify(dstMAC: bcast, dst: 0xFFFF_FFFF, proto: 17, T.udp(68, 67)).trafficClass == .dhcp)
        #expect(classify(dst: T.ip4(10, 0, 0, 2), proto: 17, T.udp(67, 68)).trafficClass == .dhcp)
        let ospf = classify(dstMAC: 0x0100_5E00_0005, dst: T.ip4(224, 0, 0, 5), proto: 89, [0, 0, 0, 0])
        #expect(ospf.trafficClass == .ipv4Multicast && ospf.label == .ospf)
        let hsrp = classify(dstMAC: 0x0100_5E00_0002, dst: T.ip4(224, 0, 0, 2), proto: 17, T.udp(1985, 1985))
        #expect(hsrp.trafficClass == .ipv4Multicast && hsrp.label == .hsrp)
        #expect(classify(dst: T.ip4(224, 0, 0, 18), proto: 112, [0]).label == .vrrp)
        #expect(classify(dst: T.ip4(224, 0, 0, 10), proto: 88, [0]).label == .eigrp)
        #expect(classify(dst: T.ip4(224, 0, 0, 13), proto: 103, [0]).label == .pim)
        #expect(classify(dst: T.ip4(239, 1, 1, 1), proto: 17, T.udp(5000, 5000)).label == .other)
        #expect(classify(dstMAC: bcast, dst: T.ip4(10, 0, 0, 255), proto: 17, T.udp(520, 520)).trafficClass == .ipv4Broadcast)
        #expect(classify(dst: T.ip4(10, 0, 0, 255), proto: 1, [8, 0, 0, 0]).trafficClass == .ipv4Broadcast)  // LAN broadcast
        #expect(classify(dstMAC: bcast, dst: T.ip4(10, 0, 0, 9), proto: 1, [8, 0, 0, 0]).trafficClass == .ipv4Broadcast)
        let bgp = classify(dst: T.ip4(10, 0, 0, 2), proto: 6, T.tcp(1000, 179, flags: 0x02))
        #expect(bgp.hasPorts && bgp.destinationPort == 179 && bgp.tcpFlags == 0x02)
    }

    @Test func ipv4ShorterThanItsHeadersIsMalformed() {
        let good = T.ethernet(dst: b, src: a, type: 0x0800, T.ipv4(src: 1, dst: 2, proto: 6, T.tcp(1, 179, flags: 2)))
        #expect(decoder.decode(good).trafficClass == .ipv4Unicast)
        #expect(decoder.decode(Array(good.prefix(14 + 19))).trafficClass == .malformed)  // IP header cut
        #expect(decoder.decode(Array(good.prefix(14 + 30))).trafficClass == .malformed)  // TCP header cut
        // Snapped by the capture, not by the sender: the IPv4 header is enough to classify.
        let snapped = decoder.decode(Array(good.prefix(14 + 20 + 20)), wireLength: good.count + 100)
        #expect(snapped.trafficClass == .ipv4Unicast)
        var badIHL = good
        badIHL[14] = 0x44
        #expect(decoder.decode(badIHL).trafficClass == .malformed)
    }

    @Test func ipv6NeighbourDiscoveryAndMulticast() {
        let ll = T.v6([0xFE80, 1])
        let target = T.v6([0x2001, 0x7F8, 2])
        let solicited = T.v6([0xFF02, 1, 0xFF00, 2])
        func make(_ dst: [UInt8], _ next: UInt8, _ payload: [UInt8], dstMAC: UInt64 = 0x3333_0000_0001) -> DecodedFrame {
            decoder.decode(T.ethernet(dst: dstMAC, src: a, type: 0x86DD, T.ipv6(src: ll, dst: dst, next: next, payload)))
        }
        let ns = make(solicited, 58, T.icmpv6(type: 135, body: [0, 0, 0, 0] + target))
        #expect(ns.trafficClass == .ndNS)
        #expect(ns.ndTarget == IPAddress("2001:7f8::2"))
        #expect(make(ll, 58, T.icmpv6(type: 136, body: [0x60, 0, 0, 0] + target)).trafficClass == .ndNA)
        #expect(make(T.v6([0xFF02, 1]), 58, T.icmpv6(type: 134, body: [64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])).trafficClass == .ipv6RA)
        #expect(make(T.v6([0xFF02, 2]), 58, T.icmpv6(type: 133, body: [0, 0, 0, 0])).trafficClass == .ipv6RS)
        #expect(make(solicited, 58, T.icmpv6(type: 135, body: [0, 0, 0, 0])).trafficClass == .malformed)  // no target
        // MLD behind a hop-by-hop header.
        let hbh: [UInt8] = [58, 0, 5, 2, 0, 0, 1, 0]
        let mld = make(T.v6([0xFF02, 0x16]), 0, hbh + T.icmpv6(type: 143, body: [0, 0, 0, 0]))
        #expect(mld.trafficClass == .ipv6Multicast && mld.label == .mld)
        let dhcp6 = make(T.v6([0xFF02, 1, 2]), 17, T.udp(546, 547))
        #expect(dhcp6.trafficClass == .ipv6Multicast && dhcp6.label == .dhcpv6)
        #expect(make(T.v6([0x2001, 0x7F8, 9]), 6, T.tcp(179, 40000, flags: 0x10), dstMAC: b).trafficClass == .ipv6Unicast)
        #expect(make(T.v6([0x2001, 0x7F8, 9]), 6, Array(T.tcp(179, 1, flags: 0x10).prefix(10)), dstMAC: b).trafficClass == .malformed)
    }

    @Test func llcAndSnapProtocols() {
        let stpMAC: UInt64 = 0x0180_C200_0000
        #expect(decoder.decode(T.llc(dst: stpMAC, src: a, dsap: 0x42, ssap: 0x42, [0, 0, 0, 0])).trafficClass == .stp)
        let cisco: UInt64 = 0x0100_0CCC_CCCC
        #expect(decoder.decode(T.snap(dst: cisco, src: a, oui: 0x0C, pid: 0x2000)).trafficClass == .cdp)
        #expect(decoder.decode(T.snap(dst: cisco, src: a, oui: 0x0C, pid: 0x2003)).trafficClass == .vtp)
        #expect(decoder.decode(T.snap(dst: cisco, src: a, oui: 0x0C, pid: 0x2004)).trafficClass == .dtp)
        #expect(decoder.decode(T.snap(dst: cisco, src: a, oui: 0x0C, pid: 0x0111)).trafficClass == .udld)
        #expect(decoder.decode(T.snap(dst: 0x0100_0CCC_CCCD, src: a, oui: 0x0C, pid: 0x010B)).trafficClass == .stp)
        #expect(decoder.decode(T.snap(dst: cisco, src: a, oui: 0x0C, pid: 0x9999)).trafficClass == .otherLLC)
        #expect(decoder.decode(T.llc(dst: b, src: a, dsap: 0xE0, ssap: 0xE0, [1, 2, 3])).trafficClass == .otherLLC)
        // A length field promising more than the frame holds.
        var cut = T.snap(dst: cisco, src: a, oui: 0x0C, pid: 0x2000)
        cut.removeLast(3)
        #expect(decoder.decode(cut).trafficClass == .malformed)
    }

    @Test func ethertypes() {
        #expect(decoder.decode(T.ethernet(dst: 0x0180_C200_000E, src: a, type: 0x88CC, [0, 0])).trafficClass == .lldp)
        #expect(decoder.decode(T.ethernet(dst: 0x0180_C200_0002, src: a, type: 0x8809, [1, 1])).trafficClass == .lacp)
        #expect(decoder.decode(T.ethernet(dst: b, src: a, type: 0x8847, [0, 0, 0, 0])).trafficClass == .otherEthertype)
        #expect(decoder.decode(Array(repeating: 0, count: 13)).trafficClass == .malformed)
        #expect(decoder.decode([]).trafficClass == .malformed)
    }

    @Test func addressesParseAndPrint() {
        #expect(MACAddress("00:0A:95:9d:68:16")?.description == "00:0a:95:9d:68:16")
        #expect(MACAddress("000a.959d.6816") == MACAddress("00-0a-95-9d-68-16"))
        #expect(MACAddress("00:0a:95:9d:68") == nil)
        #expect(MACAddress("zz:0a:95:9d:68:16") == nil)
        #expect(IPAddress("195.69.147.250")?.description == "195.69.147.250")
        #expect(IPAddress("2001:07f8:0001::a500:2906:1")?.description == "2001:7f8:1::a500:2906:1")
        #expect(IPAddress("195.69.147.250")?.isIPv4 == true)
        #expect(IPAddress("not an address") == nil)
    }

    @Test func summaryIsOneLine() {
        let frame = decoder.decode(T.ethernet(dst: bcast, src: a, type: 0x0806, vlans: [10],
            T.arp(op: 1, sha: a, spa: T.ip4(10, 0, 0, 1), tpa: T.ip4(10, 0, 0, 2))))
        #expect(frame.summary == "02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff vlan 10 arp_request who-has 10.0.0.2 tell 10.0.0.1")
        #expect(!frame.summary.contains("\n"))
    }
}
