import Foundation
import Testing

/// The agent killed with SIGKILL between checkpoints comes back with its history.
@Suite("agent restart")
struct AgentRestartIntegrationTests {
    struct Range: Decodable {
        var start: Double
        var step: Double
        var values: [Double?]
        var known: Int { values.compactMap { $0 }.count }
    }

    static func range(_ agent: AgentUnderTest, start: Double, end: Double) throws -> Range {
        let path = "/api/v1/query_range?name=ixp_interface_up&switch=sw&interface=Et1%231&member_asn=64500"
            + "&start=\(Int(start))&end=\(Int(end))"
        return try JSONDecoder().decode(Range.self, from: Data(try agent.get(path).utf8))
    }

    @Test("history survives kill -9 up to the last checkpoint")
    func historySurvivesSIGKILL() async throws {
        // A small recorded switch (three interfaces), so that the store's first full snapshot
        // stays small whatever interfaces the test machine has.
        let simulator = try await SNMPSimulator.start(recordings: EdgeCaseRecordingIntegrationTests.recordings)
        defer { simulator.stop() }
        let state = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let started = Date().timeIntervalSince1970 - 5
        let agent = try AgentUnderTest("""
            state_directory: \(state.path)
            checkpoint_interval: 2s
            raw_retention: 1h
            snmp:
              interval: 1s
            switches:
              - name: sw
                address: \(simulator.host)
                port: \(simulator.port)
                community: edge-cases
            """)
        defer { agent.stop() }
        // Run for a while: about eight polls and three or four checkpoints.
        try await Task.sleep(nanoseconds: 8_300_000_000)
        let windowEnd = Date().timeIntervalSince1970
        let beforeKill = try Self.range(agent, start: started, end: windowEnd)
        let metrics = try agent.metrics()
        #expect(metrics.contains("ixp_store_checkpoints_total"))
        #expect(!metrics.contains("ixp_store_checkpoints_total 0\n"), "checkpoints were written")
        try agent.killAndRestart()
        #expect(beforeKill.known >= 6, "polled about once a second: \(beforeKill.known)")

        var afterRestart: Range?
        for _ in 0..<50 {
            try await Task.sleep(nanoseconds: 100_000_000)
            if let range = try? Self.range(agent, start: started, end: windowEnd) {
                afterRestart = range
                break
            }
        }
        let restored = try #require(afterRestart)
        // At most one checkpoint interval (2 s, two polls) plus the poll in flight is lost.
        #expect(restored.known >= beforeKill.known - 3, "before the kill \(beforeKill.known), after the restart \(restored.known)")
        #expect(restored.known <= beforeKill.known + 1, "a poll in the last second of the window may land after the first query")
        #expect(!agent.log.contains("Fatal error"))
    }
}
