import Foundation
import IXPCore
import ProbeKit
import SNMPTableProbe
import Testing

@Suite("Declarative SNMP probe definitions")
struct SNMPTableDefinitionTests {
    static var probes: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Probes")
    }

    @Test func theShippedOpticsDefinitionLoads() throws {
        let optics = try SNMPTableDefinition.load(path: Self.probes.appendingPathComponent("optics.yaml").path)
        #expect(optics.name == "optics")
        let table = try #require(optics.tables.first)
        #expect(table.oid == [1, 3, 6, 1, 2, 1, 99, 1, 1, 1])
        #expect(table.index == ["entPhysicalIndex"])
        #expect(table.columns["entPhySensorType"]?.values[14] == "dbm")
        #expect(table.columns["entPhysicalDescr"]?.oid == [1, 3, 6, 1, 2, 1, 47, 1, 1, 1, 1, 2])
        let rx = try #require(table.metrics.first)
        #expect(rx.name == "ixp_optics_rx_power_dbm")
        #expect(rx.scale == .entitySensor(scaleColumn: "entPhySensorScale", precisionColumn: "entPhySensorPrecision"))
        #expect(rx.convert == .dbmFromWatts)
        #expect(rx.interface?.column == "entPhysicalDescr")
        #expect(rx.interface?.via == "ifName")
        let juniper = try #require(optics.tables.last)
        #expect(juniper.metrics.first?.name == "ixp_optics_rx_power_dbm")
        #expect(juniper.metrics.first?.interface?.index == "ifIndex")
    }

    @Test func everyShippedDefinitionLoadsFromTheDirectory() throws {
        let catalog = try SNMPTableDefinitionCatalog.load(directory: Self.probes.path)
        #expect(catalog.availableNames == ["if-mib", "bgp4", "lldp", "optics", "switch-health"])
        #expect(catalog.definitions["bgp4"]?.tables.first?.indexTypes["bgpPeerRemoteAddr"] == .ipv4)
    }

    @Test func theShippedLLDPDefinitionLoads() throws {
        let lldp = try SNMPTableDefinition.load(path: Self.probes.appendingPathComponent("lldp.yaml").path)
        let metric = try #require(lldp.tables.first?.metrics.first)
        #expect(metric.kind == .info)
        #expect(metric.labels["neighbor_system_name"] == "lldpRemSysName")
        #expect(lldp.tables.first?.index.count == 3)
    }

    static let valid = """
        probe: example
        tables:
          - table: t
            oid: 1.3.6.1.4.1.9999.1.1
            index: [i]
            columns:
              c: {subid: 2, type: counter}
              g: {subid: 3, type: integer}
            metrics:
              - {name: ixp_example_total, help: Things., type: counter, value: c, labels: {index: i}}
        """

    @Test func aSmallDefinitionParses() throws {
        let definition = try SNMPTableDefinition.parse(Self.valid, file: "example.yaml")
        #expect(definition.tables.first?.metrics.first?.labels == ["index": "i"])
    }

    @Test(arguments: [
        ("oid: 1.3.6.1.4.1.9999.1.1", "oid: 1.3.six", 4, "numeric OID"),
        ("c: {subid: 2, type: counter}", "c: {subid: 2, type: countr}", 7, "expected one of"),
        ("c: {subid: 2, type: counter}", "c: {subid: 2, type: counter, colour: red}", 7, "unknown key 'colour'"),
        ("g: {subid: 3, type: integer}", "g: {subid: 2, type: integer}", 8, "same subid"),
        ("name: ixp_example_total", "name: ixp_example", 10, "ends in _total"),
        ("name: ixp_example_total", "name: ixp_interface_up_total", 10, "agent's own probes"),
        ("value: c", "value: nope", 10, "no column nope"),
        ("labels: {index: i}", "labels: {index: x}", 10, "neither a column nor an index"),
        ("labels: {index: i}", "labels: {switch: i}", 10, "interface join"),
        ("labels: {index: i}", "labels: {index: i}, match: {nope: x}", 10, "neither a column nor an index"),
        ("labels: {index: i}", "labels: {index: i}, match: {g: \"(\"}", 10, "not a valid regular expression"),
        ("labels: {index: i}", "labels: {index: i}, interface: {column: nope, via: ifName}", 10, "no column nope"),
        ("index: [i]", "index: [{i: ipv6}]", 5, "expected one of"),
        ("type: counter, value: c", "type: gauge, value: c", 10, "cannot take its value from counter"),
    ])
    func mistakesNameTheirLine(original: String, replacement: String, line: Int, words: String) {
        let text = Self.valid.replacingOccurrences(of: original, with: replacement)
        do {
            _ = try SNMPTableDefinition.parse(text, file: "example.yaml")
            Issue.record("must fail: \(replacement)")
        } catch {
            #expect(error.file == "example.yaml")
            #expect(error.line == line, "\(error)")
            #expect(error.message.contains(words), "\(error)")
        }
    }
}
