import Foundation
import ProbeKit
import SNMPClient
@testable import SNMPTableProbe
import Testing
import TimeSeries
import IXPCore

/// The table poller's reading of walks, on walks built here (the snmpsim tests read the real
/// recordings): scaling, joins, counters and the changes of info metrics.
@Suite("SNMP table reader")
struct SNMPTableReaderTests {
    static func catalog() throws -> SNMPTableDefinitionCatalog {
        try SNMPTableDefinitionCatalog.load(directory: SNMPTableDefinitionTests.probes.path)
    }

    /// A walk of `reader`'s columns holding `values` (column OID → [(instance suffix, value)]),
    /// received at `at` nanoseconds.
    static func walk(_ reader: SNMPTableReader, _ values: [OID: [([UInt32], SNMPValue)]], at: UInt64 = 1_000_000_000) -> SNMPTableWalk {
        let columns = reader.columns
        let entries = columns.map { column in
            (values[column] ?? []).map { SNMPColumnEntry(index: $0.0, value: $0.1, receivedAt: at) }
        }
        return SNMPTableWalk(columns: columns, entries: entries, requests: 1, startedAt: at, finishedAt: at)
    }

    static func sample(_ families: [MetricFamily], _ name: String, where labels: [String: String]) -> Double? {
        families.first { $0.name == name }?.samples.first { sample in
            labels.allSatisfy { label in sample.labels.contains { $0.name == label.key && $0.value == label.value } }
        }?.value
    }

    static let sensor = OID([1, 3, 6, 1, 2, 1, 99, 1, 1, 1])
    static let physicalDescr = OID([1, 3, 6, 1, 2, 1, 47, 1, 1, 1, 1, 2])

    @Test("ENTITY-SENSOR watts become dBm, joined to the port named in entPhysicalDescr")
    func entitySensorOptics() throws {
        let optics = try #require(try Self.catalog().definitions["optics"])
        let reader = SNMPTableReader(definition: optics, switchName: "sw1")
        func column(_ n: UInt32) -> OID { Self.sensor.appending([n]) }
        let walk = Self.walk(reader, [
            column(1): [([100305213], .integer(6)), ([100305212], .integer(6)), ([100305201], .integer(8))],
            column(2): [([100305213], .integer(8)), ([100305212], .integer(8)), ([100305201], .integer(9))],
            column(3): [([100305213], .integer(4)), ([100305212], .integer(4)), ([100305201], .integer(1))],
            column(4): [([100305213], .integer(4025)), ([100305212], .integer(6015)), ([100305201], .integer(229))],
            Self.physicalDescr: [
                ([100305213], .octets(Array("DOM RX Power Sensor for Ethernet5".utf8))),
                ([100305212], .octets(Array("DOM TX Power Sensor for Ethernet5".utf8))),
                ([100305201], .octets(Array("DOM Temperature Sensor for Ethernet5".utf8))),
            ],
        ])
        let interfaces: [UInt32: SNMPTableInterface] = [5: SNMPTableInterface(ifIndex: 5, name: "Ethernet5", alias: "AS64500 Example", memberASN: 64500)]
        var tracker = TableCounterTracker()
        let result = reader.read(walk, interfaces: interfaces, tracker: &tracker, at: 1_700_000_000)
        let rx = try #require(Self.sample(result.families, "ixp_optics_rx_power_dbm", where: ["interface": "Ethernet5"]))
        #expect(abs(rx - 10 * log10(0.4025)) < 1e-9)  // 0.4025 mW = −3.95 dBm
        let tx = try #require(Self.sample(result.families, "ixp_optics_tx_power_dbm", where: ["member_asn": "64500", "sensor": "100305212"]))
        #expect(abs(tx - 10 * log10(0.6015)) < 1e-9)
        #expect(Self.sample(result.families, "ixp_optics_temperature_celsius", where: ["interface": "Ethernet5"]) == 22.9)
        #expect(result.samples.contains { $0.key.name == "ixp_optics_rx_power_dbm" && $0.key[label: "interface"] == "Ethernet5" })
        let family = try #require(result.families.first { $0.name == "ixp_optics_rx_power_dbm" })
        #expect(family.samples.first?.labels.map(\.name) == ["switch", "interface", "member_asn", "sensor"])
    }

    @Test("entAliasMappingIdentifier joins an entPhysicalIndex to its ifIndex")
    func entAliasMappingJoin() throws {
        let text = """
            probe: aliased
            tables:
              - table: entPhySensorTable
                oid: 1.3.6.1.2.1.99.1.1.1
                index: [entPhysicalIndex]
                columns:
                  entPhySensorValue: {subid: 4, type: integer}
                metrics:
                  - name: ixp_test_sensor_value
                    help: A reading.
                    type: gauge
                    value: entPhySensorValue
                    interface: {index: entPhysicalIndex, via: entAliasMapping}
            """
        let definition = try SNMPTableDefinition.parse(text, file: "aliased.yaml")
        let reader = SNMPTableReader(definition: definition, switchName: "sw1")
        #expect(reader.columns.contains(SNMPTableReader.entAliasMappingIdentifier))
        let walk = Self.walk(reader, [
            Self.sensor.appending([4]): [([1001], .integer(-250))],
            SNMPTableReader.entAliasMappingIdentifier: [([1001, 0], .oid(OID([1, 3, 6, 1, 2, 1, 2, 2, 1, 1, 17])))],
        ])
        var tracker = TableCounterTracker()
        let result = reader.read(walk, interfaces: [17: SNMPTableInterface(ifIndex: 17, name: "xe-0/0/1", label: "xe-0/0/1")],
                                 tracker: &tracker, at: 0)
        #expect(Self.sample(result.families, "ixp_test_sensor_value", where: ["interface": "xe-0/0/1"]) == -250)
    }

    static let peer = OID([1, 3, 6, 1, 2, 1, 15, 3, 1])

    static func bgpWalk(_ reader: SNMPTableReader, inUpdates: SNMPValue, at: UInt64) -> SNMPTableWalk {
        walk(reader, [
            peer.appending([2]): [([192, 0, 2, 1], .integer(6))],
            peer.appending([9]): [([192, 0, 2, 1], .integer(64500))],
            peer.appending([10]): [([192, 0, 2, 1], inUpdates)],
            peer.appending([11]): [([192, 0, 2, 1], .counter32(12))],
        ], at: at)
    }

    @Test("a Counter32 of a table that wraps keeps its exported counter rising; a reset is a gap")
    func tableCounterWrap() throws {
        let bgp4 = try #require(try Self.catalog().definitions["bgp4"])
        let reader = SNMPTableReader(definition: bgp4, switchName: "rr1")
        var tracker = TableCounterTracker()
        tracker.beginPoll(sysUpTime: 1000)
        let first = reader.read(Self.bgpWalk(reader, inUpdates: .counter32(4_294_967_000), at: 1_000_000_000),
                                interfaces: [:], tracker: &tracker, at: 0)
        #expect(Self.sample(first.families, "ixp_bgp_peer_in_updates_total", where: ["peer": "192.0.2.1", "peer_asn": "64500"]) == 4_294_967_000)
        #expect(Self.sample(first.families, "ixp_bgp_peer_state", where: ["peer": "192.0.2.1"]) == 6)

        tracker.beginPoll(sysUpTime: 7000)
        let wrapped = reader.read(Self.bgpWalk(reader, inUpdates: .counter32(104), at: 61_000_000_000),
                                  interfaces: [:], tracker: &tracker, at: 60)
        // 2^32 − 4,294,967,000 + 104 = 400 updates in 60 s.
        #expect(Self.sample(wrapped.families, "ixp_bgp_peer_in_updates_total", where: ["peer": "192.0.2.1"]) == 4_294_967_400)
        let rate = try #require(wrapped.samples.first { $0.key.name == "ixp_bgp_peer_in_updates_per_second" })
        #expect(abs(rate.value - 400.0 / 60) < 1e-9)

        // The agent restarted (sysUpTime went back): the counter starts again from 3, the
        // exported counter stays, and the interval is unknown rather than a spike.
        tracker.beginPoll(sysUpTime: 10)
        let restarted = reader.read(Self.bgpWalk(reader, inUpdates: .counter32(3), at: 121_000_000_000),
                                    interfaces: [:], tracker: &tracker, at: 120)
        #expect(Self.sample(restarted.families, "ixp_bgp_peer_in_updates_total", where: ["peer": "192.0.2.1"]) == 4_294_967_400)
        #expect(restarted.samples.first { $0.key.name == "ixp_bgp_peer_in_updates_per_second" }?.value.isNaN == true)

        // A Counter32 that goes down by more than half its range is a reset, not a wrap.
        tracker.beginPoll(sysUpTime: 6010)
        _ = reader.read(Self.bgpWalk(reader, inUpdates: .counter32(1_000_000_000), at: 181_000_000_000), interfaces: [:], tracker: &tracker, at: 180)
        tracker.beginPoll(sysUpTime: 12010)
        let reset = reader.read(Self.bgpWalk(reader, inUpdates: .counter32(5), at: 241_000_000_000), interfaces: [:], tracker: &tracker, at: 240)
        #expect(reset.samples.first { $0.key.name == "ixp_bgp_peer_in_updates_per_second" }?.value.isNaN == true)
        #expect(reset.warnings.contains { $0.contains("plausible wrap") })
    }

    @Test("the shared wrap rule: a plausible Counter32 wrap, never a Counter64 one")
    func counterDelta() {
        #expect(CounterDelta.growth(from: 10, to: 25, bits: 64, ceiling: nil) == 15)
        #expect(CounterDelta.growth(from: 4_294_967_290, to: 4, bits: 32, ceiling: 100) == 10)
        #expect(CounterDelta.growth(from: 4_294_967_290, to: 4, bits: 32, ceiling: 5) == nil)
        #expect(CounterDelta.growth(from: 4_294_967_290, to: 4, bits: 32, ceiling: nil) == nil)
        #expect(CounterDelta.growth(from: 100, to: 4, bits: 64, ceiling: 1e12) == nil)
    }

    static let remote = OID([1, 0, 8802, 1, 1, 2, 1, 4, 1, 1])

    static func lldpWalk(_ reader: SNMPTableReader, system: String, chassis: [UInt8]) -> SNMPTableWalk {
        walk(reader, [
            remote.appending([5]): [([160, 611, 7], .octets(chassis))],
            remote.appending([7]): [([160, 611, 7], .octets(Array("xe-0/1/0".utf8)))],
            remote.appending([9]): [([160, 611, 7], .octets(Array(system.utf8)))],
        ])
    }

    @Test("an LLDP neighbour that changes on a port is noted, and the note survives a restart")
    func lldpNeighbourChange() throws {
        let lldp = try #require(try Self.catalog().definitions["lldp"])
        let reader = SNMPTableReader(definition: lldp, switchName: "mx1")
        let interfaces: [UInt32: SNMPTableInterface] = [611: SNMPTableInterface(ifIndex: 611, name: "xe-1/2/0", memberASN: 64500)]
        var tracker = TableCounterTracker()
        var log = SNMPTableProbe.ChangeLog()
        var samples: [Sample] = []

        let first = reader.read(Self.lldpWalk(reader, system: "core-1", chassis: [0xa8, 0xd0, 0xe5, 0xf5, 0xaf, 0xc0]),
                                interfaces: interfaces, tracker: &tracker, at: 100)
        #expect(first.families.first?.samples.first?.labels.contains { $0 == ("neighbor_chassis_id", "a8:d0:e5:f5:af:c0") } == true)
        #expect(first.families.first?.samples.first?.labels.contains { $0 == ("interface", "xe-1/2/0") } == true)
        let none = SNMPTableProbe.trackChanges(first.observed, definition: lldp, log: &log, time: 100, samples: &samples)
        #expect(none.first?.samples.isEmpty == true)

        // The agent restarts: the log comes back from the state database's bytes.
        let saved = try JSONEncoder().encode(log)
        var restored = try JSONDecoder().decode(SNMPTableProbe.ChangeLog.self, from: saved)
        let second = reader.read(Self.lldpWalk(reader, system: "core-2", chassis: [0, 0x23, 0x89, 0x3c, 0x2d, 0x27]),
                                 interfaces: interfaces, tracker: &tracker, at: 200)
        let changed = SNMPTableProbe.trackChanges(second.observed, definition: lldp, log: &restored, time: 200, samples: &samples)
        let change = try #require(changed.first?.samples.first)
        #expect(change.value == 200)
        #expect(change.labels.contains { $0 == ("previous", "a8:d0:e5:f5:af:c0 xe-0/1/0 core-1") })
        #expect(change.labels.contains { $0 == ("current", "00:23:89:3c:2d:27 xe-0/1/0 core-2") })
        #expect(change.labels.contains { $0 == ("member_asn", "64500") })
        #expect(samples.contains { $0.key.name == "ixp_lldp_neighbor_change_timestamp_seconds" && $0.value == 200 })
    }
}
