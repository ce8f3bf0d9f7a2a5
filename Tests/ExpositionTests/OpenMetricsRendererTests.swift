import Exposition
import Foundation
import Testing
import IXPCore

@Suite("OpenMetrics renderer")
struct OpenMetricsRendererTests {
    @Test func countersDropTotalInTheirFamilyNameAndCarryCreated() {
        let families = [
            MetricFamily(name: "ixp_interface_receive_bytes_total", help: "Bytes \"received\".\nPer port.", kind: .counter, samples: [
                MetricSample(labels: [("switch", "sw1"), ("interface", "a\"b")], value: 12, created: 1_700_000_000.5),
                MetricSample(labels: [("switch", "sw1"), ("interface", "c")], value: 3),
            ]),
            MetricFamily(name: "ixp_probe_duration_seconds", help: "Duration.", kind: .gauge, samples: [
                MetricSample(labels: [], value: 0.25),
            ]),
            MetricFamily(name: "ixp_lan_arp_frames_per_minute", help: "ARP.", kind: .gauge, samples: [
                MetricSample(labels: [], value: .nan),
            ]),
            MetricFamily(name: "ixp_empty", help: "Nothing.", kind: .gauge),
        ]
        let text = OpenMetricsRenderer.render(families)
        #expect(text == """
            # HELP ixp_interface_receive_bytes Bytes \\"received\\".\\nPer port.
            # TYPE ixp_interface_receive_bytes counter
            # UNIT ixp_interface_receive_bytes bytes
            ixp_interface_receive_bytes_total{switch="sw1",interface="a\\"b"} 12
            ixp_interface_receive_bytes_created{switch="sw1",interface="a\\"b"} 1700000000.5
            ixp_interface_receive_bytes_total{switch="sw1",interface="c"} 3
            # HELP ixp_lan_arp_frames_per_minute ARP.
            # TYPE ixp_lan_arp_frames_per_minute gauge
            ixp_lan_arp_frames_per_minute NaN
            # HELP ixp_probe_duration_seconds Duration.
            # TYPE ixp_probe_duration_seconds gauge
            # UNIT ixp_probe_duration_seconds seconds
            ixp_probe_duration_seconds 0.25
            # EOF

            """)
    }

    @Test func theTextFormatLeavesCreatedAndUnitsOut() {
        let family = MetricFamily(name: "ixp_store_checkpoints_total", help: "Checkpoints.", kind: .counter,
                                  samples: [MetricSample(labels: [], value: 2, created: 1_700_000_000)])
        #expect(PrometheusTextRenderer.render([family])
            == "# HELP ixp_store_checkpoints_total Checkpoints.\n# TYPE ixp_store_checkpoints_total counter\nixp_store_checkpoints_total 2\n")
    }

    @Test func aCounterWithoutTotalGetsItOnItsSamples() {
        let family = MetricFamily(name: "ixp_odd", help: "Odd.", kind: .counter, samples: [MetricSample(labels: [], value: 1)])
        #expect(OpenMetricsRenderer.render([family]) == "# HELP ixp_odd Odd.\n# TYPE ixp_odd counter\nixp_odd_total 1\n# EOF\n")
    }

    @Test func unitsComeFromTheNameSuffixOnly() {
        #expect(OpenMetricsRenderer.unit(of: "ixp_interface_speed_bytes") == "bytes")
        #expect(OpenMetricsRenderer.unit(of: "ixp_store_last_checkpoint_timestamp_seconds") == "seconds")
        #expect(OpenMetricsRenderer.unit(of: "ixp_lan_arp_frames_per_minute") == nil)
        #expect(OpenMetricsRenderer.unit(of: "ixp_findings") == nil)
    }

    @Test func gzipRoundTripsThroughTheSystemGunzip() throws {
        let text = String(repeating: "ixp_interface_up{switch=\"sw1\",interface=\"Et1\"} 1\n", count: 2_000)
        let compressed = try Gzip.compress(Array(text.utf8))
        #expect(compressed.count < text.utf8.count / 20)
        #expect(Array(compressed.prefix(2)) == [0x1F, 0x8B])
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ixp-exposition-\(UUID().uuidString).gz")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(compressed).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(String(decoding: output, as: UTF8.self) == text)
        let empty = try Gzip.compress([])
        #expect(empty.count > 0, "an empty body is still a gzip member")
    }
}
