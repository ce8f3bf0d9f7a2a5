import CaptureTestSupport
import Foundation
import PacketCapture
import Testing
@testable import SFlowProbe

/// Real datagrams exported by pmacctd's sfprobe plugin (Tests/Fixtures/sflow/README.md).
@Suite("sFlow datagrams from pmacct")
struct SFlowFixtureTests {
    static func datagrams() throws -> [[UInt8]] {
        try (0..<8).map { index in
            let path = TestFrames.fixture("sflow/datagram-\(String(format: "%02d", index)).bin")
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        }
    }

    @Test func decodesAsWiresharkDoes() throws {
        let decoded = try Self.datagrams().map { try SFlowDecoder().decode($0) }
        #expect(decoded.map(\.sequenceNumber) == Array(1...8))
        #expect(decoded.allSatisfy { $0.agentAddress.description == "192.0.2.1" && $0.subAgentID == 0 })
        #expect(decoded.map(\.flowSamples.count) == [1, 6, 6, 6, 6, 6, 6, 6])
        #expect(decoded.allSatisfy { $0.counterSamples.isEmpty && $0.otherSamples == 0 })
        let samples = decoded.flatMap(\.flowSamples)
        #expect(samples.allSatisfy { $0.samplingRate == 10 && $0.header?.isEthernet == true && $0.switchVLANs != nil })
        #expect(samples.compactMap(\.header).reduce(0) { $0 + Int($1.frameLength) } == 10_406)
        let a = MACAddress("02:00:5e:10:00:01"), b = MACAddress("02:00:5e:10:00:02")
        #expect(samples.filter { $0.header?.frame.source == a && $0.header?.frame.destination == b }.count == 42)
        let solicitation = try #require(samples.first?.header?.frame)
        #expect(solicitation.source == b && solicitation.ipVersion == 6 && solicitation.icmpv6Type == 133)
    }

    @Test func everyTruncationOfEveryRealDatagramIsRejected() throws {
        let decoder = SFlowDecoder()
        for bytes in try Self.datagrams() {
            for length in 0..<bytes.count {
                do {
                    _ = try decoder.decode(Array(bytes[0..<length]))
                    Issue.record("a \(bytes.count)-byte datagram cut to \(length) bytes decoded")
                } catch {
                    #expect(error.reason == .truncated)
                }
            }
        }
    }

    @Test func corruptedBytesNeverTrap() throws {
        // Every single byte of every datagram set to each of a few values: decoded or rejected, never a crash.
        let decoder = SFlowDecoder()
        var rejected = 0
        for bytes in try Self.datagrams().prefix(2) {
            for index in bytes.indices {
                for value: UInt8 in [0x00, 0x7F, 0xFF] {
                    var copy = bytes
                    copy[index] = value
                    if (try? decoder.decode(copy)) == nil { rejected += 1 }
                }
            }
        }
        #expect(rejected > 0)
    }

    @Test func matrixOfTheFixtures() throws {
        let members = SFlowMemberMap(macs: [
            try #require(MACAddress("02:00:5e:10:00:01")): 64_501, try #require(MACAddress("02:00:5e:10:00:02")): 64_502,
        ])
        var matrix = SFlowTrafficMatrix()
        for bytes in try Self.datagrams() { matrix.add(try SFlowDecoder().decode(bytes), members: members) }
        let pair = try #require(matrix.pairs[SFlowTrafficMatrix.Pair(source: 64_501, destination: 64_502)])
        #expect(pair.packets == 420)
        #expect(matrix.unmatched.packets == 10)
        #expect(pair.bytes + matrix.unmatched.bytes == 104_060)
        #expect(matrix.agents["192.0.2.1"]?.lost == 0)
        #expect(matrix.memberProtocolBytes[64_502]?[SFlowTrafficMatrix.TrafficProtocol.ipv6.rawValue] == matrix.unmatched.bytes)
    }
}
