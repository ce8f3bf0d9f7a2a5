import Foundation
import ProcessTestSupport
import Testing

/// SIGHUP reads the configuration file again: switches added or removed without losing the
/// others' history; a file with an error is refused and the running configuration stays.
@Suite("agent reload")
struct AgentReloadIntegrationTests {
    static func known(_ agent: AgentUnderTest, switch name: String, since start: Double) throws -> Int {
        struct Range: Decodable { var values: [Double?] }
        let path = "/api/v1/query_range?name=ixp_interface_up&switch=\(name)&interface=Et1%231&member_asn=64500"
            + "&start=\(Int(start))&end=\(Int(Date().timeIntervalSince1970) + 1)"
        guard let text = try? agent.get(path), let range = try? JSONDecoder().decode(Range.self, from: Data(text.utf8)) else {
            return 0
        }
        return range.values.compactMap { $0 }.count
    }

    @Test("SIGHUP adds and removes switches, keeps the others' history, and refuses a bad file")
    func sighupReloadsTheSwitches() async throws {
        let simulator = try await SNMPSimulator.start(recordings: EdgeCaseRecordingIntegrationTests.recordings)
        defer { simulator.stop() }
        let state = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let started = Date().timeIntervalSince1970 - 5
        func configuration(_ names: [String]) -> String {
            """
            state_directory: \(state.path)
            raw_retention: 1h
            snmp:
              interval: 1s
              community: edge-cases
            switches:
            """ + names.map { "\n  - name: \($0)\n    address: \(simulator.host)\n    port: \(simulator.port)" }.joined()
        }
        let agent = try AgentUnderTest(configuration(["a"]))
        defer { agent.stop() }
        try await agent.waitForMetrics { $0.contains("ixp_snmp_poll_success{switch=\"a\"} 1") }
        try await Task.sleep(nanoseconds: 2_500_000_000)
        let aFirst = try Self.known(agent, switch: "a", since: started)
        #expect(aFirst >= 1)

        // Add b.
        try agent.rewriteConfiguration(configuration(["a", "b"]))
        agent.send(SIGHUP)
        let both = try await agent.waitForMetrics {
            $0.contains("ixp_snmp_poll_success{switch=\"b\"} 1") && $0.contains("ixp_snmp_poll_success{switch=\"a\"} 1")
        }
        #expect(both.contains("switch=\"a\""))
        try await Task.sleep(nanoseconds: 2_500_000_000)
        let aBefore = try Self.known(agent, switch: "a", since: started)
        #expect(aBefore > aFirst, "a's history goes on across the reload: \(aFirst) then \(aBefore)")
        #expect(try Self.known(agent, switch: "b", since: started) >= 1)

        // A file with an error is refused; both switches go on.
        try agent.rewriteConfiguration(configuration(["a", "b"]) + "\n    interval: soon")
        agent.send(SIGHUP)
        for _ in 0..<100 where !agent.log.contains("configuration reload refused") {
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        #expect(agent.log.contains("configuration reload refused"), "\(agent.log.suffix(1500))")
        #expect(agent.log.contains("expected a duration"), "the refusal names the error")
        #expect(agent.isRunning)
        let bBefore = try Self.known(agent, switch: "b", since: started)
        try await Task.sleep(nanoseconds: 2_500_000_000)
        #expect(try Self.known(agent, switch: "b", since: started) > bBefore, "b still polled after the refused reload")

        // Remove a: it leaves /metrics, its history stays, b goes on.
        try agent.rewriteConfiguration(configuration(["b"]))
        agent.send(SIGHUP)
        let onlyB = try await agent.waitForMetrics { !$0.contains("ixp_snmp_poll_success{switch=\"a\"}") }
        #expect(onlyB.contains("ixp_snmp_poll_success{switch=\"b\"}"))
        #expect(try Self.known(agent, switch: "a", since: started) >= aBefore, "a's history is kept")
        #expect(agent.isRunning)
        #expect(!agent.log.contains("Fatal error"))
    }
}
