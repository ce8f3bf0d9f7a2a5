import Members
import HTTPListener
import Agent
import Foundation
import InterfaceProbe
import PacketCapture
import PeeringLAN
import ProbeKit
import SNMPClient
import Testing
import IXPCore
import TimeSeries

extension AgentConfiguration {
    var switches: [SwitchConfiguration] { settings(SNMPInterfaceSettings.self)?.switches ?? [] }
    var peeringLAN: PeeringLANSettings? { settings(PeeringLANSettings.self) }
}

@Suite("Configuration")
struct AgentConfigurationTests {
    @Test func defaultsAndOverrides() throws {
        let text = """
            http:
              listen: "[::]:9999"
            state_directory: /var/lib/ixp-health
            snmp:
              community: public
              interval: 30s
              timeout: 500ms
            switches:
              - name: edge1
                address: 192.0.2.10
              - name: edge2
                address: 2001:db8::2
                port: 1161
                interval: 2m
                community_env: EDGE2_COMMUNITY
                members:
                  Ethernet3: AS64500
            """
        let configuration = try AgentConfiguration.parse(text, file: "t.yaml", environment: ["EDGE2_COMMUNITY": "s3cret"])
        #expect(configuration.http.host == "::")
        #expect(configuration.http.port == 9999)
        #expect(configuration.stateDirectory == "/var/lib/ixp-health")
        #expect(configuration.switches.count == 2)
        let edge1 = configuration.switches[0]
        #expect(edge1.interval == 30)
        #expect(edge1.target.timeout == 0.5)
        #expect(edge1.target.port == 161)
        #expect(edge1.target.credentials == .v2c(community: "public"))
        let edge2 = configuration.switches[1]
        #expect(edge2.interval == 120)
        #expect(edge2.target.port == 1161)
        #expect(edge2.target.credentials == .v2c(community: "s3cret"))
        #expect(edge2.memberMapping.explicit["Ethernet3"] == 64500)
    }

    @Test func switchAddressesInNetSNMPTransportSyntax() throws {
        let text = """
            snmp:
              community: public
            switches:
              - name: a
                address: udp:192.0.2.10:1161
              - name: b
                address: udp6:[2001:db8::2]:1162
              - name: c
                address: "[2001:db8::3]"
                port: 1163
              - name: d
                address: 192.0.2.11:161
                port: 161
              - name: e
                address: udp6:switch-e.example:1164
              - name: f
                address: udp:switch-f.example
              - name: g
                address: "2001:db8::7"
            """
        let switches = try AgentConfiguration.parse(text, file: "t.yaml").switches
        #expect(switches.map(\.target.host) == ["192.0.2.10", "2001:db8::2", "2001:db8::3", "192.0.2.11", "switch-e.example",
                                                "switch-f.example", "2001:db8::7"])
        #expect(switches.map(\.target.port) == [1161, 1162, 1163, 161, 1164, 161, 161])
        // udp6: keeps a host name on IPv6; udp: and no prefix leave it to the lookup.
        #expect(switches.map(\.target.ipv6) == [false, true, true, false, true, false, true])
        #expect(switches[4].target.displayName == "udp6:switch-e.example:1164")
    }

    @Test func snmpV3FromAFileSecret() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ixp-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let secret = directory.appendingPathComponent("priv")
        try "privpass123\n".write(to: secret, atomically: true, encoding: .utf8)
        let text = """
            switches:
              - name: core
                address: 10.0.0.1
                version: 3
                user: ixuser
                auth_protocol: SHA-256
                auth_password: authpass123
                priv_protocol: AES-256
                priv_password_file: \(secret.path)
            """
        let configuration = try AgentConfiguration.parse(text, file: "t.yaml")
        guard case .v3(let user) = configuration.switches.first?.target.credentials else {
            Issue.record("expected SNMPv3")
            return
        }
        #expect(user.securityLevel == "authPriv")
        #expect(user.privacy?.passphrase == "privpass123")
        #expect(user.privacy?.protocol == .aes256)
        #expect(!"\(user)".contains("privpass123"), "secrets never appear in descriptions")
        #expect(!"\(configuration.switches[0].target.credentials)".contains("authpass123"))
    }

    struct BadCase: Sendable, CustomStringConvertible {
        var yaml: String
        var line: Int?
        var column: Int?
        var words: String
        var description: String { words }
    }

    static let badCases: [BadCase] = [
        BadCase(yaml: "peering_lan:\n  - interface: eth1\n  - interface: eth1\n", line: 3, column: 5,
                words: "captured twice"),
        BadCase(yaml: "peering_lan: []\n", line: 1, column: 14, words: "list of captures is empty"),
        BadCase(yaml: "snmp:\n  community: x\nswitches:\n  - name: a\n    address: tcp:10.0.0.1:161\n",
                line: 5, column: 14, words: "write udp:HOST:PORT"),
        BadCase(yaml: "snmp:\n  community: x\nswitches:\n  - name: a\n    address: udp:10.0.0.1:1161\n    port: 161\n",
                line: 5, column: 14, words: "give the port once"),
        BadCase(yaml: "switches:\n  - name: a\n    adress: 10.0.0.1\n", line: 3, column: 5, words: "unknown key 'adress'"),
        BadCase(yaml: "switches:\n  - name: a\n    address: 10.0.0.1\n", line: 2, column: 5, words: "has no community"),
        BadCase(yaml: "snmp:\n  community: x\nswitches:\n  - name: a\n    address: 10.0.0.1\n    interval: soon\n",
                line: 6, column: 15, words: "expected a duration"),
        BadCase(yaml: "snmp:\n  community: x\nswitches:\n  - name: a\n    address: 10.0.0.1\n  - name: a\n    address: 10.0.0.2\n",
                line: 6, column: 5, words: "used twice"),
        BadCase(yaml: "switches:\n  - name: a\n    address: [1.2\n", line: nil, column: nil, words: "YAML syntax"),
        BadCase(yaml: "http:\n  listen: 9470\n", line: 2, column: 11, words: "expected host:port"),
        BadCase(yaml: "switches:\n  - name: a\n    address: 10.0.0.1\n    version: 3\n    user: u\n    priv_protocol: AES\n    priv_password: longenough\n",
                line: 2, column: 5, words: "needs auth_protocol too"),
        BadCase(yaml: "switches:\n  - name: a\n    address: 10.0.0.1\n    version: 3\n    user: u\n    auth_protocol: SHA-999\n",
                line: 6, column: 20, words: "expected one of"),
        BadCase(yaml: "switches:\n  - name: a\n    address: 10.0.0.1\n    community_env: NOPE_NOT_SET\n",
                line: 4, column: 20, words: "NOPE_NOT_SET is not set"),
        BadCase(yaml: "switches:\n  - name: a\n    address: 10.0.0.1\n    community: x\n    member_asn_pattern: 'AS(['\n",
                line: 5, column: 25, words: "not a valid regular expression"),
        BadCase(yaml: "peering_lan:\n  interface: eth1\n  members_file: /nonexistent/ixf.json\n",
                line: 3, column: 17, words: "/nonexistent/ixf.json"),
        BadCase(yaml: "storage:\n  tiers:\n    - {step: 1m, retention: 1d}\n    - {step: 90s, retention: 10d}\n",
                line: 2, column: 3, words: "not a multiple"),
        BadCase(yaml: "storage:\n  tiers:\n    - {step: 1m, retention: 1d, functions: [median]}\n",
                line: 3, column: 45, words: "expected one of"),
        BadCase(yaml: "peering_lan:\n  members_file: x.json\n", line: 2, column: 3, words: "needs the 'interface'"),
        BadCase(yaml: "peering_lan:\n  interface: eth1\n  probe_definition: /nonexistent/peering-lan.yaml\n",
                line: 3, column: 21, words: "cannot read the probe definition"),
    ]

    @Test func storageTiersFromTheFile() throws {
        let text = """
            max_series: 1000
            storage:
              x_files_factor: 0.25
              stale_after: 15m
              tiers:
                - {name: raw, step: 30s, retention: 2d}
                - {name: 10m, step: 10m, retention: 90d, functions: [average, maximum]}
            """
        let configuration = try AgentConfiguration.parse(text, file: "s.yaml")
        let store = configuration.storeConfiguration
        #expect(store.tiers.map(\.step) == [30, 600])
        #expect(store.tiers.map(\.rows) == [5760, 12960])
        #expect(store.bytesPerSeries == 5760 * 8 + 12960 * 2 * 8)
        #expect(store.xFilesFactor == 0.25)
        #expect(store.staleAfter == 900)
        #expect(store.maxSeries == 1000)
    }

    @Test func peeringLANWithMembersAndRules() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = """
            peering_lan:
              interface: eth1
              filter: not tcp port 22
              user: nobody
              members_file: \(repository.appendingPathComponent("Tests/Fixtures/ixf/export.json").path)
              probe_definition: \(repository.appendingPathComponent("Probes/peering-lan.yaml").path)
              interval: 30s
            """
        let configuration = try AgentConfiguration.parse(text, file: "lan.yaml")
        let lan = try #require(configuration.peeringLAN?.captures.first)
        #expect(configuration.peeringLAN?.captures.count == 1)
        #expect(lan.capture.interface == "eth1")
        #expect(lan.capture.filter == "not tcp port 22")
        #expect(lan.capture.dropPrivilegesTo == "nobody")
        #expect(lan.interval == 30)
        #expect(lan.members != nil)
    }

    @Test func severalPeeringLANCapturesEachItsOwnProbe() throws {
        let text = """
            peering_lan:
              - interface: eth1
                interval: 30s
              - interface: eth2
                filter: vlan 200
            """
        let configuration = try AgentConfiguration.parse(text, file: "lan.yaml")
        let lan = try #require(configuration.peeringLAN)
        #expect(lan.captures.map(\.capture.interface) == ["eth1", "eth2"])
        #expect(lan.captures.map(\.interval) == [30, 60])
        #expect(lan.captures[1].capture.filter == "vlan 200")
        let set = try lan.makeProbes()
        #expect(set.probes.map(\.identity.name) == ["eth1", "eth2"])
        #expect(set.services.count == 2)
    }

    @Test(arguments: badCases)
    func badInputNamesTheFileLineAndColumn(_ bad: BadCase) {
        do {
            _ = try AgentConfiguration.parse(bad.yaml, file: "bad.yaml")
            Issue.record("expected an error for: \(bad.words)")
        } catch {
            #expect(error.file == "bad.yaml")
            #expect(error.message.contains(bad.words), "\(error)")
            if let line = bad.line { #expect(error.line == line, "\(error)") } else { #expect(error.line != nil) }
            if let column = bad.column { #expect(error.column == column, "\(error)") }
            #expect(error.description.hasPrefix("bad.yaml:"))
        }
    }

    @Test func anUnreadableFileIsAnErrorNotACrash() {
        #expect(throws: ConfigurationError.self) {
            try AgentConfiguration.load(path: "/nonexistent/ixp-health.yaml")
        }
    }
}
