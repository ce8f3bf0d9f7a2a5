import Agent
import Foundation
import InterfaceProbe
import ProbeKit
import SNMPTableProbe
import Testing
import IXPCore

/// `switches[].probes`: which probes each switch runs, read and validated with the
/// configuration.
@Suite("Switch probes configuration")
struct SwitchProbesConfigurationTests {
    static var probesDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Probes").path
    }

    @Test func ifMIBIsTheDefaultAndDeclarativeProbesLoadFromTheDirectory() throws {
        let text = """
            snmp:
              community: public
              probes_directory: \(Self.probesDirectory)
            switches:
              - {name: edge1, address: 192.0.2.10}
              - {name: edge2, address: 192.0.2.11, probes: [if-mib, optics, lldp, switch-health, bgp4]}
              - {name: edge3, address: 192.0.2.12, probes: [lldp]}
            """
        let configuration = try AgentConfiguration.parse(text, file: "t.yaml")
        let switches = configuration.switches
        #expect(switches[0].probes == ["if-mib"])
        #expect(switches[0].tableDefinitions.isEmpty)
        #expect(switches[1].tableDefinitions.map(\.name) == ["optics", "lldp", "switch-health", "bgp4"])
        #expect(switches[2].pollsInterfaces == false)
        // One IF-MIB probe each for edge1 and edge2, five table probes.
        #expect(configuration.settings(SNMPInterfaceSettings.self)?.intervals.count == 7)
    }

    @Test func anUnknownProbeNamesItsLineAndTheAvailableOnes() {
        let text = """
            snmp:
              community: public
              probes_directory: \(Self.probesDirectory)
            switches:
              - name: edge1
                address: 192.0.2.10
                probes: [if-mib, optics, lldpp]
            """
        #expect {
            _ = try AgentConfiguration.parse(text, file: "t.yaml")
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.line == 7 && error.message.contains("unknown probe 'lldpp'; available: if-mib, bgp4, lldp, optics, switch-health")
        }
    }

    @Test func aMissingDirectoryIsAnErrorAtItsKey() {
        let text = """
            snmp:
              community: public
              probes_directory: /nonexistent/ixp-health/Probes
            switches:
              - {name: edge1, address: 192.0.2.10, probes: [optics]}
            """
        #expect {
            _ = try AgentConfiguration.parse(text, file: "t.yaml")
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.line == 3 && error.message.contains("cannot read the probe definitions directory")
        }
    }
}
