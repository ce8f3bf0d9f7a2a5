import CaptureTestSupport
import Foundation
import Testing
@testable import PacketCapture

private typealias T = TestFrames

/// The fixtures' frame counts per class, agreeing with Wireshark (Tests/Fixtures/pcap/MANIFEST.md,
/// checked with `tshark -r FILE -q -z io,phs`).
private let expected: [(String, [TrafficClass: Int], vlanTagged: Int)] = [
    ("802.1D_spanning_tree.pcap", [.stp: 14], 0),
    ("3560_CDP.pcap", [.cdp: 3], 0),
    ("LLDP_and_CDP.pcap", [.lldp: 8, .cdp: 4], 0),
    ("LACP.pcap", [.lacp: 20], 0),
    ("IGMP_V2.pcap", [.ipv4Multicast: 18], 0),
    // 30 OSPF frames: 16 to 224.0.0.5/6, 14 unicast (database exchange between neighbours).
    ("OSPFv2_Capture_FINAL.pcapng", [.ipv4Multicast: 16, .ipv4Unicast: 14], 0),
    ("icmpv6-ra-pref64.pcap", [.ipv6RA: 4], 0),
    ("802.1ad_QinQ.pcap", [.arpRequest: 1, .arpReply: 1], 2),
    ("arp-too-long-tha.pcap", [.malformed: 1], 1),
    ("vrrp.pcap", [.ipv4Multicast: 101, .ipv6Multicast: 64], 0),
    ("ripv1v2.pcap", [.ipv4Broadcast: 2, .ipv4Multicast: 2], 0),
]

private func classify(_ path: String) throws -> (counts: [TrafficClass: Int], labels: [ProtocolLabel: Int], vlan: Int, frames: [[UInt8]]) {
    let capture = try OfflineCapture(path: path)
    var counts: [TrafficClass: Int] = [:]
    var labels: [ProtocolLabel: Int] = [:]
    var vlan = 0
    try capture.forEachFrame(decoder: FrameDecoder()) { _, frame in
        counts[frame.trafficClass, default: 0] += 1
        labels[frame.label, default: 0] += 1
        if frame.vlanTags > 0 { vlan += 1 }
    }
    return (counts, labels, vlan, [])
}

@Suite struct OfflineCaptureTests {
    @Test(arguments: expected.map(\.0))
    func fixtureClassesAgreeWithWireshark(_ name: String) throws {
        guard let entry = expected.first(where: { $0.0 == name }) else { return }
        let result = try classify(T.pcapFixture(name))
        #expect(result.counts == entry.1, "\(name)")
        #expect(result.vlan == entry.vlanTagged, "\(name)")
    }

    @Test func protocolLabelsAgreeWithWireshark() throws {
        #expect(try classify(T.pcapFixture("IGMP_V2.pcap")).labels[.igmp] == 18)
        #expect(try classify(T.pcapFixture("OSPFv2_Capture_FINAL.pcapng")).labels[.ospf] == 30)
        #expect(try classify(T.pcapFixture("vrrp.pcap")).labels[.vrrp] == 165)
        #expect(try classify(T.pcapFixture("ripv1v2.pcap")).labels[.rip] == 4)
    }

    @Test func everyTruncationOfEveryFixtureFrameDecodes() throws {
        // Each prefix of each real frame must decode without trapping, as a class whose
        // headers fit in the prefix; the full frame keeps its class.
        let decoder = FrameDecoder()
        var frames: [[UInt8]] = []
        for (name, _, _) in expected {
            let capture = try OfflineCapture(path: T.pcapFixture(name))
            try capture.forEachRawFrameForTesting { frames.append($0) }
        }
        #expect(frames.count == 273)
        var decoded = 0
        for frame in frames {
            for length in 0...frame.count {
                let prefix = Array(frame.prefix(length))
                let result = decoder.decode(prefix)
                if length < 14 { #expect(result.trafficClass == .malformed) }
                _ = decoder.decode(prefix, wireLength: frame.count)  // as if snapped
                decoded += 1
            }
        }
        #expect(decoded > 273 * 14)
    }

    @Test func unsupportedLinkTypeIsAClearError() throws {
        let path = try T.temporaryFile(T.pcapFile([[0x45, 0, 0, 20]], linkType: 101), name: "raw.pcap")
        defer { unlink(path) }
        #expect {
            _ = try OfflineCapture(path: path)
        } throws: { error in
            guard let error = error as? CaptureError else { return false }
            return error.kind == .unsupportedLinkType && error.message.contains("unsupported link type")
                && error.message.contains(path)
        }
    }

    @Test func truncatedFileIsAClearErrorAfterTheGoodFrames() throws {
        let frames = (0..<3).map { _ in T.ethernet(dst: 1, src: 2, type: 0x88CC, [0, 0, 0, 0]) }
        let bytes = T.pcapFile(frames)
        let path = try T.temporaryFile(Array(bytes.dropLast(5)), name: "cut.pcap")
        defer { unlink(path) }
        let capture = try OfflineCapture(path: path)
        var seen = 0
        #expect {
            try capture.forEachFrame(decoder: FrameDecoder()) { _, _ in seen += 1 }
        } throws: { error in
            (error as? CaptureError)?.kind == .read && "\(error)".contains("truncated")
        }
        #expect(seen == 2)
    }

    @Test func unreadableFilesAreClearErrors() throws {
        #expect(throws: CaptureError.self) { _ = try OfflineCapture(path: "/nonexistent/capture.pcap") }
        let path = try T.temporaryFile(Array("not a capture at all".utf8), name: "text.pcap")
        defer { unlink(path) }
        #expect {
            _ = try OfflineCapture(path: path)
        } throws: { error in
            (error as? CaptureError)?.kind == .open && "\(error)".contains(path)
        }
    }

    @Test func timestampsAndLengths() throws {
        let frames = [T.ethernet(dst: 1, src: 2, type: 0x88CC, [0, 0, 0, 0])]
        let path = try T.temporaryFile(T.pcapFile(frames, start: 1_700_000_000), name: "ts.pcap")
        defer { unlink(path) }
        var headers: [FrameHeader] = []
        try OfflineCapture(path: path).forEachFrame(decoder: FrameDecoder()) { header, _ in headers.append(header) }
        #expect(headers == [FrameHeader(timestampNanoseconds: 1_700_000_000_000_000_000, capturedLength: 18, wireLength: 18)])
    }
}
