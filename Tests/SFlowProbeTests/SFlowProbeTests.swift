import CaptureTestSupport
import Foundation
import PacketCapture
import ProbeKit
import Testing
import TimeSeries
@testable import SFlowProbe

#if canImport(Glibc)
import Glibc
import IXPCore
#endif

@Suite("sFlow matrix and probe")
struct SFlowProbeTests {
    typealias B = SFlowDatagramBuilder
    static let macs: [UInt64] = [0x02_00_00_00_00_01, 0x02_00_00_00_00_02, 0x02_00_00_00_00_03, 0x02_00_00_00_00_04]
    static let members = SFlowMemberMap(macs: [
        MACAddress(rawValue: macs[0]): 65_001, MACAddress(rawValue: macs[1]): 65_002, MACAddress(rawValue: macs[2]): 65_003,
        MACAddress(rawValue: macs[3]): 65_003,
    ])

    static func frame(_ source: UInt64, _ destination: UInt64, type: UInt16 = 0x0800) -> [UInt8] {
        let payload = type == 0x0806 ? TestFrames.arp(op: 1, sha: source, spa: 1, tpa: 2)
            : TestFrames.ipv4(src: 1, dst: 2, proto: 17, TestFrames.udp(1, 2))
        return TestFrames.ethernet(dst: destination, src: source, type: type, payload)
    }

    static func datagram(sequence: UInt32, agent: UInt32 = 0x0A00_0001, rate: UInt32 = 100,
                         _ frames: [(source: UInt64, destination: UInt64, length: UInt32, type: UInt16)]) -> [UInt8] {
        B.header(agent: agent, sequence: sequence, samples: frames.map { frame in
            B.flowSample(rate: rate, records: [B.rawHeader(Self.frame(frame.source, frame.destination, type: frame.type), frameLength: frame.length)])
        })
    }

    @Test func pairsAreScaledBySamplingRateAndMappedToMembers() throws {
        var matrix = SFlowTrafficMatrix()
        let bytes = Self.datagram(sequence: 1, [
            (Self.macs[0], Self.macs[1], 1000, 0x0800), (Self.macs[0], Self.macs[1], 500, 0x86DD),
            (Self.macs[1], Self.macs[3], 100, 0x0800), (Self.macs[0], 0xFFFF_FFFF_FFFF, 64, 0x0806),
            (0x0A_0A_0A_0A_0A_0A, Self.macs[0], 200, 0x0800),
        ])
        matrix.add(try SFlowDecoder().decode(bytes), members: Self.members)
        #expect(matrix.pairs[.init(source: 65_001, destination: 65_002)] == .init(bytes: 150_000, packets: 200))
        // Two MACs of one member count as that member.
        #expect(matrix.pairs[.init(source: 65_002, destination: 65_003)] == .init(bytes: 10_000, packets: 100))
        #expect(matrix.pairs.count == 2)
        #expect(matrix.unmatched == .init(bytes: 26_400, packets: 200))
        let mix = try #require(matrix.memberProtocolBytes[65_001])
        #expect(mix == [100_000, 50_000, 6_400, 0])
        #expect(matrix.memberReceivedBytes[65_002] == 150_000 && matrix.memberReceivedBytes[65_001] == nil)
        #expect(matrix.flowSamples == 5 && matrix.decodedDatagrams == 1)
    }

    @Test func sequenceGapsCountLostDatagramsPerAgent() throws {
        var matrix = SFlowTrafficMatrix()
        for sequence: UInt32 in [1, 2, 5, 6, 3, 10] {
            matrix.add(try SFlowDecoder().decode(Self.datagram(sequence: sequence, [])), members: .empty)
        }
        matrix.add(try SFlowDecoder().decode(Self.datagram(sequence: 7, agent: 0x0A00_0002, [])), members: .empty)
        // 3 and 4 missing after 2; a step back to 3 restarts; 4..9 missing before 10.
        #expect(matrix.agents["10.0.0.1"]?.lost == 8)
        #expect(matrix.agents["10.0.0.1"]?.received == 6)
        #expect(matrix.agents["10.0.0.2"]?.lost == 0)
    }

    @Test func pairCountIsBounded() throws {
        var matrix = SFlowTrafficMatrix(maximumPairs: 1)
        matrix.add(try SFlowDecoder().decode(Self.datagram(sequence: 1, rate: 1, [
            (Self.macs[0], Self.macs[1], 100, 0x0800), (Self.macs[1], Self.macs[0], 50, 0x0800), (Self.macs[0], Self.macs[1], 100, 0x0800),
        ])), members: Self.members)
        #expect(matrix.pairs.count == 1)
        #expect(matrix.overflow.bytes == 50)
        #expect(matrix.memberBytes == 250)
    }

    @Test func exportListsTopPairsAndOtherAddsUp() throws {
        var matrix = SFlowTrafficMatrix()
        var export = SFlowPairExport(limit: 2, idleSeconds: 3600)
        func add(_ frames: [(UInt64, UInt64, UInt32)], sequence: UInt32) throws {
            matrix.add(try SFlowDecoder().decode(Self.datagram(sequence: sequence, rate: 1, frames.map { ($0.0, $0.1, $0.2, 0x0800) })),
                       members: Self.members)
        }
        try add([(Self.macs[0], Self.macs[1], 1000), (Self.macs[1], Self.macs[2], 500), (Self.macs[2], Self.macs[0], 100)], sequence: 1)
        let first = export.export(matrix, members: [65_001, 65_002, 65_003], at: 1000)
        #expect(first.samples.isEmpty)
        let labels = first.pairBytes.samples.map { "\($0.labels[0].value)>\($0.labels[1].value)" }
        #expect(labels == ["65001>65002", "65002>65003", "other>other"])
        // Listed pairs count from their listing; what came before counts in other.
        #expect(first.pairBytes.samples.map(\.value) == [0, 0, 1600])
        try add([(Self.macs[0], Self.macs[1], 1000), (Self.macs[2], Self.macs[0], 300)], sequence: 2)
        let second = export.export(matrix, members: [65_001, 65_002, 65_003], at: 1010)
        #expect(second.pairBytes.samples.map(\.value) == [1000, 0, 1900])
        #expect(second.pairBytes.samples.reduce(0) { $0 + $1.value } == matrix.memberBytes)
        let rates = Dictionary(uniqueKeysWithValues: second.samples.map { ($0.key.description, $0.value) })
        #expect(rates[SeriesKey(name: StoreSeries.sflowPairBytes, labels: ["src_asn": "65001", "dst_asn": "65002"]).description] == 100)
        #expect(rates[SeriesKey(name: StoreSeries.sflowPairBytes, labels: ["src_asn": "other", "dst_asn": "other"]).description] == 30)
        #expect(rates[SeriesKey(name: StoreSeries.sflowMemberSent, labels: ["member_asn": "65003"]).description] == 30)
        #expect(rates[SeriesKey(name: StoreSeries.sflowMemberReceived, labels: ["member_asn": "65002"]).description] == 100)
        #expect(rates[SeriesKey(name: StoreSeries.sflowMemberSent, labels: ["member_asn": "65002"]).description] == 0)
        // An idle listed pair gives its place up; other does not jump, nothing is counted twice.
        try add([(Self.macs[0], Self.macs[1], 10), (Self.macs[2], Self.macs[0], 5)], sequence: 3)
        let third = export.export(matrix, members: [], at: 5000)
        #expect(third.pairBytes.samples.map { $0.labels[0].value } == ["65001", "65003", "other"])
        #expect(third.pairBytes.samples.reduce(0) { $0 + $1.value } == matrix.memberBytes)
        #expect(third.pairBytes.samples.last?.value == 1905)
    }

    @Test func exportGivesTheExchangeWideProtocolRates() throws {
        var matrix = SFlowTrafficMatrix()
        var export = SFlowPairExport(limit: 2, idleSeconds: 3600)
        matrix.add(try SFlowDecoder().decode(Self.datagram(sequence: 1, rate: 1, [(Self.macs[0], Self.macs[1], 500, 0x0800)])),
                   members: Self.members)
        _ = export.export(matrix, members: [65_001, 65_002], at: 1000)
        matrix.add(try SFlowDecoder().decode(Self.datagram(sequence: 2, rate: 1, [
            (Self.macs[0], Self.macs[1], 300, 0x0800), (Self.macs[1], Self.macs[0], 100, 0x86DD),
        ])), members: Self.members)
        let second = export.export(matrix, members: [65_001, 65_002], at: 1010)
        let rates = Dictionary(uniqueKeysWithValues: second.samples.map { ($0.key.description, $0.value) })
        func rate(_ family: String) -> Double? {
            rates[SeriesKey(name: StoreSeries.sflowProtocolBytes, labels: ["protocol": family]).description]
        }
        // Only what was sent since the previous export: 300 bytes of IPv4, 100 of IPv6 in 10 s.
        #expect(rate("ipv4") == 30)
        #expect(rate("ipv6") == 10)
        #expect(rate("arp") == 0)
    }

    @Test func configurationParsesAndRejects() throws {
        let kind = SingleSectionProbeKind<SFlowSettings>()
        let context = ProbeConfigurationContext(file: "agent.yaml")
        func parse(_ yaml: String) throws(ConfigurationError) -> SFlowSettings? {
            guard let top = try YAMLConfigNode.parse(yaml, file: "agent.yaml") else { return nil }
            let mapping = try top.mapping(allowed: ["sflow"])
            return try kind.settings(from: mapping, context: context) as? SFlowSettings
        }
        let settings = try #require(try parse("sflow: {listen: \"192.0.2.10:6343\", top_pairs: 20}"))
        #expect(settings.listen.description == "192.0.2.10:6343" && settings.topPairs == 20)
        #expect(try parse("sflow: {listen: \"[::]:6343\"}")?.listen.isIPv6 == true)
        for bad in ["sflow: {}", "sflow: {listen: \"6343\"}", "sflow: {listen: \"host.example:6343\"}", "sflow: {listen: \"0.0.0.0:70000\"}",
                    "sflow: {listen: \"0.0.0.0:6343\", top_pairs: 0}", "sflow: {listen: \"0.0.0.0:6343\", bogus: 1}"] {
            #expect(throws: ConfigurationError.self) { _ = try parse(bad) }
        }
    }

    @Test func listensOnUDPAndCountsWhatArrives() async throws {
        var settings = SFlowSettings(listen: try SFlowListenAddress(parsing: "127.0.0.1:0"))
        settings.interval = 1
        let probe = SFlowProbe(settings: settings)
        try probe.start()
        defer { probe.stop() }
        let port = try #require(probe.boundPort)
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let payloads = [Self.datagram(sequence: 1, [(Self.macs[0], Self.macs[1], 100, 0x0800)]), [0, 0, 0, 5, 0, 0], [0, 0, 0, 4]]
        for payload in payloads {
            _ = payload.withUnsafeBytes { bytes in
                withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(fd, bytes.baseAddress, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
        }
        for _ in 0..<500 {
            let totals = probe.totals
            if totals.decodedDatagrams + totals.rejectedDatagrams.values.reduce(0, +) >= 3 { break }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        let output = try await probe.collect(at: 100)
        let datagrams = try #require(output.metrics.first { $0.name == "ixp_sflow_datagrams_total" })
        let byResult = Dictionary(uniqueKeysWithValues: datagrams.samples.map { ($0.labels[0].value, $0.value) })
        #expect(byResult == ["decoded": 1, "truncated": 1, "unsupported_version": 1, "malformed": 0])
        #expect(output.metrics.contains { $0.name == "ixp_sflow_member_pair_bytes_total" })
        #expect(output.metrics.first { $0.name == "ixp_sflow_samples_total" }?.samples.first?.value == 1)
    }
}
