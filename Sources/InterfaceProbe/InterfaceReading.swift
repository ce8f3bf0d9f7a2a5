public import SNMPClient

/// What describes an interface: the label columns, cached between polls.
public struct InterfaceLabels: Sendable, Hashable, Codable {
    /// ifIndex.
    public var index: UInt32
    /// ifName (may be empty or repeated on real devices).
    public var name: String
    /// ifDescr.
    public var descr: String
    /// ifAlias: the port description, where IXPs write the member.
    public var alias: String
    /// ifType (6 = ethernetCsmacd, 161 = ieee8023adLag, …).
    public var type: Int?
    /// Speed in bits per second: ifHighSpeed × 10^6 when set, else ifSpeed.
    public var speedBitsPerSecond: Double?
    /// ifPhysAddress as colon-separated hex.
    public var physAddress: String
    /// ifAdminStatus is up(1).
    public var adminUp: Bool?

    /// Creates labels with only an index.
    public init(index: UInt32, name: String = "", descr: String = "", alias: String = "", type: Int? = nil,
                speedBitsPerSecond: Double? = nil, physAddress: String = "", adminUp: Bool? = nil) {
        self.index = index
        self.name = name
        self.descr = descr
        self.alias = alias
        self.type = type
        self.speedBitsPerSecond = speedBitsPerSecond
        self.physAddress = physAddress
        self.adminUp = adminUp
    }

    /// The best human name: ifName, else ifDescr, else "ifIndex N".
    public var displayName: String {
        if !name.isEmpty { return name }
        if !descr.isEmpty { return descr }
        return "ifIndex \(index)"
    }
}

/// One counter value and the width of the SNMP type it came from.
public struct CounterValue: Sendable, Hashable {
    /// The raw counter.
    public var value: UInt64
    /// 32 (Counter32) or 64 (Counter64).
    public var bits: Int

    /// Creates a value.
    public init(_ value: UInt64, bits: Int) {
        self.value = value
        self.bits = bits
    }
}

/// One poll's counters of one interface.
public struct InterfaceReading: Sendable, Hashable {
    /// ifIndex.
    public var index: UInt32
    /// ifOperStatus (1 up, 2 down, …).
    public var operStatus: Int?
    /// Values by `InterfaceCounter.rawValue`; nil where the agent has none.
    public var counters: [CounterValue?]
    /// ifCounterDiscontinuityTime, when the agent has it.
    public var discontinuityTime: UInt32?
    /// Monotonic nanoseconds when the response carrying this row's first counter arrived.
    public var receivedAt: UInt64
    /// Whether the byte and packet counters are the 64-bit ifHC* ones.
    public var usesHighCapacity: Bool

    /// Creates a reading with no counters.
    public init(index: UInt32, operStatus: Int? = nil, receivedAt: UInt64 = 0) {
        self.index = index
        self.operStatus = operStatus
        self.counters = Array(repeating: nil, count: InterfaceCounter.allCases.count)
        self.receivedAt = receivedAt
        self.usesHighCapacity = false
    }

    /// The value of one counter.
    public subscript(_ counter: InterfaceCounter) -> CounterValue? {
        get { counters[counter.rawValue] }
        set { counters[counter.rawValue] = newValue }
    }
}

/// Turns walks of the IF-MIB columns into labels and readings, one per ifIndex.
public enum InterfaceTableParser {
    /// Rows keyed by ifIndex; a column instance whose index is not a single sub-identifier is
    /// ignored (IF-MIB tables have exactly one).
    static func rows(of walk: SNMPTableWalk, column: OID) -> [UInt32: SNMPColumnEntry] {
        var rows: [UInt32: SNMPColumnEntry] = [:]
        for entry in walk.entries(of: column) where entry.index.count == 1 {
            rows[entry.index[0]] = entry
        }
        return rows
    }

    /// The label columns of every interface in `walk`.
    public static func labels(from walk: SNMPTableWalk) -> [UInt32: InterfaceLabels] {
        var result: [UInt32: InterfaceLabels] = [:]
        func update(_ column: OID, _ apply: (inout InterfaceLabels, SNMPValue) -> Void) {
            for entry in walk.entries(of: column) where entry.index.count == 1 {
                let index = entry.index[0]
                apply(&result[index, default: InterfaceLabels(index: index)], entry.value)
            }
        }
        update(IFMIB.ifDescr) { $0.descr = $1.text }
        update(IFMIB.ifName) { $0.name = $1.text }
        update(IFMIB.ifAlias) { $0.alias = $1.text }
        update(IFMIB.ifType) { if case .integer(let v) = $1 { $0.type = Int(v) } }
        update(IFMIB.ifSpeed) { labels, value in
            if labels.speedBitsPerSecond == nil, let v = value.unsignedValue, v > 0 { labels.speedBitsPerSecond = Double(v) }
        }
        update(IFMIB.ifHighSpeed) { labels, value in
            if let v = value.unsignedValue, v > 0 { labels.speedBitsPerSecond = Double(v) * 1_000_000 }
        }
        update(IFMIB.ifPhysAddress) { labels, value in
            if case .octets(let bytes) = value, !bytes.isEmpty {
                labels.physAddress = bytes.map { byte in
                    let hex = String(byte, radix: 16)
                    return hex.count == 1 ? "0" + hex : hex
                }.joined(separator: ":")
            }
        }
        update(IFMIB.ifAdminStatus) { if case .integer(let v) = $1 { $0.adminUp = v == 1 } }
        return result
    }

    /// The counters of every interface in `walk`, choosing per interface between the 64-bit
    /// and the 32-bit columns: 64-bit when the row has ifHCInOctets and ifHCOutOctets and they
    /// are not all zero while 32-bit ones count; 32-bit otherwise (the cisco-c3750 case).
    public static func readings(from walk: SNMPTableWalk) -> [InterfaceReading] {
        var readings: [UInt32: InterfaceReading] = [:]
        for entry in walk.entries(of: IFMIB.ifOperStatus) where entry.index.count == 1 {
            var reading = InterfaceReading(index: entry.index[0], receivedAt: entry.receivedAt)
            if case .integer(let v) = entry.value { reading.operStatus = Int(v) }
            readings[entry.index[0]] = reading
        }
        var hc: [[UInt32: UInt64]] = Array(repeating: [:], count: InterfaceCounter.allCases.count)
        var low: [[UInt32: UInt64]] = Array(repeating: [:], count: InterfaceCounter.allCases.count)
        for counter in InterfaceCounter.allCases {
            if let column = counter.hcColumn {
                for entry in walk.entries(of: column) where entry.index.count == 1 {
                    if case .counter64(let v) = entry.value { hc[counter.rawValue][entry.index[0]] = v }
                    noteRow(entry, in: &readings)
                }
            }
            for entry in walk.entries(of: counter.column32) where entry.index.count == 1 {
                if case .counter32(let v) = entry.value { low[counter.rawValue][entry.index[0]] = UInt64(v) }
                noteRow(entry, in: &readings)
            }
        }
        for entry in walk.entries(of: IFMIB.ifCounterDiscontinuityTime) where entry.index.count == 1 {
            if case .timeticks(let v) = entry.value { readings[entry.index[0]]?.discontinuityTime = v }
        }
        for (index, var reading) in readings {
            let hcValues = InterfaceCounter.allCases.compactMap { hc[$0.rawValue][index] }
            let lowValues = InterfaceCounter.allCases.compactMap { $0.hcColumn == nil ? nil : low[$0.rawValue][index] }
            let hasOctets = hc[InterfaceCounter.receiveBytes.rawValue][index] != nil
                && hc[InterfaceCounter.transmitBytes.rawValue][index] != nil
            let allZero = hcValues.allSatisfy { $0 == 0 } && lowValues.contains { $0 != 0 }
            reading.usesHighCapacity = hasOctets && !allZero
            for counter in InterfaceCounter.allCases {
                if reading.usesHighCapacity, counter.hcColumn != nil, let v = hc[counter.rawValue][index] {
                    reading[counter] = CounterValue(v, bits: 64)
                } else if let v = low[counter.rawValue][index] {
                    reading[counter] = CounterValue(v, bits: 32)
                }
            }
            readings[index] = reading
        }
        return readings.values.sorted { $0.index < $1.index }
    }

    private static func noteRow(_ entry: SNMPColumnEntry, in readings: inout [UInt32: InterfaceReading]) {
        let index = entry.index[0]
        if readings[index] == nil {
            readings[index] = InterfaceReading(index: index, receivedAt: entry.receivedAt)
        }
    }
}
