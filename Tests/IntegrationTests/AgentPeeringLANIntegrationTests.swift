import CaptureTestSupport
import Foundation
import Testing

/// The running agent with a `peering_lan:` capture: spanning tree replayed onto a veth pair
/// (one end in a namespace this test makes) shows up in `/metrics` once its minute closes.
@Suite("agent peering-LAN capture", .serialized, .enabled(if: ReplayLink.isAvailable, "needs root, ip and tcpreplay"))
struct AgentPeeringLANIntegrationTests {
    @Test("replayed STP frames are counted per class and raise the critical stp violation")
    func spanningTreeReachesMetrics() async throws {
        let link = try ReplayLink(prefix: "agt")
        defer { link.remove() }
        let outside = link.outside

        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let agent = try AgentUnderTest("""
            peering_lan:
              interface: \(outside)
              probe_definition: \(repository.appendingPathComponent("Probes/peering-lan.yaml").path)
              interval: 1s
            """)
        defer { agent.stop() }
        try await agent.waitForMetrics(seconds: 60) { $0.contains("ixp_lan_probe_poll_success{interface=\"\(outside)\"} 1") }
        #expect(link.replay(TestFrames.pcapFixture("802.1D_spanning_tree.pcap")) == 0)

        // Counts are published per closed minute: wait for the minute of the replay to close.
        let text = try await agent.waitForMetrics(seconds: 75) {
            $0.contains("ixp_lan_frames_total{interface=\"\(outside)\",class=\"stp\"} 14")
        }
        #expect(text.contains("ixp_lan_violations_total{interface=\"\(outside)\",rule=\"stp\",severity=\"critical\"}"), "\(text.split(separator: "\n").filter { $0.contains("violations") })")
        #expect(text.contains("ixp_lan_capture_dropped_frames_total{interface=\"\(outside)\"} 0"))
        #expect(agent.isRunning)
        let history = try agent.get("/api/v1/sum_range?name=ixp_lan_frames_per_minute&class=stp&start=\(Int(Date().timeIntervalSince1970) - 600)")
        #expect(history.contains("14"), "the store has the minute's count: \(history.prefix(300))")
    }
}
