public import SNMPClient

/// The IF-MIB (RFC 2863) and SNMPv2-MIB objects the interface probe reads, as numeric OIDs:
/// Debian ships no MIB files and the agent never resolves names.
public enum IFMIB {
    /// sysUpTime.0: the agent's uptime in hundredths of a second; going backwards means it restarted.
    public static let sysUpTime = OID([1, 3, 6, 1, 2, 1, 1, 3, 0])
    /// sysName.0.
    public static let sysName = OID([1, 3, 6, 1, 2, 1, 1, 5, 0])
    /// sysDescr.0: the switch's own description, with its software (SNMPv2-MIB).
    public static let sysDescr = OID([1, 3, 6, 1, 2, 1, 1, 1, 0])
    /// snmpEngineTime.0: seconds since the SNMP engine last (re)started (SNMP-FRAMEWORK-MIB);
    /// unlike sysUpTime it does not wrap after 497 days.
    public static let snmpEngineTime = OID([1, 3, 6, 1, 6, 3, 10, 2, 1, 3, 0])
    /// ENTITY-MIB entPhysicalClass: 3 is a chassis.
    public static let entPhysicalClass = OID([1, 3, 6, 1, 2, 1, 47, 1, 1, 1, 1, 5])
    /// ENTITY-MIB entPhysicalSoftwareRev.
    public static let entPhysicalSoftwareRev = OID([1, 3, 6, 1, 2, 1, 47, 1, 1, 1, 1, 10])
    /// ENTITY-MIB entPhysicalModelName.
    public static let entPhysicalModelName = OID([1, 3, 6, 1, 2, 1, 47, 1, 1, 1, 1, 13])

    static func ifTable(_ column: UInt32) -> OID { OID([1, 3, 6, 1, 2, 1, 2, 2, 1, column]) }
    static func ifXTable(_ column: UInt32) -> OID { OID([1, 3, 6, 1, 2, 1, 31, 1, 1, 1, column]) }

    public static let ifDescr = ifTable(2)
    public static let ifType = ifTable(3)
    public static let ifSpeed = ifTable(5)
    public static let ifPhysAddress = ifTable(6)
    public static let ifAdminStatus = ifTable(7)
    public static let ifOperStatus = ifTable(8)
    public static let ifInOctets = ifTable(10)
    public static let ifInUcastPkts = ifTable(11)
    public static let ifInDiscards = ifTable(13)
    public static let ifInErrors = ifTable(14)
    public static let ifOutOctets = ifTable(16)
    public static let ifOutUcastPkts = ifTable(17)
    public static let ifOutDiscards = ifTable(19)
    public static let ifOutErrors = ifTable(20)

    public static let ifName = ifXTable(1)
    public static let ifInMulticastPkts = ifXTable(2)
    public static let ifInBroadcastPkts = ifXTable(3)
    public static let ifOutMulticastPkts = ifXTable(4)
    public static let ifOutBroadcastPkts = ifXTable(5)
    public static let ifHCInOctets = ifXTable(6)
    public static let ifHCInUcastPkts = ifXTable(7)
    public static let ifHCInMulticastPkts = ifXTable(8)
    public static let ifHCInBroadcastPkts = ifXTable(9)
    public static let ifHCOutOctets = ifXTable(10)
    public static let ifHCOutUcastPkts = ifXTable(11)
    public static let ifHCOutMulticastPkts = ifXTable(12)
    public static let ifHCOutBroadcastPkts = ifXTable(13)
    public static let ifHighSpeed = ifXTable(15)
    public static let ifAlias = ifXTable(18)
    public static let ifCounterDiscontinuityTime = ifXTable(19)

    /// The columns that describe an interface and rarely change: walked when the probe starts,
    /// when an unknown ifIndex appears, and every N polls.
    public static let labelColumns: [OID] = [
        ifDescr, ifName, ifAlias, ifType, ifSpeed, ifHighSpeed, ifPhysAddress, ifAdminStatus,
    ]

    /// The columns walked on every poll: status, the 64-bit counters, their 32-bit fallbacks,
    /// errors, discards and the discontinuity time.
    public static let counterColumns: [OID] =
        [ifOperStatus]
        + InterfaceCounter.allCases.flatMap { counter in [counter.hcColumn, counter.column32].compactMap { $0 } }
        + [ifCounterDiscontinuityTime]
}

/// The counters of one interface that the probe turns into rates and Prometheus counters.
public enum InterfaceCounter: Int, CaseIterable, Sendable, Codable {
    case receiveBytes, transmitBytes
    case receiveUnicastPackets, receiveMulticastPackets, receiveBroadcastPackets
    case transmitUnicastPackets, transmitMulticastPackets, transmitBroadcastPackets
    case receiveErrors, transmitErrors, receiveDiscards, transmitDiscards

    /// The 64-bit ifXTable column, when IF-MIB has one.
    public var hcColumn: OID? {
        switch self {
        case .receiveBytes: return IFMIB.ifHCInOctets
        case .transmitBytes: return IFMIB.ifHCOutOctets
        case .receiveUnicastPackets: return IFMIB.ifHCInUcastPkts
        case .receiveMulticastPackets: return IFMIB.ifHCInMulticastPkts
        case .receiveBroadcastPackets: return IFMIB.ifHCInBroadcastPkts
        case .transmitUnicastPackets: return IFMIB.ifHCOutUcastPkts
        case .transmitMulticastPackets: return IFMIB.ifHCOutMulticastPkts
        case .transmitBroadcastPackets: return IFMIB.ifHCOutBroadcastPkts
        case .receiveErrors, .transmitErrors, .receiveDiscards, .transmitDiscards: return nil
        }
    }

    /// The 32-bit column.
    public var column32: OID {
        switch self {
        case .receiveBytes: return IFMIB.ifInOctets
        case .transmitBytes: return IFMIB.ifOutOctets
        case .receiveUnicastPackets: return IFMIB.ifInUcastPkts
        case .receiveMulticastPackets: return IFMIB.ifInMulticastPkts
        case .receiveBroadcastPackets: return IFMIB.ifInBroadcastPkts
        case .transmitUnicastPackets: return IFMIB.ifOutUcastPkts
        case .transmitMulticastPackets: return IFMIB.ifOutMulticastPkts
        case .transmitBroadcastPackets: return IFMIB.ifOutBroadcastPkts
        case .receiveErrors: return IFMIB.ifInErrors
        case .transmitErrors: return IFMIB.ifOutErrors
        case .receiveDiscards: return IFMIB.ifInDiscards
        case .transmitDiscards: return IFMIB.ifOutDiscards
        }
    }

    /// Whether it counts bytes (else packets or events).
    public var countsBytes: Bool { self == .receiveBytes || self == .transmitBytes }

    /// The most it can plausibly grow per second on a link of `bitsPerSecond`: line rate in
    /// bytes, or minimum-size frames (64 bytes + 20 of preamble and gap) for packet counters.
    public func ceilingPerSecond(bitsPerSecond: Double) -> Double {
        countsBytes ? bitsPerSecond / 8 : bitsPerSecond / (84 * 8)
    }

    /// The name used in the poll command's output.
    public var shortName: String {
        switch self {
        case .receiveBytes: return "in_bytes"
        case .transmitBytes: return "out_bytes"
        case .receiveUnicastPackets: return "in_unicast"
        case .receiveMulticastPackets: return "in_multicast"
        case .receiveBroadcastPackets: return "in_broadcast"
        case .transmitUnicastPackets: return "out_unicast"
        case .transmitMulticastPackets: return "out_multicast"
        case .transmitBroadcastPackets: return "out_broadcast"
        case .receiveErrors: return "in_errors"
        case .transmitErrors: return "out_errors"
        case .receiveDiscards: return "in_discards"
        case .transmitDiscards: return "out_discards"
        }
    }
}
