import Foundation
import Testing
import TimeSeries
@testable import SyntheticExchange

/// `counterResetAndGap` cut to its last 120 days: a reset (end − 40 d) and the week-long gap are inside.
func shortResetAndGap() -> ExchangeScenario {
    var scenario = ExchangeScenario.counterResetAndGap()
    scenario.start = scenario.end - 120 * 86_400
    scenario.finishGroundTruth()
    return scenario
}

/// NaN equals NaN; otherwise equal within `tolerance` relative (absolute near 0).
func close(_ a: Double, _ b: Double, tolerance: Double = 1e-6) -> Bool {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
    return abs(a - b) <= tolerance * max(1, abs(a), abs(b))
}

@Suite struct OpenMetricsWriterTests {
    @Test func sameSeedSameBytesOtherSeedOtherBytes() throws {
        let writer = OpenMetricsWriter()
        let first = try writer.data(for: .tooLittleHistory())
        let second = try writer.data(for: .tooLittleHistory())
        #expect(first == second)
        #expect(first.count > 100_000)
        let other = try writer.data(for: .tooLittleHistory(seed: 99))
        #expect(other != first)
        let exports = try IXFExportWriter().exports(for: .slowlyDying())
        let again = try IXFExportWriter().exports(for: .slowlyDying())
        #expect(exports.map(\.data) == again.map(\.data))
        #expect(exports.map(\.time) == again.map(\.time))
    }

    @Test func theFileImportsAndItsRatesAreTheGeneratedRates() throws {
        let scenario = shortResetAndGap()
        let data = try OpenMetricsWriter().data(for: scenario)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasSuffix("# EOF\n"))
        #expect(!text.contains("\n\n"))
        let plan = try OpenMetricsImporter().parse(data, file: "history.om")
        #expect(plan.samplesSkipped == 0)
        var expected: [SeriesKey: (timestamps: [Double], values: [Double])] = [:]
        scenario.forEachSeries { key, timestamps, values in expected[key] = (timestamps, values) }
        #expect(plan.series.count == expected.count)
        #expect(plan.series.count == scenario.portCount * PortMetric.allCases.count)
        var compared = 0, unknown = 0, mismatches = 0
        for series in plan.series {
            guard let generated = expected[series.key] else {
                Issue.record("\(series.key) was not generated")
                continue
            }
            #expect(series.timestamps == generated.timestamps, "\(series.key)")
            for (imported, original) in zip(series.values, generated.values) {
                compared += 1
                if imported.isNaN { unknown += 1 }
                if !close(imported, original) { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
        #expect(compared == plan.sampleCount)
        // One reset in the window (end − 40 d + 9 h) on one port: its four counters each have one unknown interval.
        #expect(scenario.counterResets.filter { $0.time > scenario.start }.count >= 1)
        #expect(unknown == 4)
        // Nothing at all inside the gap.
        let gap = try #require(scenario.gaps.first)
        #expect(plan.series.allSatisfy { $0.timestamps.allSatisfy { !gap.contains($0) } })
        // After the gap, the first rate spans the whole gap (the counter kept counting).
        let key = SeriesKey(name: "ixp_interface_receive_bytes_per_second", labels: ["switch": scenario.members[0].ports[0].switchName,
            "interface": scenario.members[0].ports[0].interface, "member_asn": String(scenario.members[0].asn)])
        let series = try #require(plan.series.first { $0.key == key })
        let after = try #require(series.timestamps.firstIndex { $0 >= gap.end })
        #expect(series.timestamps[after] - series.timestamps[after - 1] == gap.end - gap.start + 3_600)
        #expect(series.values[after] > 0)
    }

    @Test func aCounterResetDropsTheCounterToZero() throws {
        let scenario = shortResetAndGap()
        let reset = try #require(scenario.counterResets.last)
        let text = String(decoding: try OpenMetricsWriter().data(for: scenario), as: UTF8.self)
        let time = Int((reset.time / 3_600).rounded(.up) * 3_600)
        let line = "ixp_interface_receive_bytes_total{switch=\"\(reset.switchName)\",interface=\"\(reset.interface)\","
        let hits = text.split(separator: "\n").filter { $0.hasPrefix(line) && $0.hasSuffix(" \(time)") }
        #expect(hits.count == 1)
        #expect(hits.first?.hasSuffix("} 0 \(time)") == true)
    }

    @Test func familiesAreTypedAndNamedAsTheAgentNamesThem() throws {
        let text = String(decoding: try OpenMetricsWriter().data(for: .tooLittleHistory()), as: UTF8.self)
        for line in ["# TYPE ixp_interface_receive_bytes counter", "# TYPE ixp_interface_transmit_bytes counter",
                     "# TYPE ixp_interface_receive_errors counter", "# TYPE ixp_interface_receive_discards counter",
                     "# TYPE ixp_interface_up gauge", "# TYPE ixp_interface_admin_up gauge", "# TYPE ixp_interface_speed_bytes gauge",
                     "# UNIT ixp_interface_speed_bytes bytes"] {
            #expect(text.contains(line + "\n"), "\(line)")
        }
        // Core ports have an empty member_asn; speeds are bytes per second.
        #expect(text.contains("member_asn=\"\"} 1250000000"))
        #expect(text.contains("member_asn=\"64512\"} 1250000000"))
        let plan = try OpenMetricsImporter().parse(text, file: "x.om")
        let names = Set(plan.series.map(\.key.name))
        #expect(names == Set(PortMetric.allCases.map(\.storeName)))
        #expect(names.contains("ixp_interface_receive_errors_per_second"))
    }

    @Test func writingToAFileStreamsTheSameBytes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("synth-om-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("history.om")
        let scenario = ExchangeScenario.tooLittleHistory()
        let summary = try OpenMetricsWriter(step: 3_600, bufferSize: 1).write(scenario, to: url)
        let onDisk = try Data(contentsOf: url)
        #expect(onDisk == (try OpenMetricsWriter().data(for: scenario)))
        #expect(summary.bytes == onDisk.count)
        #expect(summary.series == scenario.portCount * 7)
        #expect(throws: SyntheticExchangeError.self) {
            try OpenMetricsWriter().write(scenario, to: directory.appendingPathComponent("missing/x.om"))
        }
        #expect(throws: SyntheticExchangeError.self) { try OpenMetricsWriter(step: 0).data(for: scenario) }
    }
}
