import InterfaceProbe
import SNMPClient
import Testing

@Suite("Interface table parser")
struct InterfaceTableParserTests {
    func walk(_ columns: [OID: [(UInt32, SNMPValue)]]) -> SNMPTableWalk {
        let order = IFMIB.counterColumns
        return SNMPTableWalk(
            columns: order,
            entries: order.map { column in
                (columns[column] ?? []).map { SNMPColumnEntry(index: [$0.0], value: $0.1, receivedAt: 7) }
            },
            requests: 1, startedAt: 0, finishedAt: 1)
    }

    @Test func choosesTheCounterWidthPerInterface() {
        let readings = InterfaceTableParser.readings(from: walk([
            IFMIB.ifOperStatus: [(1, .integer(1)), (2, .integer(1)), (3, .integer(2))],
            IFMIB.ifHCInOctets: [(1, .counter64(5_000_000_000)), (3, .counter64(0))],
            IFMIB.ifHCOutOctets: [(1, .counter64(6_000_000_000)), (3, .counter64(0))],
            IFMIB.ifInOctets: [(1, .counter32(705_032_704)), (2, .counter32(42)), (3, .counter32(77))],
            IFMIB.ifOutOctets: [(1, .counter32(1_705_032_704)), (2, .counter32(43)), (3, .counter32(78))],
            IFMIB.ifInErrors: [(1, .counter32(3)), (2, .counter32(4)), (3, .counter32(5))],
        ]))
        #expect(readings.map(\.index) == [1, 2, 3])
        // 1: has HC counters.
        #expect(readings[0].usesHighCapacity)
        #expect(readings[0][.receiveBytes] == CounterValue(5_000_000_000, bits: 64))
        #expect(readings[0][.receiveErrors] == CounterValue(3, bits: 32))
        // 2: no HC counters in its row.
        #expect(!readings[1].usesHighCapacity)
        #expect(readings[1][.receiveBytes] == CounterValue(42, bits: 32))
        // 3: HC counters all zero while the 32-bit ones count.
        #expect(!readings[2].usesHighCapacity)
        #expect(readings[2][.transmitBytes] == CounterValue(78, bits: 32))
        #expect(readings[0].receivedAt == 7)
    }

    @Test func anIdlePortKeepsItsHCCounters() {
        let readings = InterfaceTableParser.readings(from: walk([
            IFMIB.ifOperStatus: [(9, .integer(2))],
            IFMIB.ifHCInOctets: [(9, .counter64(0))],
            IFMIB.ifHCOutOctets: [(9, .counter64(0))],
            IFMIB.ifInOctets: [(9, .counter32(0))],
            IFMIB.ifOutOctets: [(9, .counter32(0))],
        ]))
        #expect(readings.first?.usesHighCapacity == true)
    }

    @Test func labelsPreferIfHighSpeedAndFormatTheMAC() {
        let columns = IFMIB.labelColumns
        let values: [OID: [(UInt32, SNMPValue)]] = [
            IFMIB.ifName: [(1, .octets(Array("Et1".utf8)))],
            IFMIB.ifAlias: [(1, .octets(Array("AS64500 Example".utf8)))],
            IFMIB.ifSpeed: [(1, .gauge32(UInt32.max)), (2, .gauge32(100_000_000))],
            IFMIB.ifHighSpeed: [(1, .gauge32(100_000)), (2, .gauge32(0))],
            IFMIB.ifPhysAddress: [(1, .octets([0, 0x1c, 0x73, 0, 0, 1]))],
        ]
        let walk = SNMPTableWalk(columns: columns, entries: columns.map { column in
            (values[column] ?? []).map { SNMPColumnEntry(index: [$0.0], value: $0.1, receivedAt: 0) }
        }, requests: 1, startedAt: 0, finishedAt: 0)
        let labels = InterfaceTableParser.labels(from: walk)
        #expect(labels[1]?.speedBitsPerSecond == 100e9)
        #expect(labels[2]?.speedBitsPerSecond == 100e6)
        #expect(labels[1]?.physAddress == "00:1c:73:00:00:01")
        #expect(labels[2]?.displayName == "ifIndex 2")
    }

    @Test func duplicateAndEmptyNamesBecomeDistinct() {
        let names = InterfaceNaming.uniqueNames([
            1: InterfaceLabels(index: 1, name: "Gi0/1"),
            2: InterfaceLabels(index: 2, name: "Gi0/1"),
            3: InterfaceLabels(index: 3),
            4: InterfaceLabels(index: 4, descr: "Vlan1"),
        ])
        #expect(names[1] == "Gi0/1#1")
        #expect(names[2] == "Gi0/1#2")
        #expect(names[3] == "ifIndex 3")
        #expect(names[4] == "Vlan1")
        #expect(Set(names.values).count == 4)
    }

    @Test func memberASNFromAliasOrConfiguration() throws {
        let mapping = MemberPortMapping(explicit: ["Et9": 65001])
        try mapping.validate()
        let resolver = mapping.resolver()
        #expect(resolver.asn(for: InterfaceLabels(index: 1, name: "Et1", alias: "AS64500 Example Networks")) == 64500)
        #expect(resolver.asn(for: InterfaceLabels(index: 2, name: "Et2", alias: "peer as-13335 cloudflare")) == 13335)
        #expect(resolver.asn(for: InterfaceLabels(index: 3, name: "Et3", alias: "uplink to core")) == nil)
        #expect(resolver.asn(for: InterfaceLabels(index: 4, name: "Et4", alias: "BASE64 thing")) == nil)
        #expect(resolver.asn(for: InterfaceLabels(index: 9, name: "Et9", alias: "AS1")) == 65001)
        #expect(throws: MemberPortMappingError.self) { try MemberPortMapping(aliasPattern: "AS([0-9]+").validate() }
    }
}
