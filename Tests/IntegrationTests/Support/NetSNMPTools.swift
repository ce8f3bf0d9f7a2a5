import ProcessTestSupport
import Foundation

/// One variable binding as net-snmp's command-line tools print it with `-On -Oe -OU`.
struct NetSNMPVarBind: Sendable, Equatable, CustomStringConvertible {
    /// The numeric OID without a leading dot, e.g. `1.3.6.1.2.1.31.1.1.1.6.3`.
    var oid: String
    /// net-snmp's type name: `Counter64`, `Counter32`, `Gauge32`, `INTEGER`, `STRING`,
    /// `Hex-STRING`, `OID`, `Timeticks`, `IpAddress`, `Opaque`, `NULL`; or `noSuchObject`,
    /// `noSuchInstance`, `endOfMibView` for the exceptions.
    var type: String
    /// The value as printed, without the type: decimal for numbers (Timeticks as raw
    /// hundredths), unquoted and unescaped text for `STRING`, hex digits separated by
    /// single spaces for `Hex-STRING`.
    var value: String

    /// The value's octets, for `STRING` and `Hex-STRING` (nil for other types).
    var bytes: [UInt8]? {
        switch type {
        case "STRING": return Array(value.utf8)
        case "Hex-STRING":
            var out: [UInt8] = []
            for part in value.split(separator: " ") {
                guard let byte = UInt8(part, radix: 16) else { return nil }
                out.append(byte)
            }
            return out
        default: return nil
        }
    }

    /// The value as an unsigned integer, for counters, gauges, Timeticks and non-negative
    /// INTEGERs.
    var unsigned: UInt64? { UInt64(value) }

    /// The column: the OID without its last `indexLength` arcs.
    func column(indexLength: Int = 1) -> String {
        oid.split(separator: ".").dropLast(indexLength).joined(separator: ".")
    }

    /// The last arc of the OID (the ifIndex in ifTable/ifXTable).
    var lastArc: UInt32? { oid.split(separator: ".").last.flatMap { UInt32($0) } }

    var description: String { "\(oid) = \(type): \(value)" }
}

/// SNMP credentials for the net-snmp command-line tools.
enum NetSNMPCredentials: Sendable {
    /// SNMPv1 community.
    case v1(community: String)
    /// SNMPv2c community.
    case v2c(community: String)
    /// SNMPv3 USM user; nil protocols lower the security level.
    case v3(user: String, auth: String?, authPassword: String?, priv: String?, privPassword: String?)

    /// The `ixuser` SHA-256/AES authPriv user of the harness and the lab.
    static let ixuser = NetSNMPCredentials.v3(
        user: "ixuser", auth: "SHA-256", authPassword: "authpass123", priv: "AES", privPassword: "privpass123")

    var arguments: [String] {
        switch self {
        case .v1(let community): return ["-v1", "-c", community]
        case .v2c(let community): return ["-v2c", "-c", community]
        case .v3(let user, let auth, let authPassword, let priv, let privPassword):
            var args = ["-v3", "-u", user]
            if let auth, let authPassword {
                args += ["-a", auth, "-A", authPassword]
                if let priv, let privPassword {
                    args += ["-l", "authPriv", "-x", priv, "-X", privPassword]
                } else {
                    args += ["-l", "authNoPriv"]
                }
            } else {
                args += ["-l", "noAuthNoPriv"]
            }
            return args
        }
    }
}

/// Runs net-snmp's `snmpget`, `snmpwalk` and `snmpbulkwalk` and parses what they print: the
/// ground truth that the poller's values are compared with.
enum NetSNMPTools {
    /// Output options: numeric OIDs, numeric enums, no units; no MIBs loaded. (`-Ot` is not
    /// used: it drops the `Timeticks:` type from the output.)
    static let outputOptions = ["-On", "-Oe", "-OU"]

    /// `snmpbulkwalk` of `oid` with `-Cr maxRepetitions`. With `hexStrings` every octet
    /// string is printed as Hex-STRING (`-Ox`), which makes binary values unambiguous.
    static func bulkWalk(
        host: String, port: Int, credentials: NetSNMPCredentials, oid: String,
        maxRepetitions: Int = 25, hexStrings: Bool = false, timeout: Double = 2, retries: Int = 1
    ) throws -> [NetSNMPVarBind] {
        try tool(
            "snmpbulkwalk", host: host, port: port, credentials: credentials,
            extra: ["-Cr\(maxRepetitions)"] + (hexStrings ? ["-Ox"] : []), oids: [oid],
            timeout: timeout, retries: retries)
    }

    /// `snmpwalk` (GETNEXT) of `oid`.
    static func walk(
        host: String, port: Int, credentials: NetSNMPCredentials, oid: String,
        hexStrings: Bool = false, timeout: Double = 2, retries: Int = 1
    ) throws -> [NetSNMPVarBind] {
        try tool(
            "snmpwalk", host: host, port: port, credentials: credentials,
            extra: hexStrings ? ["-Ox"] : [], oids: [oid], timeout: timeout, retries: retries)
    }

    /// `snmpget` of `oids`.
    static func get(
        host: String, port: Int, credentials: NetSNMPCredentials, oids: [String],
        timeout: Double = 2, retries: Int = 1
    ) throws -> [NetSNMPVarBind] {
        try tool(
            "snmpget", host: host, port: port, credentials: credentials, extra: [], oids: oids,
            timeout: timeout, retries: retries)
    }

    private static func tool(
        _ name: String, host: String, port: Int, credentials: NetSNMPCredentials, extra: [String],
        oids: [String], timeout: Double, retries: Int
    ) throws -> [NetSNMPVarBind] {
        let peer = host.contains(":") ? "udp6:[\(host)]:\(port)" : "udp:\(host):\(port)"
        let arguments = credentials.arguments + outputOptions + extra
            + ["-t", String(timeout), "-r", String(retries), peer] + oids
        let wallLimit = Double(retries + 1) * timeout * 50 + 10
        let result = try Subprocess.run(
            name, arguments, environment: ["MIBS": "", "MIBDIRS": ""], timeout: wallLimit)
        guard result.succeeded else {
            throw HarnessError(
                "\(name) \(arguments.joined(separator: " ")) exited \(result.status): "
                    + result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return parse(result.stdout)
    }

    /// Parses the output of the tools run with ``outputOptions``. Lines that do not start a
    /// new binding (wrapped Hex-STRINGs, strings with newlines) continue the previous one.
    static func parse(_ output: String) -> [NetSNMPVarBind] {
        var bindings: [NetSNMPVarBind] = []
        var pending: (oid: String, text: String)?
        func flush() {
            if let (oid, text) = pending { bindings.append(binding(oid: oid, text: text)) }
            pending = nil
        }
        var text = Substring(output)
        while text.hasSuffix("\n") { text = text.dropLast() }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("."), let range = line.range(of: " = ") {
                let oid = line[line.startIndex..<range.lowerBound]
                if oid.dropFirst().allSatisfy({ $0.isNumber || $0 == "." }) {
                    flush()
                    pending = (String(oid.dropFirst()), String(line[range.upperBound...]))
                    continue
                }
            }
            pending?.text += "\n" + line
        }
        flush()
        return bindings
    }

    private static func binding(oid: String, text: String) -> NetSNMPVarBind {
        let trimmed = text.hasPrefix("\"") ? text : text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch trimmed {
        case "No Such Object available on this agent at this OID":
            return NetSNMPVarBind(oid: oid, type: "noSuchObject", value: "")
        case "No Such Instance currently exists at this OID":
            return NetSNMPVarBind(oid: oid, type: "noSuchInstance", value: "")
        case "No more variables left in this MIB View (It is past the end of the MIB tree)":
            return NetSNMPVarBind(oid: oid, type: "endOfMibView", value: "")
        default: break
        }
        // An empty string prints as `""` with no type.
        if trimmed.hasPrefix("\"") { return NetSNMPVarBind(oid: oid, type: "STRING", value: unquote(trimmed)) }
        guard let colon = trimmed.range(of: ": ") ?? trimmed.range(of: ":", options: .backwards),
            !trimmed[trimmed.startIndex..<colon.lowerBound].contains(" ")
        else {
            return NetSNMPVarBind(oid: oid, type: trimmed == "NULL" ? "NULL" : "", value: trimmed == "NULL" ? "" : trimmed)
        }
        let type = String(trimmed[trimmed.startIndex..<colon.lowerBound])
        var value = String(trimmed[colon.upperBound...])
        switch type {
        case "STRING": value = unquote(value.trimmingCharacters(in: .whitespaces))
        case "Hex-STRING":
            value = value.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        case "Timeticks":
            // `(123) 0:00:01.23` → `123`
            if value.hasPrefix("("), let close = value.firstIndex(of: ")") {
                value = String(value[value.index(after: value.startIndex)..<close])
            }
        case "OID": value = value.hasPrefix(".") ? String(value.dropFirst()) : value
        default: value = value.trimmingCharacters(in: .whitespaces)
        }
        return NetSNMPVarBind(oid: oid, type: type, value: value)
    }

    /// Removes the surrounding quotes and net-snmp's backslash escapes (`\"`, `\\`).
    private static func unquote(_ text: String) -> String {
        var body = Substring(text)
        if body.hasPrefix("\"") { body = body.dropFirst() }
        if body.hasSuffix("\"") { body = body.dropLast() }
        var out = ""
        var escaped = false
        for character in body {
            if escaped {
                out.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}
