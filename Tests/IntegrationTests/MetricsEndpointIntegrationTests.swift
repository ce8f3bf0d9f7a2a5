import ProcessTestSupport
import Foundation
import Testing

/// `/metrics` of a running agent polling a real snmpd: it passes `promtool check metrics`, and a
/// real Prometheus scrapes it and can query what it scraped.
@Suite("metrics endpoint")
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

    @Test("the exposition passes promtool check metrics and lists every metric docs/metrics.md names")
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
        let lint = try await Subprocess.run("sh", ["-c", "promtool check metrics < '\(file.path)'"])
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

    @Test("OpenMetrics passes promtool's OpenMetrics parser, and gzip decodes to the same exposition")
    func openMetricsAndGzip() async throws {
        let (daemon, agent) = try await Self.startAgent()
        defer {
            agent.stop()
            daemon.stop()
        }
        try await Task.sleep(nanoseconds: 2_200_000_000)
        let url = "http://127.0.0.1:\(agent.port)/metrics"
        let scratch = agent.scratch.path
        let accept = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
        let fetched = try await Subprocess.run("sh", ["-c", """
            curl -sS -D '\(scratch)/om.headers' -H 'Accept: \(accept)' -o '\(scratch)/om.txt' '\(url)' && \
            curl -sS -D '\(scratch)/gz.headers' -H 'Accept: \(accept)' -H 'Accept-Encoding: gzip' -o '\(scratch)/om.txt.gz' '\(url)' && \
            curl -sS -H 'Accept-Encoding: gzip' '\(url)' | gzip -dc > '\(scratch)/text-from-gzip.txt'
            """])
        #expect(fetched.status == 0, "\(fetched.stderr)")
        let headers = try String(contentsOfFile: "\(scratch)/om.headers", encoding: .utf8).lowercased()
        #expect(headers.contains("content-type: application/openmetrics-text; version=1.0.0; charset=utf-8"), "\(headers)")
        let gzipHeaders = try String(contentsOfFile: "\(scratch)/gz.headers", encoding: .utf8).lowercased()
        #expect(gzipHeaders.contains("content-encoding: gzip"), "\(gzipHeaders)")
        let openMetrics = try String(contentsOfFile: "\(scratch)/om.txt", encoding: .utf8)
        #expect(openMetrics.hasSuffix("# EOF\n"))
        #expect(openMetrics.contains("\n# TYPE ixp_interface_receive_bytes counter\n# UNIT ixp_interface_receive_bytes bytes\n"))
        #expect(openMetrics.contains("\nixp_store_samples_appended_created "))
        #expect(openMetrics.contains("\nixp_build_info{version=\""))

        // promtool's OpenMetrics parser (the one Prometheus scrapes with) is strict: # EOF last,
        // units a suffix of their family, counters' _total and _created samples. Backfilling
        // needs a timestamp on every sample, so one is added.
        let strict = try await Subprocess.run("sh", ["-c", """
            cd '\(scratch)' && gzip -dc om.txt.gz > om-from-gzip.txt && tail -n 1 om-from-gzip.txt | grep -qx '# EOF' && \
            awk '/^#/ {print; next} {print $0 " 1700000000"}' om.txt > om-stamped.txt && \
            promtool tsdb create-blocks-from openmetrics om-stamped.txt blocks
            """])
        #expect(strict.status == 0, "promtool (OpenMetrics): \(strict.stdout) \(strict.stderr)")

        // `promtool check metrics` lints with the 0.0.4 text parser, which knows no OpenMetrics
        // counter suffixes: it may only complain that `X_total` / `X_created` of a counter family
        // X have no help text of their own. Anything else fails the test.
        let lint = try await Subprocess.run("sh", ["-c", "promtool check metrics < '\(scratch)/om.txt'"])
        let counters = Set(openMetrics.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") && $0.hasSuffix(" counter") }
            .map { String($0.split(separator: " ")[2]) })
        let complaints = (lint.stdout + lint.stderr).split(separator: "\n").filter { !$0.isEmpty }
        let unexpected = complaints.filter { line in
            guard line.hasSuffix(" no help text"), let name = line.split(separator: " ").first else { return true }
            let family = name.hasSuffix("_total") ? name.dropLast(6) : name.hasSuffix("_created") ? name.dropLast(8) : name
            return !counters.contains(String(family))
        }
        #expect(unexpected.isEmpty, "promtool check metrics (OpenMetrics): \(unexpected)")

        // The text format read through gzip passes promtool check metrics as it is.
        let textLint = try await Subprocess.run("sh", ["-c", "promtool check metrics < '\(scratch)/text-from-gzip.txt'"])
        #expect(textLint.status == 0, "promtool: \(textLint.stdout) \(textLint.stderr)")
        let text = try String(contentsOfFile: "\(scratch)/text-from-gzip.txt", encoding: .utf8)
        #expect(text.contains("\n# TYPE ixp_interface_receive_bytes_total counter\n"))
        #expect(!text.contains("_created") && !text.contains("# EOF"))
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
