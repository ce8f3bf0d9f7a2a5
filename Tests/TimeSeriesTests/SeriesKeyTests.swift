import Foundation
import Testing
@testable import TimeSeries

@Suite struct SeriesKeyTests {
    @Test func labelsAreSortedSoOrderDoesNotMatter() {
        let one = SeriesKey(name: "m", labelList: [Label(name: "b", value: "2"), Label(name: "a", value: "1")])
        let two = SeriesKey(name: "m", labels: ["a": "1", "b": "2"])
        #expect(one == two)
        #expect(one.labels.map(\.name) == ["a", "b"])
        #expect(one.description == "m{a=\"1\",b=\"2\"}")
        #expect(one[label: "b"] == "2")
    }

    @Test func codableRoundTrip() throws {
        let data = try JSONEncoder().encode(keyA)
        #expect(try JSONDecoder().decode(SeriesKey.self, from: data) == keyA)
    }

    @Test func selectorMatchesSubsetOfLabels() {
        let selector = SeriesSelector(name: keyA.name, matching: ["switch": "sw1"])
        #expect(selector.matches(keyA))
        #expect(selector.matches(keyB))
        #expect(!selector.matches(keyC))
        #expect(!SeriesSelector(name: "other").matches(keyA))
    }

    @Test func binaryEncodingRoundTrip() throws {
        var writer = ByteWriter()
        defer { writer.free() }
        writer.write(key: keyA)
        var reader = ByteReader(writer.bytes)
        #expect(try reader.readKey() == keyA)
    }

    @Test func defaultConfigurationMatchesTheIssue() throws {
        let configuration = StoreConfiguration()
        try configuration.validate()
        let tiers = configuration.tiers
        #expect(tiers.map(\.step) == [60, 300, 3_600, 86_400])
        #expect(tiers.map(\.retention) == [48 * 3_600, 35 * 86_400, 400 * 86_400, 3_650 * 86_400])
        #expect(tiers[1].functions == [.average, .minimum, .maximum])
        #expect(tiers[2].functions == [.average, .maximum])
        #expect(configuration.bytesPerSeries == (2_880 + 3 * 10_080 + 2 * 9_600 + 2 * 3_650) * 8)
        #expect(configuration.xFilesFactor == 0.5)
        #expect(configuration.checkpointInterval == 60)
    }

    @Test func invalidConfigurationsAreRejectedWithReasons() {
        var configuration = smallConfiguration()
        configuration.tiers[1].step = 25
        #expect(throws: StoreError.self) { try configuration.validate() }
        configuration = smallConfiguration()
        configuration.tiers[0].functions = [.maximum]
        #expect(throws: StoreError.self) { try configuration.validate() }
        configuration = smallConfiguration()
        configuration.xFilesFactor = 1.5
        #expect(throws: StoreError.self) { try TimeSeriesStore(configuration: configuration, directory: nil) }
    }
}

@Suite struct SeriesKeyLabelListTests {
    @Test func aSortedLabelListMakesTheSameKeyAsADictionary() {
        let labels = ["switch": "sw1", "interface": "Ethernet1", "member_asn": "64500"]
        let sorted = [Label(name: "interface", value: "Ethernet1"), Label(name: "member_asn", value: "64500"), Label(name: "switch", value: "sw1")]
        #expect(SeriesKey(name: "m", labelList: sorted) == SeriesKey(name: "m", labels: labels))
        #expect(SeriesKey(name: "m", labelList: sorted.reversed()) == SeriesKey(name: "m", labels: labels))
        // Of duplicate names the last wins, sorted or not.
        let duplicate = [Label(name: "a", value: "1"), Label(name: "a", value: "2"), Label(name: "b", value: "3")]
        #expect(SeriesKey(name: "m", labelList: duplicate).labels == [Label(name: "a", value: "2"), Label(name: "b", value: "3")])
        #expect(SeriesKey(name: "m", labelList: []) == SeriesKey(name: "m"))
    }

    @Test func renamedKeepsTheLabels() {
        let key = SeriesKey(name: "rx", labels: ["switch": "sw1", "interface": "Ethernet1"])
        #expect(key.renamed("tx") == SeriesKey(name: "tx", labels: ["switch": "sw1", "interface": "Ethernet1"]))
    }

    @Test func descriptionEscapesOnlyWhatNeedsIt() {
        #expect(SeriesKey(name: "m", labels: ["a": "plain"]).description == #"m{a="plain"}"#)
        #expect(SeriesKey(name: "m", labels: ["a": "q\"b\\n\n"]).description == #"m{a="q\"b\\n\n"}"#)
    }
}
