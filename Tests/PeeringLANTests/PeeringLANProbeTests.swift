import CaptureTestSupport
import Foundation
import IXPCore
import PacketCapture
import ProbeKit
import Testing
@testable import PeeringLAN
import TimeSeries

/// The live probe end to end: a veth pair with one end in a namespace, spanning tree replayed
/// into it, the probe capturing on the other end. Needs root and tcpreplay; skipped otherwise.
@Suite(.enabled(if: ReplayLink.isAvailable, "needs root, ip and tcpreplay"))
struct PeeringLANProbeTests {
    @Test func liveProbeReportsReplayedSpanningTree() async throws {
        let link = try ReplayLink(prefix: "prb")
        defer { link.remove() }
        let outside = link.outside
        let probe = PeeringLANProbe(options: LiveCaptureOptions(interface: outside, timeoutMilliseconds: 50))
        try probe.start()
        let fixture = TestFrames.fixture("pcap/802.1D_spanning_tree.pcap")
        #expect(link.replay(fixture) == 0)
        try await Task.sleep(nanoseconds: 300_000_000)
        probe.stop()
        var report: PeeringLANReport?
        for _ in 0..<100 where report == nil {
            try await Task.sleep(nanoseconds: 20_000_000)
            report = probe.finalReport
        }
        let final = try #require(report)
        #expect(probe.failure == nil)
        #expect(final.byClass["stp"] == 14)
        #expect(final.framesTotal == 14)
        #expect(final.capture.dropped == 0)
        #expect(final.violations.map(\.rule) == ["stp"])
        // Live frames carry capture time; the minute closed at stop is published as a snapshot.
        let output = try await probe.collect(at: Date().timeIntervalSince1970)
        #expect(output.metrics.contains { $0.name == "ixp_lan_frames_total" })
        let stp = output.samples.filter { $0.key.name == "ixp_lan_frames_per_minute" && $0.key.labels.contains { $0.value == "stp" } }
        #expect(stp.map(\.value).reduce(0, +) == 14)
        // Every series and metric names its capture, so that several can run in one agent.
        #expect(output.samples.allSatisfy { $0.key[label: "interface"] == outside })
        #expect(output.metrics.allSatisfy { family in
            family.samples.allSatisfy { $0.labels.first.map { $0.name == "interface" && $0.value == outside } ?? false }
        })
    }
}
