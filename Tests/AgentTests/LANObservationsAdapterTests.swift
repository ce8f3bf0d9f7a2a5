import IXPCore
import PacketCapture
import PeeringLAN
import ProbeKit
import Testing
@testable import Agent

@Suite("LAN observations for the detector")
struct LANObservationsAdapterTests {
    /// A source whose one interval closed at `value.time`: it answers for windows that start before.
    private struct FixedSource: ObservationSource {
        var value: LANObservations
        func observations(since time: Double) -> LANObservations? { time < value.time ? value : nil }
    }

    private let observed = LANObservations(
        interface: "eth1", time: 1_700_000_100, receivedFrames: 1_000, droppedFrames: 12, violations: [
            .init(rule: "stp", severity: .critical, mac: "02:00:00:00:00:01", frames: 2, memberASN: 64501,
                  example: "2023-11-14T22:14:01.000000Z 02:00:00:00:00:01 > 01:80:c2:00:00:00 stp"),
            .init(rule: "cdp", severity: .warning, mac: "02:00:00:00:00:77", frames: 1, memberASN: nil, example: nil),
        ])

    @Test func theDetectorTakesTheFirstSourceWithObservations() {
        let silent = FixedSource(value: LANObservations(interface: "eth0", time: 0, receivedFrames: 0, droppedFrames: 0, violations: []))
        let lan = DetectionService.lanObservations(from: [silent, FixedSource(value: observed)], since: 1_700_000_000)
        #expect(lan?.interface == "eth1" && lan?.violations.count == 2)
        #expect(DetectionService.lanObservations(from: [FixedSource(value: observed)], since: 1_700_000_100) == nil)
        #expect(DetectionService.lanObservations(from: [], since: 0) == nil)
    }

    @Test func everyCaptureFeedsTheDetector() {
        let second = LANObservations(
            interface: "eth2", time: 1_700_000_090, receivedFrames: 500, droppedFrames: 3, violations: [
                .init(rule: "ipv6_ra", severity: .critical, mac: "02:00:00:00:00:09", frames: 4, memberASN: 64509, example: nil),
                .init(rule: "stp", severity: .critical, mac: "02:00:00:00:00:01", frames: 1, memberASN: 64501, example: nil),
            ])
        let lan = DetectionService.lanObservations(from: [FixedSource(value: observed), FixedSource(value: second)],
                                                   since: 1_700_000_000)
        #expect(lan?.interface == "eth1,eth2")
        #expect(lan?.time == 1_700_000_100)
        #expect(lan?.receivedFrames == 1_500 && lan?.droppedFrames == 15)
        #expect(lan?.violations.map(\.rule).sorted() == ["cdp", "ipv6_ra", "stp"])
        #expect(lan?.violations.first { $0.rule == "stp" }?.frames == 3)
    }

    @Test func thePeeringLANProbeIsFoundAsAnObservationSource() {
        let probes: [any Probe] = [PeeringLANProbe(options: LiveCaptureOptions(interface: "eth9"))]
        let sources = probes.compactMap { $0 as? any ObservationSource }
        #expect(sources.count == 1)
        #expect(sources.first?.observations(since: 0) == nil, "no minute closed yet")
    }
}
