import Testing
import TimeSeries

@Suite("Exposition text parser")
struct ExpositionTextParserTests {
    static func parse(_ text: String) throws(ImportDiagnostic) -> [ExpositionTextParser.Family] {
        try ExpositionTextParser.parse(Array(text.utf8), source: "test.prom")
    }

    @Test func prometheusTextWithHelpTypesHistogramAndBlankLines() throws {
        let families = try Self.parse("""
            # HELP ups_battery_charge_ratio Battery charge.
            # TYPE ups_battery_charge_ratio gauge
            ups_battery_charge_ratio{ups="a"} 0.97

            # a free comment
            # TYPE backup_duration_seconds histogram
            backup_duration_seconds_bucket{le="1"} 2
            backup_duration_seconds_bucket{le="+Inf"} 3
            backup_duration_seconds_sum 4.5
            backup_duration_seconds_count 3
            untyped_thing{b="2",a="1",} 7

            """)
        #expect(families.map(\.name) == ["ups_battery_charge_ratio", "backup_duration_seconds", "untyped_thing"])
        #expect(families[0].help == "Battery charge.")
        #expect(families[0].type == "gauge")
        #expect(families[1].type == "histogram")
        #expect(families[1].samples.map(\.name) == ["backup_duration_seconds_bucket", "backup_duration_seconds_bucket",
                                                    "backup_duration_seconds_sum", "backup_duration_seconds_count"])
        #expect(families[2].type == "untyped")
        #expect(families[2].samples[0].labels.map(\.name) == ["a", "b"], "labels come sorted")
    }

    @Test func openMetricsCounterWithEOF() throws {
        let families = try Self.parse("""
            # TYPE jobs counter
            # HELP jobs Jobs done.
            jobs_total 12
            jobs_created 1700000000
            # EOF
            """)
        #expect(families.count == 1)
        #expect(families[0].name == "jobs")
        #expect(families[0].samples.map(\.name) == ["jobs_total", "jobs_created"])
    }

    @Test func aTimestampIsRefusedWithItsLineAndColumn() {
        #expect(throws: ImportDiagnostic.self) { try Self.parse("ok 1\nstamped 1 1700000000000\n") }
        do {
            _ = try Self.parse("ok 1\nstamped 1 1700000000000\n")
        } catch {
            #expect(error.line == 2)
            #expect(error.column == 11)
            #expect(error.message.contains("timestamp"))
        }
    }

    @Test func garbageAndDuplicatesFailAtTheirLine() {
        do {
            _ = try Self.parse("fine 1\nthis is not a metric\n")
            Issue.record("garbage must fail")
        } catch {
            #expect(error.line == 2)
        }
        do {
            _ = try Self.parse("a{x=\"1\"} 1\na{x=\"1\"} 2\n")
            Issue.record("a repeated series must fail")
        } catch {
            #expect(error.line == 2)
            #expect(error.message.contains("twice"))
        }
    }
}
