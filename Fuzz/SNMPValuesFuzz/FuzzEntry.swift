// libFuzzer entry point for what the agent makes of an SNMP agent's values once net-snmp has
// decoded them (Sources/SNMPClient, Sources/InterfaceProbe, Sources/SNMPTableProbe): value
// text and numbers, IF-MIB labels and counters, declarative table rows and their labels.
// Built by Fuzz/run.sh; see Fuzz/README.md.
import Foundation

/// A declarative table with one column of each kind and an integer plus an IPv4 index.
private let table = SNMPTableDefinition.Table(
    name: "fuzzTable", oid: [1, 3, 6, 1, 4, 1, 99, 1], index: ["slot", "peer"], indexTypes: ["peer": .ipv4],
    columns: ["int": .init(subid: 1, kind: .integer), "counter": .init(subid: 2, kind: .counter),
              "name": .init(subid: 3, kind: .string), "mac": .init(subid: 4, kind: .hex),
              "state": .init(subid: 5, kind: .enum, values: [1: "up", 2: "down", -1: "odd"])],
    metrics: [])

/// The columns an input's records go to: IF-MIB's and the declarative table's.
private let columns: [OID] = [
    IFMIB.ifDescr, IFMIB.ifName, IFMIB.ifAlias, IFMIB.ifType, IFMIB.ifSpeed, IFMIB.ifHighSpeed,
    IFMIB.ifPhysAddress, IFMIB.ifAdminStatus, IFMIB.ifOperStatus, IFMIB.ifCounterDiscontinuityTime,
] + InterfaceCounter.allCases.flatMap { [$0.column32] + ($0.hcColumn.map { [$0] } ?? []) }
  + (1...5).map { OID(table.oid + [UInt32($0)]) }

/// Reads the input as records (column, index, value), builds a walk of them and runs the
/// interface and table readers over it; also parses the input as a dotted OID. Any trap or
/// sanitizer report is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSNMPValues(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var reader = Reader(bytes: UnsafeBufferPointer(start: data, count: size))
    var entries: [[SNMPColumnEntry]] = Array(repeating: [], count: columns.count)
    while let selector = reader.byte() {
        let column = Int(selector) % columns.count
        guard let indexLength = reader.byte() else { break }
        var index: [UInt32] = []
        for _ in 0..<(indexLength % 7) { index.append(reader.component()) }
        let value = reader.value()
        _ = value.text
        _ = value.typeName
        _ = value.unsignedValue
        _ = value.isException
        entries[column].append(SNMPColumnEntry(index: index, value: value, receivedAt: UInt64(reader.position)))
    }
    for column in entries.indices { entries[column].sort { $0.index.lexicographicallyPrecedes($1.index) } }
    let walk = SNMPTableWalk(columns: columns, entries: entries, requests: 1, startedAt: 0, finishedAt: 1)
    for (_, labels) in InterfaceTableParser.labels(from: walk) { _ = labels.displayName }
    for reading in InterfaceTableParser.readings(from: walk) { _ = reading.counters.count }
    var malformed = 0
    for row in SNMPTableRow.rows(of: table, in: walk, malformed: &malformed) {
        for source in ["slot", "peer", "int", "counter", "name", "mac", "state", SNMPTableDefinition.wholeIndex] {
            _ = row.text(of: source, in: table)
        }
        for source in ["int", "counter", "state"] { _ = row.number(of: source) }
    }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let oid = OID(text), OID(oid.description) != oid { fatalError("OID \(oid) does not survive its text") }
    return 0
}

/// Takes bytes off the front of the input; past its end it gives zeros.
private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    mutating func byte() -> UInt8? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func integer(_ count: Int) -> UInt64 {
        var value: UInt64 = 0
        for _ in 0..<count { value = value << 8 | UInt64(byte() ?? 0) }
        return value
    }

    /// One sub-identifier: a byte, or 0xFF and four bytes.
    mutating func component() -> UInt32 {
        let first = byte() ?? 0
        return first == 0xFF ? UInt32(truncatingIfNeeded: integer(4)) : UInt32(first)
    }

    mutating func octets() -> [UInt8] {
        let length = Int(byte() ?? 0)
        var result: [UInt8] = []
        for _ in 0..<length { guard let b = byte() else { break }; result.append(b) }
        return result
    }

    mutating func value() -> SNMPValue {
        switch (byte() ?? 0) % 13 {
        case 0: return .integer(Int64(bitPattern: integer(8)))
        case 1: return .octets(octets())
        case 2: return .oid(OID((0..<Int((byte() ?? 0) % 12)).map { _ in component() }))
        case 3: return .ipAddress(octets())
        case 4: return .counter32(UInt32(truncatingIfNeeded: integer(4)))
        case 5: return .gauge32(UInt32(truncatingIfNeeded: integer(4)))
        case 6: return .timeticks(UInt32(truncatingIfNeeded: integer(4)))
        case 7: return .counter64(integer(8))
        case 8: return .opaque(octets())
        case 9: return .null
        case 10: return .noSuchObject
        case 11: return .noSuchInstance
        default: return .endOfMibView
        }
    }
}
