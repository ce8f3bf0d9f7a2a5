import ProcessTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// SNMP under faults: one switch (an snmpsim recording whose counters grow at known rates) is
/// polled through a relay that drops, delays and reorders datagrams, and its responder is
/// killed with SIGKILL mid-poll and started again (its counters and sysUpTime start over, as
/// after a reboot). A second switch, another responder polled directly, runs beside it.
/// The faulty switch's history has gaps and never a rate above what the recording really
/// sends; the direct switch never misses a poll.
@Suite("SNMP faults")
struct SNMPFaultIntegrationTests {
    /// Bytes/s of the recordings' port 1 (`ShardIntegrationTests.recording`): switch 1 is the
    /// faulty one, switch 2 the direct one.
    static let faultyRate = Double(ShardIntegrationTests.rate(1, 1))
    static let directRate = Double(ShardIntegrationTests.rate(2, 1))
    /// ifHighSpeed 1000 Mbit/s, in bytes/s.
    static let linkSpeed = 125_000_000.0
    static let interval = 2.0

    struct Range: Decodable {
        var start: Double
        var step: Double
        var values: [Double?]
    }

    static func range(_ agent: AgentUnderTest, switchName: String, member: Int, start: Double, end: Double) throws -> Range {
        let path = "/api/v1/query_range?name=ixp_interface_receive_bytes_per_second&switch=\(switchName)"
            + "&interface=Ethernet1&member_asn=\(member)&start=\(Int(start))&end=\(Int(end))"
        return try JSONDecoder().decode(Range.self, from: Data(try agent.get(path).utf8))
    }

    @Test("loss, delay, reordering and a responder killed mid-poll: gaps, no rate spike, the direct switch unaffected")
    func lossyAndRestartedResponder() async throws {
        let recordings = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-faults-rec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: recordings, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: recordings) }
        try ShardIntegrationTests.recording(switchNumber: 1, ports: 2)
            .write(to: recordings.appendingPathComponent("faulty.snmprec"), atomically: true, encoding: .utf8)
        try ShardIntegrationTests.recording(switchNumber: 2, ports: 2)
            .write(to: recordings.appendingPathComponent("direct.snmprec"), atomically: true, encoding: .utf8)

        var faulty = try await SNMPSimulator.start(recordings: recordings, only: ["faulty"])
        defer { faulty.stop() }
        let direct = try await SNMPSimulator.start(recordings: recordings, only: ["direct"])
        defer { direct.stop() }
        let relay = try UDPRelay(upstream: faulty.port, seed: 7)
        defer { relay.stop() }
        let faults = (drop: 0.2, delayMax: 0.1, reorder: 0.2)
        try relay.configure(upstream: faulty.port, drop: faults.drop, delayMax: faults.delayMax, reorder: faults.reorder)

        let agent = try AgentUnderTest("""
            snmp: {interval: \(Int(Self.interval))s, timeout: 500ms, retries: 1}
            switches:
              - {name: faulty, address: 127.0.0.1, port: \(relay.port), community: faulty}
              - {name: direct, address: 127.0.0.1, port: \(direct.port), community: direct}
            """)
        defer { agent.stop() }
        let firstRates = "ixp_interface_receive_bytes_per_second"
        _ = try await agent.waitForMetrics(seconds: 60) { text in
            text.contains("ixp_snmp_poll_success{switch=\"direct\"} 1") && text.contains("switch=\"faulty\"")
        }
        let start = Date().timeIntervalSince1970
        var directFailures: [String] = []
        func watch(seconds: Double) async throws {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if let text = try? agent.metrics(), text.contains("ixp_snmp_poll_success{switch=\"direct\"} 0") {
                    directFailures.append(String(format: "%.1f s", Date().timeIntervalSince1970 - start))
                }
                try await Task.sleep(nanoseconds: 250_000_000)
            }
        }

        // Lossy for five polls, then the responder dies without a word mid-poll.
        try await watch(seconds: 5 * Self.interval + 0.7)
        kill(faulty.pid, SIGKILL)
        let killedAt = Date().timeIntervalSince1970
        faulty.stop()
        try await watch(seconds: 3 * Self.interval)
        // A new responder on a new port (counters and sysUpTime start again), still lossy.
        faulty = try await SNMPSimulator.start(recordings: recordings, only: ["faulty"])
        try relay.configure(upstream: faulty.port, drop: faults.drop, delayMax: faults.delayMax, reorder: faults.reorder)
        let restartedAt = Date().timeIntervalSince1970
        try await watch(seconds: 6 * Self.interval)
        // The restart was seen as one (sysUpTime went back), not as a counter that wrapped.
        let metrics = try await agent.waitForMetrics(seconds: 30) { text in
            text.contains("ixp_snmp_counter_discontinuities_total{switch=\"faulty\",reason=\"agent_restarted\"}")
        }
        try await watch(seconds: 2 * Self.interval)
        let end = Date().timeIntervalSince1970

        let statistics = try relay.statistics()
        #expect(statistics.dropped > 0 && statistics.held > 0, "the relay injected no faults: \(statistics)")

        // The faulty switch: gaps while its responder was down; values before and after.
        let faultyRange = try Self.range(agent, switchName: "faulty", member: 64501, start: start, end: end)
        func index(_ time: Double) -> Int { max(0, Int(((time - faultyRange.start) / faultyRange.step).rounded(.down))) }
        let values = faultyRange.values
        let down = values[min(values.count, index(killedAt) + 1)..<min(values.count, index(restartedAt))]
        #expect(!down.isEmpty && down.allSatisfy { $0 == nil }, "known values while the responder was down: \(values)")
        #expect(values[..<min(values.count, index(killedAt))].contains { $0 != nil }, "no value before the kill: \(values)")
        #expect(values[min(values.count, index(restartedAt))...].contains { $0 != nil }, "no value after the restart: \(values)")
        // No spike: every rate within the link speed and close to what the recording sends.
        // The relay's delays (up to 2 × delayMax each way) shift when a counter was read
        // against when its answer arrived, by a few tenths of a second in a 2 s interval.
        let ceiling = Self.faultyRate * 1.5
        let spikes = values.compactMap { $0 }.filter { $0 < 0 || $0 > ceiling || $0 > Self.linkSpeed }
        #expect(spikes.isEmpty, "rates above \(ceiling) B/s (the recording sends \(Self.faultyRate)): \(spikes); all: \(values)")
        let exposed = metrics.split(separator: "\n").filter { $0.hasPrefix(firstRates) && $0.contains("switch=\"faulty\"") }
        for line in exposed {
            let value = Double(line.split(separator: " ").last ?? "") ?? 0
            #expect(value <= ceiling, "exposed rate \(line)")
        }

        // The direct switch: every poll succeeded, and its history has no hole.
        #expect(directFailures.isEmpty, "the direct switch failed a poll at \(directFailures)")
        #expect(!metrics.contains("ixp_snmp_counter_discontinuities_total{switch=\"direct\""),
                "\(metrics.split(separator: "\n").filter { $0.contains("discontinuities") })")
        let directRange = try Self.range(agent, switchName: "direct", member: 64503, start: start, end: end)
        let known = directRange.values.indices.filter { directRange.values[$0] != nil }
        let first = try #require(known.first)
        let last = try #require(known.last)
        let holes = (first...last).filter { directRange.values[$0] == nil }
        #expect(holes.isEmpty, "holes in the direct switch's history at steps \(holes): \(directRange.values)")
        #expect(known.count >= Int((end - start) / Self.interval) - 2, "direct: \(known.count) values in \(end - start) s")
        for value in directRange.values.compactMap({ $0 }) {
            #expect(abs(value - Self.directRate) / Self.directRate < 0.5, "direct rate \(value), sent \(Self.directRate)")
        }
    }
}
