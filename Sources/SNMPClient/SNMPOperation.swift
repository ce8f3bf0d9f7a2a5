import CNetSNMP

/// One walk or GET in progress on a worker thread.
final class SNMPOperation {
    let id: Int
    let job: SNMPJob
    let session: SNMPSession
    let startedAt: UInt64
    let deadline: UInt64
    var walker: SNMPColumnWalker?
    var requests = 0

    init(id: Int, job: SNMPJob, session: SNMPSession, startedAt: UInt64, deadline: UInt64) {
        self.id = id
        self.job = job
        self.session = session
        self.startedAt = startedAt
        self.deadline = deadline
    }

    var target: SNMPTarget { job.target }

    /// " (after N responses, M values)" for a walk that got somewhere, else "".
    var progressNote: String {
        guard let walker, requests > 1 else { return "" }
        let values = walker.entries.reduce(0) { $0 + $1.count }
        return " (after \(requests - 1) responses with \(values) values)"
    }
}

/// What net-snmp reported for one request.
enum SNMPArrival {
    case response(SNMPResponse)
    case timedOut
    case securityError(SNMPResponse?)
    case failed(String)

    /// A REPORT or a security error: what SNMPv3 sends for wrong users, keys or protocols.
    var isSecurityFailure: Bool {
        switch self {
        case .securityError: return true
        case .response(let response): return response.command == IXP_SNMP_MSG_REPORT
        default: return false
        }
    }
}

/// A response PDU copied out of net-snmp's memory.
struct SNMPResponse {
    var command: Int32
    var errorStatus: Int
    var errorIndex: Int
    var varbinds: [SNMPVarBind]
    var receivedAt: UInt64

    /// Copies `pdu`'s header and varbinds.
    init(pdu: UnsafeMutablePointer<netsnmp_pdu>, receivedAt: UInt64) {
        command = pdu.pointee.command
        errorStatus = pdu.pointee.errstat
        errorIndex = pdu.pointee.errindex
        self.receivedAt = receivedAt
        var varbinds: [SNMPVarBind] = []
        var cursor = pdu.pointee.variables
        while let variable = cursor {
            cursor = variable.pointee.next_variable
            guard let namePointer = variable.pointee.name, variable.pointee.name_length <= 128 else {
                // Keep the position (GETBULK answers are row-major): an empty OID ends its column.
                varbinds.append(SNMPVarBind(oid: OID([]), value: .null))
                continue
            }
            let name = UnsafeBufferPointer(start: namePointer, count: variable.pointee.name_length)
            let oid = OID(name.map { UInt32(truncatingIfNeeded: $0) })
            varbinds.append(SNMPVarBind(oid: oid, value: SNMPValue(variable: variable.pointee)))
        }
        self.varbinds = varbinds
    }

    /// What each RFC 3414 usmStats counter means, by its last sub-identifier.
    static let usmReasons: [UInt32: String] = [
            1: "the agent does not support the requested security level (usmStatsUnsupportedSecLevels)",
            2: "the message was not in the agent's time window (usmStatsNotInTimeWindows)",
            3: "unknown SNMPv3 user name (usmStatsUnknownUserNames)",
            4: "unknown engine ID (usmStatsUnknownEngineIDs)",
            5: "wrong authentication pass phrase or protocol (usmStatsWrongDigests)",
            6: "wrong privacy pass phrase or protocol (usmStatsDecryptionErrors)",
    ]

    /// Names the USM failure a REPORT PDU carries (RFC 3414 usmStats counters).
    var reportDescription: String {
        let usmStats = OID([1, 3, 6, 1, 6, 3, 15, 1, 1])
        let reasons = Self.usmReasons
        for varbind in varbinds where varbind.oid.hasPrefix(usmStats) && varbind.oid.components.count > 9 {
            if let reason = reasons[varbind.oid.components[9]] { return "SNMPv3: " + reason }
        }
        let first = varbinds.first.map { " \($0.oid)" } ?? ""
        return "the agent sent a report instead of a response:\(first)"
    }
}

extension SNMPValue {
    /// Decodes a varbind's value as net-snmp parsed it. A missing or short value decodes as
    /// `.null` rather than reading memory that is not there.
    init(variable: netsnmp_variable_list) {
        let type = Int32(variable.type)
        let length = variable.val_len
        func bytes() -> [UInt8] {
            guard let pointer = variable.val.string, length > 0 else { return [] }
            return Array(UnsafeBufferPointer(start: pointer, count: length))
        }
        func integer() -> Int? {
            guard let pointer = variable.val.integer, length >= MemoryLayout<Int>.size || length >= 4 else { return nil }
            return pointer.pointee
        }
        switch type {
        case IXP_ASN_INTEGER:
            self = integer().map { .integer(Int64(Int32(truncatingIfNeeded: $0))) } ?? .null
        case IXP_ASN_OCTET_STR, IXP_ASN_BIT_STR:
            self = .octets(bytes())
        case IXP_ASN_OPAQUE:
            self = .opaque(bytes())
        case IXP_ASN_IPADDRESS:
            let raw = bytes()
            self = raw.count == 4 ? .ipAddress(raw) : .octets(raw)
        case IXP_ASN_COUNTER:
            self = integer().map { .counter32(UInt32(truncatingIfNeeded: $0)) } ?? .null
        case IXP_ASN_GAUGE, IXP_ASN_UINTEGER:
            self = integer().map { .gauge32(UInt32(truncatingIfNeeded: $0)) } ?? .null
        case IXP_ASN_TIMETICKS:
            self = integer().map { .timeticks(UInt32(truncatingIfNeeded: $0)) } ?? .null
        case IXP_ASN_COUNTER64:
            if let pointer = variable.val.counter64, length >= MemoryLayout<counter64>.size {
                self = .counter64(ixp_counter64(pointer))
            } else {
                self = .null
            }
        case IXP_ASN_OBJECT_ID:
            if let pointer = variable.val.objid, length >= MemoryLayout<CNetSNMP.oid>.size {
                let count = length / MemoryLayout<CNetSNMP.oid>.size
                self = .oid(OID(UnsafeBufferPointer(start: pointer, count: count).map { UInt32(truncatingIfNeeded: $0) }))
            } else {
                self = .null
            }
        case IXP_SNMP_NOSUCHOBJECT: self = .noSuchObject
        case IXP_SNMP_NOSUCHINSTANCE: self = .noSuchInstance
        case IXP_SNMP_ENDOFMIBVIEW: self = .endOfMibView
        default: self = .null
        }
    }
}
