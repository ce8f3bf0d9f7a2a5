import Foundation
import InterfaceProbe
import IXPCore
import ProcessTestSupport
import ProbeKit
import SNMPClient
import SNMPTableProbe
import Testing
import TimeSeries

/// The shipped declarative probes (Probes/*.yaml) against real switch recordings served by
/// snmpsim: each asserts values read from a recording, the rows joined to the switch's
/// interfaces, and the agent running them (metrics, check-config, a finding).
@Suite("SNMP table probes on recordings")
struct SNMPTableProbeIntegrationTests {
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
    static var probesDirectory: String { repository.appendingPathComponent("Probes").path }
    static var tableRecordings: URL { repository.appendingPathComponent("Tests/Fixtures/snmp-tables") }

    /// Runs probe `name` once on the recording `community` of `simulator`, joined to the
    /// recording's interfaces as the agent joins them.
    static func collect(_ name: String, community: String, on simulator: SNMPSimulator) async throws -> ProbeOutput {
        let catalog = try SNMPTableDefinitionCatalog.load(directory: probesDirectory)
        let definition = try #require(catalog.definitions[name])
        let engine = SNMPPollEngine(threads: 1)
        defer { engine.shutdown() }
        let target = SNMPTarget(host: simulator.host, port: simulator.port, credentials: .v2c(community: community),
                                timeout: 10, retries: 1, maxRepetitions: 25, deadline: 120)
        let interfaces = SNMPInterfaceProbe(
            configuration: SNMPInterfaceProbeConfiguration(switchName: "sw", target: target), engine: engine)
        let probe = SNMPTableProbe(
            configuration: SNMPTableProbeConfiguration(switchName: "sw", target: target, interval: 60, definition: definition),
            engine: engine, interfaces: { try await interfaces.tableInterfaces() })
        return try await probe.collect(at: 1_800_000_000)
    }

    /// Whether `value` is within a millionth of `expected` (scaled readings are not exact).
    static func near(_ value: Double?, _ expected: Double) -> Bool {
        value.map { abs($0 - expected) < 1e-6 } ?? false
    }

    static func value(_ output: ProbeOutput, _ name: String, _ labels: [String: String]) -> Double? {
        output.metrics.first { $0.name == name }?.samples.first { sample in
            labels.allSatisfy { label in sample.labels.contains { $0.name == label.key && $0.value == label.value } }
        }?.value
    }

    @Test("optics on Arista: ENTITY-SENSOR mW as dBm, joined to the port by entPhysicalDescr")
    func aristaOptics() async throws {
        let simulator = try await SNMPSimulator.start(only: ["arista-dcs-7150s-52-cl"])
        defer { simulator.stop() }
        let output = try await Self.collect("optics", community: "arista-dcs-7150s-52-cl", on: simulator)
        // entPhySensorValue.100305213 = 4025 (watts, milli, precision 4): 0.4025 mW, −3.95 dBm.
        let rx = try #require(Self.value(output, "ixp_optics_rx_power_dbm", ["switch": "sw", "interface": "Ethernet5", "sensor": "100305213"]))
        #expect(abs(rx - (-3.95234)) < 0.00001, "\(rx)")
        let tx = try #require(Self.value(output, "ixp_optics_tx_power_dbm", ["interface": "Ethernet5"]))
        #expect(abs(tx - 10 * log10(0.6015)) < 1e-9)
        // Ethernet50 receives 0.0004 mW: −34 dBm, a dark fibre.
        let dark = try #require(Self.value(output, "ixp_optics_rx_power_dbm", ["interface": "Ethernet50"]))
        #expect(abs(dark - (-33.98)) < 0.01)
        #expect(Self.value(output, "ixp_optics_temperature_celsius", ["interface": "Ethernet52"]) == 28.7)
        #expect(Self.value(output, "ixp_optics_bias_current_amperes", ["interface": "Ethernet5"]).map { abs($0 - 0.00509) < 1e-12 } == true)
        #expect(output.metrics.first { $0.name == "ixp_optics_rx_power_dbm" }?.samples.count == 9)
        #expect(output.samples.contains { $0.key.name == "ixp_optics_rx_power_dbm" && $0.key[label: "interface"] == "Ethernet5" })
    }

    @Test("switch-health on Arista: HOST-RESOURCES CPU and storage, chassis temperatures")
    func aristaSwitchHealth() async throws {
        let simulator = try await SNMPSimulator.start(only: ["arista-dcs-7150s-52-cl"])
        defer { simulator.stop() }
        let output = try await Self.collect("switch-health", community: "arista-dcs-7150s-52-cl", on: simulator)
        #expect(Self.near(Self.value(output, "ixp_switch_cpu_load_ratio", ["cpu": "1"]), 0.13))
        #expect(Self.value(output, "ixp_switch_storage_used_bytes", ["storage": "1", "description": "RAM"]) == Double(3_132_868 * 1024))
        #expect(Self.value(output, "ixp_switch_storage_size_bytes", ["description": "Flash"]) == Double(386_808 * 4096))
        #expect(Self.value(output, "ixp_switch_temperature_celsius", ["sensor": "100006001", "description": "Cpu temp sensor"]) == 28.2)
        // Transceiver temperatures are the optics probe's, not the chassis'.
        #expect(Self.value(output, "ixp_switch_temperature_celsius", ["sensor": "100305201"]) == nil)
        #expect(output.metrics.first { $0.name == "ixp_switch_fan_info" }?.samples
            .contains { $0.labels.contains { $0 == ("state", "unavailable") } } == true)
    }

    @Test("switch-health on Huawei and Cisco: hwEntityStateTable temperature and threshold, CISCO-ENVMON fans and supplies")
    func huaweiAndCiscoSwitchHealth() async throws {
        let simulator = try await SNMPSimulator.start(only: ["huawei-s5720", "cisco-c3750"])
        defer { simulator.stop() }
        let huawei = try await Self.collect("switch-health", community: "huawei-s5720", on: simulator)
        let board = ["sensor": "67108873", "description": "MPU Board 0"]
        #expect(Self.value(huawei, "ixp_switch_temperature_celsius", board) == 42)
        #expect(Self.value(huawei, "ixp_switch_temperature_threshold_celsius", board) == 56)
        #expect(Self.near(Self.value(huawei, "ixp_switch_cpu_load_ratio", ["cpu": "67108873"]), 0.38))
        let cisco = try await Self.collect("switch-health", community: "cisco-c3750", on: simulator)
        #expect(cisco.metrics.first { $0.name == "ixp_switch_fan_info" }?.samples
            .contains { $0.labels.contains { $0 == ("description", "Switch#1, Fan#1") } && $0.labels.contains { $0 == ("state", "normal") } } == true)
        #expect(cisco.metrics.first { $0.name == "ixp_switch_power_supply_info" }?.samples
            .contains { $0.labels.contains { $0 == ("state", "normal") } } == true)
    }

    @Test("optics, lldp and switch-health on the Juniper MX960: DOM thresholds, neighbours by ifIndex, jnxOperatingTable")
    func juniper() async throws {
        let simulator = try await SNMPSimulator.start(recordings: Self.tableRecordings, only: ["juniper-mx960-12-3r6-6"],
                                                      startTimeout: 180)
        defer { simulator.stop() }
        let optics = try await Self.collect("optics", community: "juniper-mx960-12-3r6-6", on: simulator)
        // jnxDomCurrentTable.611 (xe-1/2/0): rx 754, tx 69 (0.01 dBm), 31 °C, low alarm 299.
        #expect(Self.near(Self.value(optics, "ixp_optics_rx_power_dbm", ["interface": "xe-1/2/0", "sensor": "611"]), 7.54))
        #expect(Self.near(Self.value(optics, "ixp_optics_tx_power_dbm", ["interface": "xe-1/2/0"]), 0.69))
        #expect(Self.value(optics, "ixp_optics_temperature_celsius", ["interface": "xe-1/2/0"]) == 31)
        #expect(Self.near(Self.value(optics, "ixp_optics_rx_power_low_alarm_dbm", ["interface": "xe-1/2/0"]), 2.99))
        #expect(Self.near(Self.value(optics, "ixp_optics_rx_power_low_warning_dbm", ["interface": "xe-1/2/0"]), 4.0))
        // Ports without diagnostics (all thresholds 0) give readings but no thresholds.
        #expect(optics.metrics.first { $0.name == "ixp_optics_rx_power_dbm" }?.samples.count == 16)
        #expect(optics.metrics.first { $0.name == "ixp_optics_rx_power_low_alarm_dbm" }?.samples.count ?? 0 < 16)

        let lldp = try await Self.collect("lldp", community: "juniper-mx960-12-3r6-6", on: simulator)
        let neighbours = try #require(lldp.metrics.first { $0.name == "ixp_lldp_neighbor_info" })
        #expect(neighbours.samples.count == 13)
        let onPort = try #require(neighbours.samples.first { $0.labels.contains { $0 == ("interface", "xe-1/2/0") } })
        #expect(onPort.labels.contains { $0 == ("neighbor_chassis_id", "a8:d0:e5:f5:af:c0") })
        #expect(onPort.labels.contains { $0 == ("neighbor_system_name", "re0-SNNU-CA-CORE-1") })
        #expect(onPort.labels.contains { $0 == ("neighbor_port_id", "628") })
        #expect(onPort.labels.contains { $0 == ("local_port", "611") })

        let health = try await Self.collect("switch-health", community: "juniper-mx960-12-3r6-6", on: simulator)
        #expect(Self.value(health, "ixp_switch_temperature_celsius", ["sensor": "2.1.0.0", "description": "PEM 0"]) == 35)
        #expect(health.metrics.first { $0.name == "ixp_switch_fan_info" }?.samples.isEmpty == false)
        #expect(health.metrics.first { $0.name == "ixp_switch_power_supply_info" }?.samples
            .contains { $0.labels.contains { $0 == ("description", "PEM 0") } } == true)
    }

    @Test("lldp on the Cisco Nexus 5000: neighbours joined to Ethernet ports by ifIndex")
    func nexusLLDP() async throws {
        let simulator = try await SNMPSimulator.start(recordings: Self.tableRecordings, only: ["cisco-n5000-uk9"], startTimeout: 180)
        defer { simulator.stop() }
        let lldp = try await Self.collect("lldp", community: "cisco-n5000-uk9", on: simulator)
        let neighbours = try #require(lldp.metrics.first { $0.name == "ixp_lldp_neighbor_info" })
        #expect(neighbours.samples.count == 11)
        let first = try #require(neighbours.samples.first { $0.labels.contains { $0 == ("local_port", "436207616") } })
        #expect(first.labels.contains { $0 == ("interface", "Ethernet1/1") })
        #expect(first.labels.contains { $0 == ("neighbor_chassis_id", "58:6a:b1:4f:3d:91") })
    }

    @Test("bgp4 on a BGP4-MIB recording: peers by IPv4 index, state, updates")
    func bgp4() async throws {
        let simulator = try await SNMPSimulator.start(recordings: Self.tableRecordings, only: ["bgp4-peers"])
        defer { simulator.stop() }
        let output = try await Self.collect("bgp4", community: "bgp4-peers", on: simulator)
        #expect(Self.value(output, "ixp_bgp_peer_state", ["peer": "192.0.2.1", "peer_asn": "64500"]) == 6)
        #expect(Self.value(output, "ixp_bgp_peer_state", ["peer": "198.51.100.7"]) == 1)
        #expect(Self.value(output, "ixp_bgp_peer_admin_status", ["peer": "198.51.100.7"]) == 1)
        #expect(Self.value(output, "ixp_bgp_peer_in_updates_total", ["peer": "192.0.2.1"]) == 4_294_967_000)
        #expect(Self.value(output, "ixp_bgp_peer_established_seconds", ["peer": "192.0.2.1"]) == 86_400)
        #expect(output.metrics.first { $0.name == "ixp_bgp_peer_info" }?.samples
            .contains { $0.labels.contains { $0 == ("state", "established") } } == true)
    }

    @Test("the agent polls optics from snmpsim, check-config lists the probes, and optics_low_rx appears at /api/v1/findings")
    func agentFinding() async throws {
        let simulator = try await SNMPSimulator.start(only: ["arista-dcs-7150s-52-cl"])
        defer { simulator.stop() }
        let agent = try AgentUnderTest("""
            snmp:
              interval: 5s
              timeout: 10s
              probes_directory: \(Self.probesDirectory)
            switches:
              - name: sw1
                address: \(simulator.host)
                port: \(simulator.port)
                community: arista-dcs-7150s-52-cl
                probes: [if-mib, optics, switch-health]
            detection:
              interval: 10s
            """)
        defer { agent.stop() }
        let check = try await IXPHealthBinary.run(["check-config", agent.config.path])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("probes: if-mib, optics, switch-health"), "\(check.stdout)")

        let metrics = try await agent.waitForMetrics(seconds: 120) { text in
            text.contains("ixp_probe_success{kind=\"snmp_table\",name=\"sw1/optics\"} 1")
                && text.contains("ixp_probe_success{kind=\"snmp_table\",name=\"sw1/switch-health\"} 1")
        }
        #expect(metrics.contains("ixp_optics_rx_power_dbm{switch=\"sw1\",interface=\"Ethernet5\""))
        #expect(metrics.contains("ixp_probe_duration_seconds{kind=\"snmp_table\",name=\"sw1/optics\"}"))
        #expect(metrics.contains("ixp_switch_temperature_celsius{switch=\"sw1\",description=\"Cpu temp sensor\",sensor=\"100006001\"} 28.2"))
        let scrape = agent.scratch.appendingPathComponent("scrape.txt")
        try metrics.write(to: scrape, atomically: true, encoding: .utf8)
        let lint = try await Subprocess.run("sh", ["-c", "promtool check metrics < '\(scrape.path)'"])
        #expect(lint.status == 0, "promtool: \(lint.stdout)\(lint.stderr)")

        var findings = ""
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline {
            findings = (try? agent.get("/api/v1/findings")) ?? ""
            if findings.contains("optics_low_rx|sw1 Ethernet50") { break }
            try await Task.sleep(nanoseconds: 500_000_000)
        }
        #expect(findings.contains("optics_low_rx|sw1 Ethernet50"), "\(findings.prefix(2000))\n\(agent.log.suffix(1500))")
        #expect(!findings.contains("optics_low_rx|sw1 Ethernet5\""))
    }

    @Test("a member port's LLDP neighbour changes while the agent is stopped: lldp_neighbor_changed after the restart")
    func lldpNeighbourChangeAcrossARestart() async throws {
        let simulator = try await SNMPSimulator.start(recordings: Self.tableRecordings, only: ["lldp-before", "lldp-after"])
        defer { simulator.stop() }
        let state = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-table-state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        func configuration(_ community: String) -> String {
            """
            state_directory: \(state.path)
            checkpoint_interval: 1s
            snmp:
              interval: 2s
              timeout: 10s
              probes_directory: \(Self.probesDirectory)
            switches:
              - {name: edge1, address: \(simulator.host), port: \(simulator.port), community: \(community), probes: [lldp]}
            detection:
              interval: 10s
            """
        }
        let agent = try AgentUnderTest(configuration("lldp-before"))
        defer { agent.stop() }
        // With only lldp listed, the probe walks the interface labels itself.
        try await agent.waitForMetrics(seconds: 60) {
            $0.contains("ixp_lldp_neighbor_info{switch=\"edge1\",interface=\"Ethernet1\",member_asn=\"64500\",local_port=\"1\",neighbor_chassis_id=\"02:00:00:00:00:0a\",neighbor_port_id=\"et-0/0/1\",neighbor_system_name=\"router-a\"} 1")
        }
        try await Task.sleep(nanoseconds: 3_000_000_000)  // a probe-state checkpoint (every 1 s) has run
        _ = try await agent.signalAndWait(SIGTERM, atMost: 30)

        try agent.rewriteConfiguration(configuration("lldp-after"))
        try agent.killAndRestart()
        let metrics = try await agent.waitForMetrics(seconds: 60) {
            $0.contains("ixp_lldp_neighbor_change_timestamp_seconds{switch=\"edge1\",interface=\"Ethernet1\",member_asn=\"64500\"")
        }
        #expect(metrics.contains("previous=\"02:00:00:00:00:0a et-0/0/1 router-a\",current=\"02:00:00:00:00:0b et-0/0/1 router-b\""))
        #expect(!metrics.contains("ixp_lldp_neighbor_change_timestamp_seconds{switch=\"edge1\",interface=\"Ethernet2\""))

        var findings = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            findings = (try? agent.get("/api/v1/findings")) ?? ""
            if findings.contains("lldp_neighbor_changed|edge1 Ethernet1") { break }
            try await Task.sleep(nanoseconds: 500_000_000)
        }
        #expect(findings.contains("lldp_neighbor_changed|edge1 Ethernet1"), "\(findings.prefix(2000))\n\(agent.log.suffix(1500))")
        #expect(findings.contains("router-b"))
    }

    @Test("an unknown probe name and a malformed definition are configuration errors with file and line")
    func configurationErrors() throws {
        let scratch = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-table-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let config = scratch.appendingPathComponent("config.yaml")
        try """
            snmp:
              community: public
              probes_directory: \(Self.probesDirectory)
            switches:
              - name: sw1
                address: 127.0.0.1
                probes: [if-mib, opticks]
            """.write(to: config, atomically: true, encoding: .utf8)
        let unknown = try IXPHealthBinary.run(["check-config", config.path])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("config.yaml:7:"), "\(unknown.stderr)")
        #expect(unknown.stderr.contains("unknown probe 'opticks'; available: if-mib, bgp4, lldp, optics, switch-health"), "\(unknown.stderr)")

        let probes = scratch.appendingPathComponent("probes")
        try FileManager.default.createDirectory(at: probes, withIntermediateDirectories: true)
        try """
            probe: broken
            tables:
              - table: t
                oid: 1.3.6.1.4.1.9999.1.1
                index: [i]
                columns:
                  c: {subid: 2, type: counter}
                metrics:
                  - {name: ixp_broken_total, help: Things., type: counter, value: missing}
            """.write(to: probes.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        try """
            snmp:
              community: public
              probes_directory: \(probes.path)
            switches:
              - {name: sw1, address: 127.0.0.1, probes: [broken]}
            """.write(to: config, atomically: true, encoding: .utf8)
        let malformed = try IXPHealthBinary.run(["check-config", config.path])
        #expect(malformed.status == 2)
        #expect(malformed.stderr.contains("broken.yaml:9:"), "\(malformed.stderr)")
        #expect(malformed.stderr.contains("no column missing"), "\(malformed.stderr)")
    }
}
