import Foundation
import Testing

/// The agent killed with SIGKILL between checkpoints comes back with its history.
@Suite("agent restart", .serialized)
struct AgentRestartIntegrationTests {
    struct Range: Decodable {
        var start: Double
        var step: Double
        var values: [Double?]
        var known: Int { values.compactMap { $0 }.count }
    }

    static func range(port: Int, start: Double, end: Double) throws -> Range {
        let url = "http://127.0.0.1:\(port)/api/v1/query_range?name=ixp_interface_up&switch=sw&interface=lo&member_asn="
            + "&start=\(Int(start))&end=\(Int(end))"
        return try JSONDecoder().decode(Range.self, from: Data(try HTTPGet.text(url).utf8))
    }

    @Test("history survives kill -9 up to the last checkpoint")
    func historySurvivesSIGKILL() async throws {
        let daemon = try await SNMPDaemon.start(users: [.ixuser])
        defer { daemon.stop() }
        let scratch = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-restart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let port = try FreePort.tcp()
        let config = scratch.appendingPathComponent("config.yaml")
        try """
            http:
              listen: 127.0.0.1:\(port)
            state_directory: \(scratch.appendingPathComponent("state").path)
            checkpoint_interval: 2s
            raw_retention: 1h
            snmp:
              interval: 1s
            switches:
              - name: sw
                address: 127.0.0.1
                port: \(daemon.port)
                community: \(daemon.community)
            """.write(to: config, atomically: true, encoding: .utf8)
        let started = Date().timeIntervalSince1970 - 5
        let first = try Subprocess.start(IXPHealthBinary.path, ["run", "--config", config.path],
                                         logFile: scratch.appendingPathComponent("first.log"))
        // Run for a while: about eight polls and three or four checkpoints.
        try await Task.sleep(nanoseconds: 8_300_000_000)
        let beforeKill = try Self.range(port: port, start: started, end: Date().timeIntervalSince1970 + 1)
        let metrics = try HTTPGet.text("http://127.0.0.1:\(port)/metrics")
        #expect(metrics.contains("ixp_store_checkpoints_total"))
        #expect(!metrics.contains("ixp_store_checkpoints_total 0\n"), "checkpoints were written")
        kill(first.pid, SIGKILL)
        first.stop()
        let killedAt = Date().timeIntervalSince1970
        #expect(beforeKill.known >= 6, "polled about once a second: \(beforeKill.known)")

        let second = try Subprocess.start(IXPHealthBinary.path, ["run", "--config", config.path],
                                          logFile: scratch.appendingPathComponent("second.log"))
        defer { second.stop() }
        var afterRestart: Range?
        for _ in 0..<50 {
            try await Task.sleep(nanoseconds: 100_000_000)
            if let range = try? Self.range(port: port, start: started, end: killedAt) {
                afterRestart = range
                break
            }
        }
        let restored = try #require(afterRestart)
        // At most one checkpoint interval (2 s, two polls) plus the poll in flight is lost.
        #expect(restored.known >= beforeKill.known - 3, "before the kill \(beforeKill.known), after the restart \(restored.known)")
        #expect(restored.known <= beforeKill.known)
        let log = try String(contentsOf: scratch.appendingPathComponent("second.log"), encoding: .utf8)
        #expect(!log.contains("Fatal error"))
    }
}
