import ProcessTestSupport
import Foundation
import Testing

/// The running agent against one good switch and seven bad ones: each bad one gets a clear
/// error in the log and `ixp_snmp_poll_success 0`, the good one keeps being polled, and the
/// process keeps running.
@Suite("agent with broken targets")
struct AgentBadTargetsIntegrationTests {
    static var fakeAgentScript: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("FakeAgent/fake_snmp_agent.py").path
    }

    @Test("unreachable, wrong community, wrong v3 password, noSuchObject, endOfMibView, non-increasing, truncated")
    func eachBadTargetFailsAloneAndTheAgentKeepsRunning() async throws {
        let daemon = try await SNMPDaemon.start(users: [.ixuser])
        defer { daemon.stop() }
        let scratch = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-agent-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        var fakes: [ServerProcess] = []
        defer { for fake in fakes { fake.stop(grace: 0.5) } }
        var fakePorts: [String: Int] = [:]
        for mode in ["nosuchobject", "endofmib", "nonincreasing", "truncated"] {
            let port = try FreePort.udp()
            fakes.append(try Subprocess.start("python3", [Self.fakeAgentScript, "--port", "\(port)", "--mode", mode],
                                              logFile: scratch.appendingPathComponent("fake-\(mode).log")))
            fakePorts[mode] = port
        }
        let unreachable = try FreePort.udp()
        var yaml = """
            snmp:
              community: public
              interval: 2s
              timeout: 400ms
              retries: 0
            switches:
              - name: good
                address: 127.0.0.1
                port: \(daemon.port)
                community: \(daemon.community)
              - name: unreachable
                address: 127.0.0.1
                port: \(unreachable)
              - name: wrong-community
                address: 127.0.0.1
                port: \(daemon.port)
                community: not-the-community
              - name: wrong-v3-password
                address: 127.0.0.1
                port: \(daemon.port)
                version: 3
                user: ixuser
                auth_protocol: SHA-256
                auth_password: wrongpass123
                priv_protocol: AES
                priv_password: privpass123

            """
        for (mode, port) in fakePorts.sorted(by: { $0.key < $1.key }) {
            yaml += "  - name: fake-\(mode)\n    address: 127.0.0.1\n    port: \(port)\n"
        }
        let agent = try AgentUnderTest(yaml)
        defer { agent.stop() }
        let check = try await IXPHealthBinary.run(["check-config", agent.config.path])
        #expect(check.status == 0, "\(check.stderr)")

        // Every target polled at least twice.
        try await agent.waitForMetrics {
            $0.contains("ixp_snmp_poll_success{switch=\"good\"} 1") && $0.components(separatedBy: "ixp_snmp_poll_success{").count == 9
        }
        try await Task.sleep(nanoseconds: 4_500_000_000)
        let metrics = try agent.metrics()
        #expect(agent.isRunning, "the agent must survive every bad target")
        #expect(metrics.contains("ixp_snmp_poll_success{switch=\"good\"} 1"))
        #expect(metrics.contains("ixp_interface_receive_bytes_total{switch=\"good\",interface=\"lo\""))
        let bad = ["unreachable", "wrong-community", "wrong-v3-password", "fake-nosuchobject", "fake-endofmib",
                   "fake-nonincreasing", "fake-truncated"]
        for name in bad {
            #expect(metrics.contains("ixp_snmp_poll_success{switch=\"\(name)\"} 0"), "\(name)")
            #expect(!metrics.contains("ixp_interface_up{switch=\"\(name)\""), "no interface metrics for \(name)")
        }
        let runs = metrics.split(separator: "\n").first { $0.hasPrefix("ixp_snmp_last_success_timestamp_seconds{switch=\"good\"}") }
        #expect(runs != nil)

        let logText = agent.log
        let expectations: [(String, String)] = [
            ("unreachable", "no response"),
            ("wrong-community", "no response"),
            ("wrong-v3-password", "usmStatsWrongDigests"),
            ("fake-nosuchobject", "no IF-MIB interface counters"),
            ("fake-endofmib", "no IF-MIB interface counters"),
            ("fake-nonincreasing", "OID not increasing"),
            ("fake-truncated", "truncated"),
        ]
        for (name, words) in expectations {
            let lines = logText.split(separator: "\n").filter { $0.contains("probe=snmp_interfaces/\(name)") || $0.contains("snmp_interfaces/\(name) ") }
            #expect(lines.contains { $0.contains(words) }, "log for \(name) should say '\(words)': \(lines.prefix(2))")
        }
        #expect(!logText.contains("Fatal error"))
    }
}
