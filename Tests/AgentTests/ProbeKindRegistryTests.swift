import Agent
import ProbeKit
import Testing
import IXPCore
import TimeSeries

@Suite("Probe kinds")
struct ProbeKindRegistryTests {
    @Test func builtInKindsHaveDistinctNamesAndKeys() {
        let registry = ProbeKindRegistry.builtIn
        #expect(registry.conflicts(reserved: AgentConfiguration.agentKeys) == [])
        #expect(registry.kinds.map(\.name) == ["snmp_interfaces", "peering_lan", "bird", "ping", "sflow", "exec", "textfile"])
        #expect(registry.configurationKeys == ["snmp", "switches", "peering_lan", "route_servers", "ping", "sflow", "exec", "textfile"])
    }

    @Test func conflictsAreFound() {
        struct Fake: ProbeKind {
            var name: String
            var configurationKeys: Set<String>
            func settings(from sections: [String: YAMLConfigNode], context: ProbeConfigurationContext)
                throws(ConfigurationError) -> any ProbeSettings
            {
                throw ConfigurationError(file: context.file, message: "unused")
            }
        }
        let registry = ProbeKindRegistry([Fake(name: "a", configurationKeys: ["x", "http"]),
                                          Fake(name: "a", configurationKeys: ["x"])])
        let conflicts = registry.conflicts(reserved: AgentConfiguration.agentKeys)
        #expect(conflicts.count == 3, "\(conflicts)")
    }

    @Test func theRawStepIsTheShortestIntervalOfAnyProbe() throws {
        let text = """
            snmp:
              community: public
              interval: 60s
            switches:
              - name: edge1
                address: 192.0.2.10
            peering_lan:
              interface: eth1
              interval: 20s
            """
        let configuration = try AgentConfiguration.parse(text, file: "step.yaml")
        #expect(configuration.probes.map(\.kind) == ["snmp_interfaces", "peering_lan"])
        #expect(configuration.storeConfiguration.tiers.first?.step == 20)
        let switchesOnly = try AgentConfiguration.parse("""
            snmp:
              community: public
              interval: 30s
            switches:
              - name: edge1
                address: 192.0.2.10
            """, file: "step.yaml")
        #expect(switchesOnly.storeConfiguration.tiers.first?.step == 30)
        #expect(try AgentConfiguration.parse("", file: "empty.yaml").storeConfiguration.tiers.first?.step == 60)
    }
}
