import Members
import HTTPListener
import Detection
import IXPCore
import Testing
@testable import Agent

@Suite struct DetectionConfigurationTests {
    @Test func membersDetectionAndLanguageAreRead() throws {
        let configuration = try AgentConfiguration.parse("""
            language: fr
            members:
              source: https://ixp.example.net/ixf.json
              refresh: 2h
              route_server_asns: [AS64999, 64998]
              peeringdb: /etc/ixp-health/pdb.json
            detection:
              interval: 1m
              exchange_name: Example IX
              rules:
                idle_member_ports: {for: 2d, idle_fraction: 0.02}
                traffic_concentration: {enabled: false}
                port_down: {severity: critical}
            """, file: "t.yaml")
        #expect(configuration.language == .french)
        #expect(configuration.members?.source == "https://ixp.example.net/ixf.json")
        #expect(configuration.members?.refresh == 7_200)
        #expect(configuration.members?.routeServerASNs == [64999, 64998])
        #expect(configuration.detection.interval == 60)
        #expect(configuration.detection.language == .french)
        let idle = configuration.detection.settings(for: .idleMemberPorts)
        #expect(idle.forDuration == 2 * 86_400)
        let thresholds = configuration.detection.thresholds(IdleMemberPortsRule.definition)
        #expect(thresholds.idleFraction == 0.02)
        #expect(thresholds.warningShare == 0.20, "unset thresholds keep their defaults")
        #expect(configuration.detection.settings(for: .trafficConcentration).enabled == false)
        #expect(configuration.detection.settings(for: .portDown).severity == .critical)
    }

    @Test(arguments: [
        ("detection:\n  rules:\n    idle_ports: {for: 1d}\n", "t.yaml:3"),
        ("detection:\n  rules:\n    idle_member_ports: {idle_share: 0.1}\n", "t.yaml:3"),
        ("detection:\n  rules:\n    idle_member_ports: {idle_fraction: lots}\n", "t.yaml:3"),
        ("detection:\n  interval: 1s\n", "t.yaml:2"),
        ("members:\n  refresh: 1h\n", "t.yaml:2"),
        ("members:\n  source: x.json\n  route_server_asns: [ASX]\n", "t.yaml:3"),
        ("language: de\n", "t.yaml:1"),
    ])
    func mistakesAreRefusedWithTheirLine(text: String, place: String) {
        do {
            _ = try AgentConfiguration.parse(text, file: "t.yaml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description.contains(place), "\(error.description)")
        }
    }
}
