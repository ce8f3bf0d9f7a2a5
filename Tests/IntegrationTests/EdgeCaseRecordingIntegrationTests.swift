import ProcessTestSupport
import Foundation
import Testing

/// A made-up recording served by snmpsim: Counter64 values at and above 2^63, duplicate and
/// empty interface names, a row without 64-bit counters.
@Suite("edge-case recording")
struct EdgeCaseRecordingIntegrationTests {
    static var recordings: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/snmp-edge")
    }

    @Test("poll decodes Counter64 above 2^63 as unsigned and falls back to 32-bit per row")
    func pollDecodesEdgeCases() async throws {
        let simulator = try await SNMPSimulator.start(recordings: Self.recordings)
        defer { simulator.stop() }
        let document = try PollCommandIntegrationTests.poll(
            ["\(simulator.host):\(simulator.port)", "--community", "edge-cases", "--timeout", "10"])
        let byIndex = Dictionary(uniqueKeysWithValues: document.interfaces.map { ($0.index, $0) })
        #expect(byIndex[1]?.counters["in_bytes"] == 9_223_372_036_854_788_153)
        #expect(byIndex[1]?.counters["out_bytes"] == UInt64.max)
        #expect(byIndex[1]?.counter_bits == 64)
        #expect(byIndex[3]?.counter_bits == 32)
        #expect(byIndex[3]?.counters["in_bytes"] == 123_456)
        #expect(byIndex[1]?.alias == "AS64500 Example \"quoted\" \\ name")
    }

    @Test("duplicate and empty names never break the exposition")
    func exposition() async throws {
        let simulator = try await SNMPSimulator.start(recordings: Self.recordings)
        defer { simulator.stop() }
        let agent = try AgentUnderTest("""
            snmp:
              interval: 2s
              timeout: 10s
            switches:
              - name: edge1
                address: \(simulator.host)
                port: \(simulator.port)
                community: edge-cases
            """)
        defer { agent.stop() }
        let text = try await agent.waitForMetrics { $0.contains("ixp_snmp_poll_success{switch=\"edge1\"} 1") }
        #expect(text.contains("ixp_interface_receive_bytes_total{switch=\"edge1\",interface=\"Et1#1\",member_asn=\"64500\"} 9223372036854788096")
                || text.contains("ixp_interface_receive_bytes_total{switch=\"edge1\",interface=\"Et1#1\",member_asn=\"64500\"} 9.223372036854788e+18"),
                "\(text.split(separator: "\n").filter { $0.hasPrefix("ixp_interface_receive_bytes_total") })")
        #expect(text.contains("interface=\"Et1#2\",member_asn=\"65001\""))
        #expect(text.contains("interface=\"ifIndex 3\",member_asn=\"\""))
        #expect(text.contains("ixp_interface_hc_counters{switch=\"edge1\",interface=\"ifIndex 3\",member_asn=\"\"} 0"))
        let file = agent.scratch.appendingPathComponent("scrape.txt")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let lint = try await Subprocess.run("sh", ["-c", "promtool check metrics < '\(file.path)'"])
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
    }
}
