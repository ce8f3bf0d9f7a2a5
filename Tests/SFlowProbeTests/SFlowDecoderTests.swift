import CaptureTestSupport
import PacketCapture
import Testing
@testable import SFlowProbe

@Suite("sFlow decoder")
struct SFlowDecoderTests {
    typealias B = SFlowDatagramBuilder
    static let memberA: UInt64 = 0x02_00_00_00_00_0A
    static let memberB: UInt64 = 0x02_00_00_00_00_0B

    static var udpFrame: [UInt8] {
        TestFrames.ethernet(dst: memberB, src: memberA, type: 0x0800,
                            TestFrames.ipv4(src: TestFrames.ip4(192, 0, 2, 1), dst: TestFrames.ip4(192, 0, 2, 2), proto: 17,
                                            TestFrames.udp(5000, 53)))
    }

    @Test func datagramHeaderAndFlowSample() throws {
        let frame = Self.udpFrame
        let bytes = B.header(agent: TestFrames.ip4(10, 0, 0, 1), subAgent: 2, sequence: 77, uptime: 123_456, samples: [
            B.flowSample(sequence: 9, source: 0x0000_0011, rate: 512, pool: 9999, drops: 3, input: 5, output: 6, records: [
                B.rawHeader(frame, frameLength: 1518), B.switchRecord(sourceVLAN: 100, destinationVLAN: 100),
            ]),
        ])
        let datagram = try SFlowDecoder().decode(bytes)
        #expect(datagram.agentAddress == IPAddress(ipv4: TestFrames.ip4(10, 0, 0, 1)))
        #expect(datagram.subAgentID == 2)
        #expect(datagram.sequenceNumber == 77)
        #expect(datagram.uptimeMilliseconds == 123_456)
        #expect(datagram.flowSamples.count == 1)
        let sample = try #require(datagram.flowSamples.first)
        #expect(!sample.expanded)
        #expect(sample.sequenceNumber == 9 && sample.sourceIDType == 0 && sample.sourceIDIndex == 0x11)
        #expect(sample.samplingRate == 512 && sample.samplePool == 9999 && sample.drops == 3)
        #expect(sample.inputInterface == 5 && sample.outputInterface == 6)
        #expect(sample.switchVLANs?.source == 100)
        let header = try #require(sample.header)
        #expect(header.frameLength == 1518 && header.stripped == 4 && header.headerLength == UInt32(frame.count))
        #expect(header.isEthernet)
        #expect(header.frame.source == MACAddress(rawValue: Self.memberA))
        #expect(header.frame.destination == MACAddress(rawValue: Self.memberB))
        #expect(header.frame.etherType == 0x0800 && header.frame.ipVersion == 4 && header.frame.ipProtocol == 17)
        #expect(header.frame.destinationPort == 53)
    }

    @Test func expandedFlowSampleWithVLANAndIPv6() throws {
        let frame = TestFrames.ethernet(dst: Self.memberA, src: Self.memberB, type: 0x86DD, vlans: [42],
                                        TestFrames.ipv6(src: TestFrames.v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]),
                                                        dst: TestFrames.v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 2]), next: 6,
                                                        TestFrames.tcp(179, 40000, flags: 0x10)))
        let bytes = B.header6(agent: TestFrames.v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x99]), sequence: 1, samples: [
            B.expandedFlowSample(sourceType: 0, sourceIndex: 70_000, rate: 2048, input: 70_001, output: 70_002, records: [B.rawHeader(frame)]),
        ])
        let datagram = try SFlowDecoder().decode(bytes)
        #expect(datagram.agentAddress.description == "2001:db8::99")
        let sample = try #require(datagram.flowSamples.first)
        #expect(sample.expanded && sample.sourceIDIndex == 70_000 && sample.inputInterface == 70_001 && sample.outputInterface == 70_002)
        let header = try #require(sample.header)
        #expect(header.frame.outerVLAN == 42 && header.frame.etherType == 0x86DD && header.frame.ipVersion == 6)
        #expect(header.frame.ipProtocol == 6)
    }

    @Test func ethernetFrameRecordAndCounters() throws {
        let bytes = B.header(agent: 1, sequence: 1, samples: [
            B.flowSample(rate: 10, records: [B.ethernetRecord(length: 900, source: Self.memberA, destination: Self.memberB, type: 0x0806)]),
            B.counterSample(ifIndex: 12, inOctets: 1 << 40, status: 3, fcsErrors: 17),
            B.element(5, [1, 2, 3, 4]),
            B.element(1 << 12 | 1, [0, 0, 0, 0]),
        ])
        let datagram = try SFlowDecoder().decode(bytes)
        #expect(datagram.otherSamples == 2)
        let ethernet = try #require(datagram.flowSamples.first?.ethernet)
        #expect(ethernet.length == 900 && ethernet.source == Self.memberA && ethernet.destination == Self.memberB && ethernet.etherType == 0x0806)
        let counters = try #require(datagram.counterSamples.first)
        let interface = try #require(counters.interface)
        #expect(interface.index == 12 && interface.type == 6 && interface.speed == 10_000_000_000)
        #expect(interface.inOctets == 1 << 40 && interface.outOctets == 1 << 41 && interface.isOperationallyUp)
        #expect(interface.inUnicastPackets == 10 && interface.inErrors == 14 && interface.outErrors == 24 && interface.promiscuousMode == 2)
        #expect(counters.ethernet?.fcsErrors == 17 && counters.ethernet?.alignmentErrors == 1 && counters.ethernet?.symbolErrors == 13)
    }

    @Test func unknownRecordsAreSkippedByLength() throws {
        let bytes = B.header(agent: 1, sequence: 1, samples: [
            B.flowSample(rate: 10, records: [B.element(1002, [1, 2, 3, 4, 5, 6, 7, 8]), B.rawHeader(Self.udpFrame)]),
        ])
        let sample = try #require(try SFlowDecoder().decode(bytes).flowSamples.first)
        #expect(sample.otherRecords == 1)
        #expect(sample.header?.frame.source == MACAddress(rawValue: Self.memberA))
    }

    @Test func rejectsOtherVersionsAndAddressTypes() {
        var v4 = B.header(agent: 1, sequence: 1, samples: [])
        v4[3] = 4
        #expect(throws: SFlowDecodeError.self) { try SFlowDecoder().decode(v4) }
        #expect((try? SFlowDecoder().decode(v4)) == nil)
        do {
            _ = try SFlowDecoder().decode(v4)
        } catch {
            #expect(error.reason == .unsupportedVersion)
        }
        var badAddress = B.header(agent: 1, sequence: 1, samples: [])
        badAddress[7] = 3
        do {
            _ = try SFlowDecoder().decode(badAddress)
            Issue.record("address type 3 decoded")
        } catch {
            #expect(error.reason == .malformed)
        }
    }

    @Test func everyTruncationOfAHandBuiltDatagramIsRejected() {
        let bytes = B.header(agent: 1, sequence: 1, samples: [
            B.flowSample(rate: 10, records: [B.rawHeader(Self.udpFrame), B.switchRecord(sourceVLAN: 1, destinationVLAN: 1)]),
            B.counterSample(ifIndex: 1, inOctets: 5),
        ])
        #expect((try? SFlowDecoder().decode(bytes)) != nil)
        for length in 0..<bytes.count {
            do {
                _ = try SFlowDecoder().decode(Array(bytes[0..<length]))
                Issue.record("a datagram cut to \(length) of \(bytes.count) bytes decoded")
            } catch {
                #expect(error.reason == .truncated)
            }
        }
    }

    @Test func liesInLengthsAndCountsAreRejected() {
        // A sample announcing more bytes than the datagram holds; a record longer than its sample;
        // a count of samples the datagram cannot hold; a header longer than its record.
        var sampleTooLong = B.header(agent: 1, sequence: 1, samples: [B.flowSample(rate: 1, records: [])])
        sampleTooLong[35] = 0xFF
        var hugeCount = B.header(agent: 1, sequence: 1, samples: [B.flowSample(rate: 1, records: [])])
        hugeCount[24...27] = [0xFF, 0xFF, 0xFF, 0xFF][...]
        let recordTooLong = B.header(agent: 1, sequence: 1, samples: [
            B.element(1, B.u32(1) + B.u32(7) + B.u32(1) + B.u32(1) + B.u32(0) + B.u32(1) + B.u32(2) + B.u32(1) + B.u32(1) + B.u32(400)),
        ])
        let headerTooLong = B.header(agent: 1, sequence: 1, samples: [
            B.flowSample(rate: 1, records: [B.element(1, B.u32(1) + B.u32(64) + B.u32(4) + B.u32(0xFFFF_FFF0))]),
        ])
        let shortCounters = B.header(agent: 1, sequence: 1, samples: [
            B.element(2, B.u32(1) + B.u32(1) + B.u32(1) + B.element(1, [UInt8](repeating: 0, count: 40))),
        ])
        for bytes in [sampleTooLong, hugeCount, recordTooLong, headerTooLong, shortCounters] {
            do {
                _ = try SFlowDecoder().decode(bytes)
                Issue.record("a datagram with a lying length decoded")
            } catch {
                #expect(error.reason == .truncated)
            }
        }
    }
}
