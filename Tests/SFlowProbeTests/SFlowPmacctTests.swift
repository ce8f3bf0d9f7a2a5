import Foundation
import PacketCapture
import ProcessTestSupport
import Testing
@testable import SFlowProbe

#if canImport(Glibc)
import Glibc
#endif

/// The collector beside pmacct's sfacctd on the same real sFlow stream: pmacctd's sfprobe
/// plugin samples a three-member peering LAN in network namespaces (Lab/pmacct_sflow_lab.py),
/// each datagram goes to both collectors.
private let pmacctLabAvailable = getuid() == 0 && ["ip", "tc", "pmacctd", "sfacctd", "python3"].allSatisfy { Subprocess.which($0) != nil }

@Suite("sFlow against pmacct", .enabled(if: pmacctLabAvailable, "needs root, ip, tc, pmacctd and sfacctd"))
struct SFlowPmacctTests {

    struct LabResult: Decodable {
        struct Sent: Decodable { var src_mac: String; var dst_mac: String; var packets: Double; var udp_payload_bytes: Double }
        struct Pair: Decodable { var src_mac: String; var dst_mac: String; var packets: Double; var bytes: Double }
        var rate: Double
        var datagrams: Int
        var sent: [Sent]
        var sfacctd: [Pair]
    }

    @Test func matrixMatchesSfacctdAndTheTraffic() async throws {
        let members = SFlowMemberMap(macs: [
            try #require(MACAddress("02:00:5e:10:00:01")): 64_501, try #require(MACAddress("02:00:5e:10:00:02")): 64_502,
            try #require(MACAddress("02:00:5e:10:00:03")): 64_503,
        ])
        let probe = SFlowProbe(settings: SFlowSettings(listen: try SFlowListenAddress(parsing: "127.0.0.1:0")))
        probe.setMembers(members)
        try probe.start()
        defer { probe.stop() }
        let port = try #require(probe.boundPort)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Lab/pmacct_sflow_lab.py").path
        // Names with the process id: another test process (another checkout) may run the lab at the same time.
        let prefix = "sf\(getpid() % 100_000)"
        let run = try await Subprocess.run("python3", [script, "--agent-port", String(port), "--prefix", prefix], timeout: 180)
        try #require(run.succeeded, "the lab failed: \(run.stderr)")
        let lab = try JSONDecoder().decode(LabResult.self, from: Data(run.stdout.utf8))
        #expect(lab.datagrams > 10)
        for _ in 0..<300 where probe.totals.decodedDatagrams < Double(lab.datagrams) {
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        let totals = probe.totals
        #expect(totals.decodedDatagrams == Double(lab.datagrams))
        #expect(totals.rejectedDatagrams.values.reduce(0, +) == 0)
        #expect(totals.agents["192.0.2.1"]?.lost == 0)
        func asn(_ mac: String) -> UInt32? { MACAddress(mac).flatMap { members.asn($0.rawValue) } }
        // Same datagrams, same samples: sfacctd's sampled counts times the rate are the matrix, exactly.
        var compared = 0
        for row in lab.sfacctd {
            guard let source = asn(row.src_mac), let destination = asn(row.dst_mac) else { continue }
            let pair = totals.pairs[SFlowTrafficMatrix.Pair(source: source, destination: destination)]
            #expect(pair?.packets == row.packets * lab.rate, "\(row.src_mac) → \(row.dst_mac)")
            #expect(pair?.bytes == row.bytes * lab.rate, "\(row.src_mac) → \(row.dst_mac)")
            compared += 1
        }
        #expect(compared == totals.pairs.count)
        // And both estimate the traffic sent, within sampling error (±25 % is over four standard deviations here).
        for flow in lab.sent {
            let source = try #require(asn(flow.src_mac))
            let destination = try #require(asn(flow.dst_mac))
            let pair = try #require(totals.pairs[SFlowTrafficMatrix.Pair(source: source, destination: destination)])
            let frameBytes = flow.packets * (flow.udp_payload_bytes + 14 + 20 + 8 + 4)
            #expect(abs(pair.packets - flow.packets) <= 0.25 * flow.packets, "\(flow.src_mac) → \(flow.dst_mac): \(pair.packets) of \(flow.packets)")
            #expect(abs(pair.bytes - frameBytes) <= 0.25 * frameBytes)
        }
    }
}
