import SNMPClient

/// One row of a walked table: its index and the values of the columns the agent gave.
struct SNMPTableRow: Sendable {
    /// The instance suffix after the column OID.
    var suffix: [UInt32]
    /// Index component → its text (`17`, `192.0.2.1`).
    var index: [String: String]
    /// Column name → value.
    var values: [String: SNMPValue]
    /// When the first response carrying one of its values arrived (monotonic nanoseconds).
    var receivedAt: UInt64

    /// `1.2.3`: the row's key among its table's rows.
    var key: String { suffix.map(String.init).joined(separator: ".") }

    /// Splits a walk into the rows of `table`. Instances whose suffix does not fit the index
    /// are counted in `malformed` and left out.
    static func rows(of table: SNMPTableDefinition.Table, in walk: SNMPTableWalk, malformed: inout Int) -> [SNMPTableRow] {
        let widths = table.index.map { (table.indexTypes[$0] ?? .integer).width }
        let totalWidth = widths.reduce(0, +)
        var rows: [[UInt32]: SNMPTableRow] = [:]
        for (name, column) in table.columns {
            for entry in walk.entries(of: OID(table.columnOID(column))) {
                guard entry.index.count == totalWidth, !entry.value.isException else {
                    if !entry.value.isException { malformed += 1 }
                    continue
                }
                if rows[entry.index] == nil {
                    var index: [String: String] = [:]
                    var position = 0
                    for (component, width) in zip(table.index, widths) {
                        let parts = entry.index[position..<(position + width)]
                        index[component] = parts.map(String.init).joined(separator: ".")
                        position += width
                    }
                    rows[entry.index] = SNMPTableRow(suffix: entry.index, index: index, values: [:], receivedAt: entry.receivedAt)
                }
                rows[entry.index]?.values[name] = entry.value
            }
        }
        return rows.values.sorted { $0.suffix.lexicographicallyPrecedes($1.suffix) }
    }

    /// The text of a column or index component, as a label shows it.
    func text(of source: String, in table: SNMPTableDefinition.Table) -> String? {
        if let text = index[source] { return text }
        if source == SNMPTableDefinition.wholeIndex { return key }
        guard let value = values[source], let column = table.columns[source] else { return nil }
        switch column.kind {
        case .hex:
            if case .octets(let bytes) = value {
                return bytes.map { byte in
                    let hex = String(byte, radix: 16)
                    return hex.count == 1 ? "0" + hex : hex
                }.joined(separator: ":")
            }
            return value.text
        case .enum:
            if let code = Self.enumCode(value) { return column.values[code] ?? String(code) }
            return value.text
        case .integer, .counter, .string:
            return value.text
        }
    }

    /// A column's value as a number, when it is one.
    func number(of column: String) -> Double? {
        values[column].flatMap(Self.number)
    }

    /// A value as an enum's code, exactly: a Counter64 beyond `Int.max` (which a broken agent
    /// may send in any column) is no code, and is shown as its number.
    static func enumCode(_ value: SNMPValue) -> Int? {
        switch value {
        case .integer(let v): return Int(exactly: v)
        case .counter32(let v), .gauge32(let v), .timeticks(let v): return Int(v)
        case .counter64(let v): return Int(exactly: v)
        default: return nil
        }
    }

    static func number(_ value: SNMPValue) -> Double? {
        switch value {
        case .integer(let v): return Double(v)
        case .counter32(let v), .gauge32(let v), .timeticks(let v): return Double(v)
        case .counter64(let v): return Double(v)
        default: return nil
        }
    }
}
