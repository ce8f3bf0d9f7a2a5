public import Foundation

/// Reads PeeringDB's JSON about one exchange into a ``PeeringDBExchange``.
///
/// Two shapes are accepted:
/// - one combined file, `{"ix": …, "ixlan": …, "netixlan": …}`, where each part is either
///   what the PeeringDB API returns (`{"data": [ … ]}`, e.g. from `/api/ix/ID`,
///   `/api/ixlan?ix_id=ID` and `/api/netixlan?ix_id=ID`) or the bare object or array; `ix` and
///   `ixlan` are optional;
/// - a plain `netixlan` response, `{"data": [ … ]}`.
///
/// Records whose `status` is present and not `ok` (deleted or pending) are left out; when the
/// `ixlan` ids are known, `netixlan` records of other LANs are left out too. Records without a
/// valid `asn` are skipped; other fields may be missing, null or of the wrong type.
public enum PeeringDBParser {
    /// Parses the JSON in `data`; `source` (a path or URL) names it in error messages.
    public static func parse(_ data: Data, source: String = "PeeringDB data") throws(MemberListError) -> PeeringDBExchange {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw MemberListError("\(source): not valid JSON: \(error.localizedDescription)", reason: .invalid)
        }
        guard let document = root as? [String: Any] else {
            throw MemberListError("\(source): expected a JSON object from PeeringDB", reason: .invalid)
        }
        var exchange = PeeringDBExchange()
        let netixlan: [Any]
        if document["netixlan"] != nil {
            if let ix = records(document["ix"]).first {
                exchange.ixID = JSONValue.integer(ix["id"])
                exchange.name = text(ix["name"]) ?? text(ix["name_long"])
            }
            exchange.ixlanIDs = records(document["ixlan"]).filter(isCurrent).compactMap { JSONValue.integer($0["id"]) }
            netixlan = list(document["netixlan"])
        } else if let data = document["data"] as? [Any] {
            netixlan = data
        } else {
            throw MemberListError(
                "\(source): neither a netixlan response ({\"data\": [...]}) nor a combined {\"ix\", \"ixlan\", \"netixlan\"} file",
                reason: .invalid)
        }
        let lans = Set(exchange.ixlanIDs)
        for case let record as [String: Any] in netixlan where isCurrent(record) {
            guard let number = JSONValue.integer(record["asn"]), number > 0, number <= Int(UInt32.max) else { continue }
            let ixlan = JSONValue.integer(record["ixlan_id"])
            if !lans.isEmpty, let ixlan, !lans.contains(ixlan) { continue }
            if exchange.ixID == nil { exchange.ixID = JSONValue.integer(record["ix_id"]) }
            exchange.networks.append(
                PeeringDBNetwork(
                    asn: UInt32(number), name: text(record["name"]),
                    ipaddr4: text(record["ipaddr4"]).flatMap { MemberAddressText.ip($0) },
                    ipaddr6: text(record["ipaddr6"]).flatMap { MemberAddressText.ip($0) },
                    speed: JSONValue.integer(record["speed"]), isRSPeer: JSONValue.boolean(record["is_rs_peer"]) ?? false, ixlanID: ixlan))
        }
        return exchange
    }

    /// Reads and parses the file at `path`.
    public static func parse(contentsOf path: String) throws(MemberListError) -> PeeringDBExchange {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw MemberListError("\(path): cannot read PeeringDB data: \(error.localizedDescription)", reason: .unreadable)
        }
        return try parse(data, source: path)
    }

    private static func isCurrent(_ record: [String: Any]) -> Bool {
        guard let status = record["status"] as? String else { return true }
        return status == "ok"
    }

    /// The items of an API response `{"data": [...]}`, a bare array, or a bare object.
    private static func list(_ value: Any?) -> [Any] {
        if let object = value as? [String: Any] {
            if let data = object["data"] as? [Any] { return data }
            return [object]
        }
        return value as? [Any] ?? []
    }

    private static func records(_ value: Any?) -> [[String: Any]] {
        list(value).compactMap { $0 as? [String: Any] }
    }

    private static func text(_ value: Any?) -> String? {
        guard let string = value as? String, !string.isEmpty else { return nil }
        return string
    }

}
