import Exposition
import Foundation
import Testing
import IXPCore

@Suite("Prometheus text renderer")
struct PrometheusTextRendererTests {
    @Test func mergesFamiliesOfSeveralProbesAndEscapesLabels() throws {
        let a = MetricFamily(name: "ixp_interface_receive_bytes_total", help: "Bytes received.", kind: .counter, samples: [
            MetricSample(labels: [("switch", "sw1"), ("interface", "Gi0/1 \"uplink\"\\x\nnext")], value: 12),
        ])
        let b = MetricFamily(name: "ixp_interface_receive_bytes_total", help: "Bytes received.", kind: .counter, samples: [
            MetricSample(labels: [("switch", "sw2"), ("interface", "Et1")], value: 1e20),
        ])
        let c = MetricFamily(name: "ixp_interface_up", help: "Up.", kind: .gauge, samples: [
            MetricSample(labels: [("switch", "sw2"), ("interface", "Et1")], value: .nan),
        ])
        let text = PrometheusTextRenderer.render([c, a, b])
        let golden = try String(contentsOf: Bundle.module.url(forResource: "Golden/exposition", withExtension: "txt")!, encoding: .utf8)
        #expect(text == golden)
    }

    @Test func valueFormatting() {
        #expect(PrometheusTextRenderer.formatValue(3) == "3")
        #expect(PrometheusTextRenderer.formatValue(0.25) == "0.25")
        #expect(PrometheusTextRenderer.formatValue(.infinity) == "+Inf")
        #expect(PrometheusTextRenderer.formatValue(-.infinity) == "-Inf")
        #expect(PrometheusTextRenderer.formatValue(.nan) == "NaN")
    }
}
