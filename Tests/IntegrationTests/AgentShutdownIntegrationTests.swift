import Foundation
import ProcessTestSupport
import Testing

/// SIGTERM stops the agent promptly even while a poll waits on a switch that never answers.
@Suite("agent shutdown")
struct AgentShutdownIntegrationTests {
    @Test("SIGTERM with a silent switch (timeout 120 s, 2 retries) stops in seconds, with the last checkpoint written")
    func sigtermDoesNotWaitForADeadSwitch() async throws {
        let silent = try SilentUDPPort()
        let state = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let agent = try AgentUnderTest("""
            state_directory: \(state.path)
            checkpoint_interval: 1h
            shutdown_timeout: 5s
            snmp:
              community: public
              interval: 60s
              timeout: 120s
              retries: 2
            switches:
              - name: silent
                address: udp:\(silent.host):\(silent.port)
            """)
        defer { agent.stop() }
        // Serving, and the first poll (which starts at once) has gone out to the silent switch.
        try await agent.waitForMetrics { $0.contains("ixp_probe_") || $0.contains("ixp_store_") }
        try await Task.sleep(nanoseconds: 500_000_000)
        #expect(agent.isRunning)

        // Without cancellation the poll holds the stop for 120 s × 3 tries; allow well under that.
        // (The tries are long so that the poll cannot fail on its own first, even when the
        // tests running beside this one delay the signal by a minute, as seen with 20 s tries.)
        let status = try await agent.signalAndWait(SIGTERM, atMost: 15)
        #expect(status == 0, "exit status \(String(describing: status)); log: \(agent.log.suffix(2000))")
        #expect(agent.log.contains("final checkpoint written"), "\(agent.log.suffix(2000))")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: state.path)) ?? []
        #expect(files.contains { !$0.hasPrefix("state.sqlite") }, "store files in the state directory: \(files)")
        #expect(!agent.log.contains("probe failed"), "a poll cut short by the stop is no failure")
        #expect(!agent.log.contains("Fatal error"))
    }
}
