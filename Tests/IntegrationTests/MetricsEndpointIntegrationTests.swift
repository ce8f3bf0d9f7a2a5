import ProcessTestSupport
import Foundation
import Testing

/// `/metrics` of a running agent polling a real snmpd: it passes `promtool check metrics`, and a
/// real Prometheus scrapes it and can query what it scraped.
@Suite("metrics endpoint", .serialized)
struct MetricsEndpointIntegrationTests {
    /// Starts snmpd and the agent polling it every second over v2c and v3, and waits for both polls.
    static func startAgent() async throws -> (SNMPDaemon, AgentUnderTest) {
        let daemon = try await SNMPDaemon.start(users: [.ixuser])
        let agent = try AgentUnderTest("""
            snmp:
              interval: 1s
            switches:
              - name: sw-v2c
                address: 127.0.0.1
                port: \(daemon.port)
                community: \(daemon.community)
              - name: sw-v3
                address: 127.0.0.1
                port: \(daemon.port)
                version: 3
                user: ixuser
                auth_protocol: SHA-256
                auth_password_env: TEST_AUTH
                priv_protocol: AES
                priv_password_env: TEST_PRIV
            """, environment: ["TEST_AUTH": "authpass123", "TEST_PRIV": "privpass123"])
        do {
            try await agent.waitForMetrics {
                $0.contains("ixp_snmp_poll_success{switch=\"sw-v3\"} 1") && $0.contains("ixp_snmp_poll_success{switch=\"sw-v2c\"} 1")
            }
        } catch {
            agent.stop()
            daemon.stop()
            throw error
        }
        return (daemon, agent)
    }

    @Test("the exposition passes promtool check metrics and lists every metric the README names")
    func promtoolAcceptsTheExposition() async throws {
        let (daemon, agent) = try await Self.startAgent()
        defer {
            agent.stop()
            daemon.stop()
        }
        // Two polls at least, so that counters have moved through the tracker.
        try await Task.sleep(nanoseconds: 2_200_000_000)
        let text = try agent.metrics()
        let file = agent.scratch.appendingPathComponent("scrape.txt")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let lint = try Subprocess.run("sh", ["-c", "promtool check metrics < '\(file.path)'"])
        #expect(lint.status == 0, "promtool: \(lint.stdout) \(lint.stderr)")

        for name in ["ixp_interface_receive_bytes_total", "ixp_interface_transmit_bytes_total",
                     "ixp_interface_receive_packets_total", "ixp_interface_transmit_packets_total",
                     "ixp_interface_receive_errors_total", "ixp_interface_transmit_errors_total",
                     "ixp_interface_receive_discards_total", "ixp_interface_transmit_discards_total",
                     "ixp_interface_up", "ixp_interface_speed_bytes", "ixp_snmp_poll_duration_seconds",
                     "ixp_snmp_poll_success", "ixp_snmp_last_success_timestamp_seconds",
                     "ixp_probe_duration_seconds", "ixp_probe_success", "ixp_probe_last_success_timestamp_seconds",
                     "ixp_store_series"] {
            #expect(text.contains("\n# TYPE \(name) "), "\(name) missing")
        }
        #expect(text.contains("ixp_probe_success{kind=\"snmp_interfaces\",name=\"sw-v2c\"} 1"))
        // The store keeps admin status and speed beside oper status, for the detector.
        for name in ["ixp_interface_up", "ixp_interface_admin_up", "ixp_interface_speed_bytes"] {
            let series = try agent.get("/api/v1/series?name=\(name)&switch=sw-v2c")
            #expect(series.contains("\"member_asn\""), "no stored \(name) series: \(series.prefix(300))")
        }
        #expect(text.contains("cast=\"multicast\""))
        #expect(!text.contains("authpass123") && !text.contains("privpass123"), "secrets never exported")
        let log = agent.log
        #expect(!log.contains("authpass123") && !log.contains("privpass123"), "secrets never logged")
    }

    @Test("a real Prometheus scrapes the agent and answers queries over what it scraped")
    func prometheusScrapes() async throws {
        let (daemon, agent) = try await Self.startAgent()
        defer {
            agent.stop()
            daemon.stop()
        }
        let scratch = agent.scratch
        let agentPort = agent.port
        let promPort = try FreePort.tcp()
        let promConfig = scratch.appendingPathComponent("prometheus.yml")
        try """
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: ixp-health
                static_configs:
                  - targets: ["127.0.0.1:\(agentPort)"]
            """.write(to: promConfig, atomically: true, encoding: .utf8)
        let prometheus = try Subprocess.start(
            "prometheus",
            ["--config.file=\(promConfig.path)", "--storage.tsdb.path=\(scratch.appendingPathComponent("tsdb").path)",
             "--web.listen-address=127.0.0.1:\(promPort)"],
            logFile: scratch.appendingPathComponent("prometheus.log"))
        defer { prometheus.stop() }

        var up = ""
        var rate = ""
        for _ in 0..<120 {
            try await Task.sleep(nanoseconds: 250_000_000)
            up = (try? HTTPGet.text("http://127.0.0.1:\(promPort)/api/v1/query?query=ixp_snmp_poll_success")) ?? ""
            rate = (try? HTTPGet.text(
                "http://127.0.0.1:\(promPort)/api/v1/query?query=rate(ixp_interface_receive_bytes_total%7Binterface%3D%22lo%22%7D%5B10s%5D)")) ?? ""
            if up.contains("sw-v3"), rate.contains("\"sw-v2c\"") { break }
        }
        #expect(up.contains("\"switch\":\"sw-v2c\"") && up.contains("\"switch\":\"sw-v3\""), "\(up)")
        #expect(up.contains("\"1\""))
        // SNMP itself runs over lo, so its byte counter moves: the rate is positive.
        #expect(rate.contains("\"sw-v2c\""), "\(rate)")
        let targets = try HTTPGet.text("http://127.0.0.1:\(promPort)/api/v1/targets")
        #expect(targets.contains("\"health\":\"up\""), "\(targets.prefix(600))")
        #expect(!targets.contains("\"lastError\":\"") || targets.contains("\"lastError\":\"\""), "\(targets.prefix(600))")
    }
}
