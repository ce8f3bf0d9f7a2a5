import Exposition
import Foundation
import Testing
import IXPCore

@Suite("Metrics registry")
struct MetricsRegistryTests {
    static let snmp = ProbeIdentity(kind: "snmp_interfaces", name: "edge1",
                                    runMetricAlias: RunMetricAlias(prefix: "ixp_snmp", labelName: "switch"))
    static let other = ProbeIdentity(kind: "example", name: "one")

    @Test func everyProbeHasTheSharedRunMetricsAndAliasesWhereItHasOne() {
        let registry = MetricsRegistry()
        registry.register(Self.other)
        registry.recordSuccess(Self.snmp, duration: 0.5, at: 1_700_000_000, metrics: [])
        let text = PrometheusTextRenderer.render(registry.families())
        #expect(text.contains("ixp_probe_success{kind=\"snmp_interfaces\",name=\"edge1\"} 1\n"))
        #expect(text.contains("ixp_probe_success{kind=\"example\",name=\"one\"} 0\n"))
        #expect(text.contains("ixp_probe_duration_seconds{kind=\"snmp_interfaces\",name=\"edge1\"} 0.5\n"))
        #expect(text.contains("ixp_probe_last_success_timestamp_seconds{kind=\"snmp_interfaces\",name=\"edge1\"} 1700000000\n"))
        #expect(text.contains("ixp_snmp_poll_success{switch=\"edge1\"} 1\n"))
        #expect(text.contains("ixp_snmp_poll_duration_seconds{switch=\"edge1\"} 0.5\n"))
        #expect(text.contains("ixp_snmp_last_success_timestamp_seconds{switch=\"edge1\"} 1700000000\n"))
        #expect(!text.contains("example_poll"), "a kind without an alias has only the shared names")
        #expect(text.components(separatedBy: "# TYPE ixp_probe_success gauge").count == 2, "one family for all kinds")
    }

    @Test func aFailedRunWithdrawsTheProbesMetricsButKeepsItsRunMetrics() {
        let registry = MetricsRegistry()
        let family = MetricFamily(name: "ixp_interface_up", help: "Up.", kind: .gauge,
                                  samples: [MetricSample(labels: [("switch", "edge1")], value: 1)])
        registry.recordSuccess(Self.snmp, duration: 0.1, at: 10, metrics: [family])
        #expect(registry.families().contains { $0.name == "ixp_interface_up" })
        registry.recordFailure(Self.snmp, duration: 2, error: "timeout")
        let families = registry.families()
        #expect(!families.contains { $0.name == "ixp_interface_up" })
        let success = families.first { $0.name == "ixp_probe_success" }
        #expect(success?.samples.map(\.value) == [0])
        #expect(families.first { $0.name == "ixp_probe_last_success_timestamp_seconds" }?.samples.map(\.value) == [10])
    }

    @Test func anUnregisteredProbeLeavesMetricsEntirely() {
        let registry = MetricsRegistry()
        let family = MetricFamily(name: "ixp_interface_up", help: "Up.", kind: .gauge,
                                  samples: [MetricSample(labels: [("switch", "edge1")], value: 1)])
        registry.recordSuccess(Self.snmp, duration: 0.1, at: 10, metrics: [family])
        registry.register(Self.other)
        registry.unregister(Self.snmp)
        let text = PrometheusTextRenderer.render(registry.families())
        #expect(!text.contains("edge1"), "\(text)")
        #expect(text.contains("ixp_probe_success{kind=\"example\",name=\"one\"} 0\n"))
        #expect(registry.statuses.map(\.identity) == [Self.other])
    }
}
