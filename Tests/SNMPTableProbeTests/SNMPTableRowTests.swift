import SNMPClient
@testable import SNMPTableProbe
import Testing

/// How a walked row's values become label text, for values a broken agent may send.
@Suite("SNMP table rows")
struct SNMPTableRowTests {
    static let table = SNMPTableDefinition.Table(
        name: "testTable", oid: [1, 3, 6, 1, 4, 1, 99, 1], index: ["slot"],
        columns: ["state": .init(subid: 5, kind: .enum, values: [1: "up", 2: "down"])], metrics: [])

    static func row(_ value: SNMPValue) throws -> SNMPTableRow {
        let column = OID(table.oid + [5])
        let walk = SNMPTableWalk(columns: [column], entries: [[SNMPColumnEntry(index: [7], value: value, receivedAt: 1)]],
                                 requests: 1, startedAt: 0, finishedAt: 1)
        var malformed = 0
        let rows = SNMPTableRow.rows(of: table, in: walk, malformed: &malformed)
        #expect(malformed == 0)
        return try #require(rows.first)
    }

    @Test("an enum column names known codes and shows others as numbers")
    func enumCodes() throws {
        #expect(try Self.row(.integer(2)).text(of: "state", in: Self.table) == "down")
        #expect(try Self.row(.gauge32(1)).text(of: "state", in: Self.table) == "up")
        #expect(try Self.row(.integer(-3)).text(of: "state", in: Self.table) == "-3")
    }

    /// Found by the snmp-values fuzz target: the code went through Double to Int, which trapped
    /// for a Counter64 above Int.max (and an INTEGER at Int64.max, which rounds up to 2^63).
    @Test("an enum column holding a number beyond Int.max shows it instead of trapping",
          arguments: [SNMPValue.counter64(.max), .counter64(1 << 63), .integer(.max), .integer(.min)])
    func hugeEnumValue(_ value: SNMPValue) throws {
        #expect(try Self.row(value).text(of: "state", in: Self.table) == value.text)
    }
}
