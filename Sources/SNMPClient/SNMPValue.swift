/// A typed SNMP value as it arrived in a varbind.
public enum SNMPValue: Hashable, Sendable {
    /// INTEGER (Integer32).
    case integer(Int64)
    /// OCTET STRING, raw bytes.
    case octets([UInt8])
    /// OBJECT IDENTIFIER.
    case oid(OID)
    /// IpAddress, four bytes.
    case ipAddress([UInt8])
    /// Counter32.
    case counter32(UInt32)
    /// Gauge32 / Unsigned32.
    case gauge32(UInt32)
    /// TimeTicks, hundredths of a second.
    case timeticks(UInt32)
    /// Counter64, always unsigned (values ≥ 2^63 stay positive).
    case counter64(UInt64)
    /// Opaque, raw bytes.
    case opaque([UInt8])
    /// NULL.
    case null
    /// The agent has no such object.
    case noSuchObject
    /// The agent has no such instance.
    case noSuchInstance
    /// The walk went past the last object the agent has.
    case endOfMibView

    /// Whether this is one of the three exception values rather than data.
    public var isException: Bool {
        switch self {
        case .noSuchObject, .noSuchInstance, .endOfMibView: return true
        default: return false
        }
    }

    /// The value as an unsigned number when it is one (counters, gauges, timeticks and
    /// non-negative integers), else nil.
    public var unsignedValue: UInt64? {
        switch self {
        case .counter32(let v), .gauge32(let v), .timeticks(let v): return UInt64(v)
        case .counter64(let v): return v
        case .integer(let v): return v >= 0 ? UInt64(v) : nil
        default: return nil
        }
    }

    /// The value as text: UTF-8 for printable octet strings, hex otherwise; numbers in decimal.
    public var text: String {
        switch self {
        case .integer(let v): return String(v)
        case .octets(let bytes), .opaque(let bytes):
            if let string = String(validating: bytes, as: UTF8.self),
               !string.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r" }) {
                return string
            }
            return bytes.map { byte in
                let hex = String(byte, radix: 16, uppercase: true)
                return hex.count == 1 ? "0" + hex : hex
            }.joined(separator: " ")
        case .oid(let oid): return oid.description
        case .ipAddress(let bytes): return bytes.map(String.init).joined(separator: ".")
        case .counter32(let v), .gauge32(let v), .timeticks(let v): return String(v)
        case .counter64(let v): return String(v)
        case .null: return ""
        case .noSuchObject: return "noSuchObject"
        case .noSuchInstance: return "noSuchInstance"
        case .endOfMibView: return "endOfMibView"
        }
    }

    /// The SMI type name (`Counter64`, `INTEGER`, …), as net-snmp's tools print it.
    public var typeName: String {
        switch self {
        case .integer: return "INTEGER"
        case .octets: return "STRING"
        case .oid: return "OID"
        case .ipAddress: return "IpAddress"
        case .counter32: return "Counter32"
        case .gauge32: return "Gauge32"
        case .timeticks: return "Timeticks"
        case .counter64: return "Counter64"
        case .opaque: return "Opaque"
        case .null: return "NULL"
        case .noSuchObject: return "noSuchObject"
        case .noSuchInstance: return "noSuchInstance"
        case .endOfMibView: return "endOfMibView"
        }
    }
}

/// One variable binding: an instance OID and its value.
public struct SNMPVarBind: Hashable, Sendable {
    /// The instance OID.
    public var oid: OID
    /// Its value.
    public var value: SNMPValue

    /// Creates a varbind.
    public init(oid: OID, value: SNMPValue) {
        self.oid = oid
        self.value = value
    }
}
