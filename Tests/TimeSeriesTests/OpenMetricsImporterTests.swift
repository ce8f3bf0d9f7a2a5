import Foundation
import Testing
@testable import TimeSeries

@Suite struct OpenMetricsImporterTests {
    let good = """
        # HELP ixp_interface_receive_bytes Bytes received.
        # TYPE ixp_interface_receive_bytes counter
        # UNIT ixp_interface_receive_bytes bytes
        ixp_interface_receive_bytes_total{switch="sw1",interface="Ethernet1"} 1000 3000
        ixp_interface_receive_bytes_total{switch="sw1",interface="Ethernet1"} 1600 3060
        ixp_interface_receive_bytes_total{interface="Ethernet1",switch="sw1"} 2200 3120.0
        ixp_interface_receive_bytes_total{switch="sw1",interface="Ethernet1"} 100 3180
        ixp_interface_receive_bytes_created{switch="sw1",interface="Ethernet1"} 2000 3180
        # TYPE ixp_interface_up gauge
        ixp_interface_up{switch="sw1",interface="Ethernet1"} 1 3000
        ixp_interface_up{switch="sw1",interface="Ethernet1"} NaN 3060
        ixp_interface_up{switch="sw1",interface="Ethernet1"} 0 3120 # {trace_id="x"} 1 3120
        # TYPE rtt_seconds histogram
        rtt_seconds_bucket{le="+Inf"} 3 3000
        rtt_seconds_count 3 3000
        member_note{text="a \\"quoted\\" \\\\ value\\n"} 2.5e1 3000
        # EOF

        """

    @Test func countersBecomeRatesAndGaugesStay() throws {
        let plan = try OpenMetricsImporter().parse(good, file: "good.om")
        #expect(plan.samplesRead == 11)
        #expect(plan.samplesSkipped == 3)   // _created and the histogram's two samples
        #expect(plan.skippedFamilies == ["ixp_interface_receive_bytes", "rtt_seconds"])
        let byName = Dictionary(uniqueKeysWithValues: plan.series.map { ($0.key.name, $0) })
        let rate = try #require(byName["ixp_interface_receive_bytes_per_second"])
        #expect(rate.key.labelDictionary == ["switch": "sw1", "interface": "Ethernet1"])
        #expect(rate.timestamps == [3_060, 3_120, 3_180])
        #expect(sameValues(rate.values, [10, 10, .nan]))   // the drop to 100 is a reset: unknown
        #expect(rate.fromCounter && rate.firstLine == 4)
        let up = try #require(byName["ixp_interface_up"])
        #expect(sameValues(up.values, [1, .nan, 0]))
        let note = try #require(byName["member_note"])
        #expect(note.key[label: "text"] == "a \"quoted\" \\ value\n")
        #expect(note.values == [25])
    }

    @Test func everyBadLineIsReportedWithFileAndLine() {
        let bad = """
            # TYPE a counter
            a_total 1 100
            a_total 2 90
            b{x="1"} 5
            c{x=1} 5 100
            d 1e 100
            # COMMENT here
            a_total -3 200
            e 1 1700000000000
            # EOF

            """
        do {
            _ = try OpenMetricsImporter().parse(bad, file: "bad.om")
            Issue.record("a bad file was accepted")
        } catch {
            let lines = error.diagnostics.map(\.line)
            #expect(lines == [3, 4, 5, 6, 7, 8, 9])
            #expect(error.diagnostics.allSatisfy { $0.file == "bad.om" })
            #expect(error.description.contains("bad.om:3:"))
            #expect(error.diagnostics[1].message.contains("no timestamp"))
            #expect(error.diagnostics[6].message.contains("milliseconds"))
        }
    }

    @Test func aFileWithoutEOFIsRefused() {
        #expect(throws: OpenMetricsImportError.self) { try OpenMetricsImporter().parse("a 1 100\n", file: "cut.om") }
        #expect(throws: OpenMetricsImportError.self) { try OpenMetricsImporter().parse("a 1 100\n# EOF\nb 2 100\n", file: "after.om") }
    }

    @Test func importingCommitsAllOrNothing() throws {
        var configuration = smallConfiguration(maxSeries: 3)
        configuration.tiers[0].rows = 60
        let store = try TimeSeriesStore(configuration: configuration, directory: nil, clock: { 3_000 })
        let plan = try OpenMetricsImporter().parse(good, file: "good.om")
        let summary = try store.importHistory(plan)
        #expect(summary.series == 3 && summary.newSeries == 3)
        #expect(summary.samples == 3 + 3 + 1)
        let rate = SeriesKey(name: "ixp_interface_receive_bytes_per_second", labels: ["switch": "sw1", "interface": "Ethernet1"])
        // The rates at 3060 and 3120, the first held over the raw steps up to the second.
        let known = store.query(rate, tier: 0, from: 3_060, to: 3_180)?.values.filter { !$0.isNaN } ?? []
        #expect(known.count > 2 && known.allSatisfy { $0 == 10 })
        // Importing the same history again overlaps what is there: refused, nothing changes.
        let before = store.statistics.samplesAccepted
        #expect(throws: StoreError.self) { try store.importHistory(plan) }
        #expect(store.statistics.samplesAccepted == before)
        // Too many new series for the cap: refused before anything is appended.
        let other = try OpenMetricsImporter().parse("x 1 5000\ny 1 5000\n# EOF\n", file: "more.om")
        #expect(throws: StoreError.self) { try store.importHistory(other) }
        #expect(!store.contains(SeriesKey(name: "x")))
    }

    @Test func anImportSurvivesARestart() throws {
        let directory = try makeTemporaryDirectory()
        defer { cleanup(directory) }
        let plan = try OpenMetricsImporter().parse(good, file: "good.om")
        do {
            let store = try TimeSeriesStore(configuration: smallConfiguration(), directory: directory)
            _ = try store.importHistory(plan)
            try store.checkpoint()
        }
        #expect(try TimeSeriesStore.storedTiers(in: directory) == smallConfiguration().tiers)
        let restored = try TimeSeriesStore(configuration: smallConfiguration(), directory: directory)
        #expect(restored.keys().count == 3)
    }
}

/// The importer accepts what `promtool tsdb create-blocks-from openmetrics` accepts (and
/// refuses what it refuses), for the shapes that matter; skipped where promtool is missing.
@Suite struct PromtoolAgreementTests {
    static let documents: [(String, String)] = [
        ("good", """
            # HELP ixp_interface_receive_bytes Bytes received.
            # TYPE ixp_interface_receive_bytes counter
            ixp_interface_receive_bytes_total{switch="sw1",interface="Ethernet1"} 1000 1700000000
            ixp_interface_receive_bytes_total{switch="sw1",interface="Ethernet1"} 1600 1700000060.5
            # TYPE ixp_interface_up gauge
            ixp_interface_up{switch="sw1",interface="Ethernet\\"1\\""} NaN 1700000000
            # EOF

            """),
        ("no EOF", "a 1 1700000000\n"),
        ("empty line", "# TYPE a gauge\n\na 1 1700000000\n# EOF\n"),
        ("free comment", "# just a note\na 1 1700000000\n# EOF\n"),
        ("no timestamp", "a 1\n# EOF\n"),
        ("bad value", "a one 1700000000\n# EOF\n"),
        ("unclosed labels", "a{b=\"1\" 1 1700000000\n# EOF\n"),
    ]

    @Test(arguments: 0..<documents.count)
    func sameVerdictAsPromtool(index: Int) throws {
        let promtool = "/usr/bin/promtool"
        guard FileManager.default.isExecutableFile(atPath: promtool) else { return }
        let (name, text) = Self.documents[index]
        let directory = try makeTemporaryDirectory("promtool\(index)")
        defer { cleanup(directory) }
        let file = directory.appendingPathComponent("input.om")
        try Data(text.utf8).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: promtool)
        process.arguments = ["tsdb", "create-blocks-from", "openmetrics", file.path, directory.appendingPathComponent("blocks").path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let promtoolAccepts = process.terminationStatus == 0
        let weAccept = (try? OpenMetricsImporter().parse(contentsOf: file)) != nil
        #expect(weAccept == promtoolAccepts, "\(name): promtool \(promtoolAccepts ? "accepts" : "refuses") it, the importer \(weAccept ? "accepts" : "refuses") it")
    }
}

@Suite struct ImportHoldTests {
    @Test func hourlyHistoryFillsTheConsolidatedTiersOfAMinuteStore() throws {
        let start = 1_700_000_000.0 - 1_700_000_000.0.truncatingRemainder(dividingBy: 86_400)
        var text = "# TYPE g gauge\n"
        for hour in 0..<48 { text += "g \(hour % 2 == 0 ? 10 : 20) \(Int(start) + hour * 3_600)\n" }
        // A gap of a day: stays unknown.
        for hour in 72..<80 { text += "g 30 \(Int(start) + hour * 3_600)\n" }
        text += "# EOF\n"
        let plan = try OpenMetricsImporter().parse(Data(text.utf8), file: "hold.om")
        let store = try TimeSeriesStore(configuration: StoreConfiguration(tiers: StoreConfiguration.defaultTiers(rawStep: 60)),
                                        directory: nil, clock: { start + 90 * 3_600 })
        _ = try store.importHistory(plan)
        let hourTier = try #require(store.configuration.tiers.firstIndex { $0.name == "1h" })
        let hours = try #require(store.query(SeriesKey(name: "g"), tier: hourTier, from: start, to: start + 79 * 3_600))
        // Each value holds until the next sample, as in Prometheus.
        #expect(hours.values[0] == 10)
        #expect(hours.values[1] == 20)
        #expect(hours.values[2] == 10)
        #expect(hours.values[50].isNaN)
        #expect(hours.values[60].isNaN)
        #expect(hours.values[73] == 30)
    }
}
