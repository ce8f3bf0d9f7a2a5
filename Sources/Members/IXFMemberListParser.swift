import Foundation

/// Reads IX-F Member Export JSON (schema 0.6 through 1.0 as exchanges publish it) into a
/// `MemberRegistry`.
///
/// Real exports vary: every optional field may be missing or null, `mac_address` may be a
/// string or a list, numbers may be strings, and IXP Manager adds fields of its own. Only
/// `member_list` and each member's `asnum` are required.
public enum IXFMemberListParser {
    /// Parses the JSON in `data`; `source` (a path or URL) names it in error messages.
    public static func parse(_ data: Data, source: String = "member list") throws(MemberListError) -> MemberRegistry {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw MemberListError("\(source): not valid JSON: \(describe(error))")
        }
        guard let document = root as? [String: Any] else {
            throw MemberListError("\(source): expected a JSON object with a member_list, found \(typeName(root))")
        }
        guard let list = document["member_list"] as? [Any] else {
            throw MemberListError("\(source): no member_list array; is this an IX-F member export?")
        }
        var members: [Member] = []
        var skipped: [String] = []
        for (index, entry) in list.enumerated() {
            guard let object = entry as? [String: Any] else {
                skipped.append("member_list[\(index)] is \(typeName(entry)), expected an object")
                continue
            }
            guard let asn = integer(object["asnum"]), asn > 0, asn <= Int(UInt32.max) else {
                skipped.append("member_list[\(index)] has no valid asnum")
                continue
            }
            members.append(member(asn: UInt32(asn), object))
        }
        var registry = MemberRegistry(
            members: members, timestamp: document["timestamp"] as? String, version: document["version"] as? String)
        registry.skippedEntries = skipped
        return registry
    }

    /// Reads and parses the file at `path`.
    public static func parse(contentsOf path: String) throws(MemberListError) -> MemberRegistry {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw MemberListError("\(path): cannot read member list: \(describe(error))")
        }
        return try parse(data, source: path)
    }

    private static func member(asn: UInt32, _ object: [String: Any]) -> Member {
        let memberType = object["member_type"] as? String
        var result = Member(
            asn: asn, name: object["name"] as? String, memberType: memberType,
            isRouteServer: memberType?.lowercased() == "routeserver")
        for connection in (object["connection_list"] as? [Any]) ?? [] {
            guard let connection = connection as? [String: Any] else { continue }
            for vlan in (connection["vlan_list"] as? [Any]) ?? [] {
                guard let vlan = vlan as? [String: Any] else { continue }
                for family in ["ipv4", "ipv6"] {
                    guard let info = vlan[family] as? [String: Any] else { continue }
                    if let text = info["address"] as? String, let address = MemberAddressText.ip(text) {
                        if family == "ipv4" {
                            if !result.ipv4Addresses.contains(address) { result.ipv4Addresses.append(address) }
                        } else if !result.ipv6Addresses.contains(address) {
                            result.ipv6Addresses.append(address)
                        }
                    }
                    if let flag = info["routeserver"] as? Bool {
                        result.peersWithRouteServer = (result.peersWithRouteServer ?? false) || flag
                    }
                    for key in ["mac_address", "mac_addresses"] {
                        for text in strings(info[key]) {
                            if let mac = MemberAddressText.mac(text), !result.macAddresses.contains(mac) {
                                result.macAddresses.append(mac)
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    private static func strings(_ value: Any?) -> [String] {
        if let text = value as? String { return [text] }
        if let list = value as? [Any] { return list.compactMap { $0 as? String } }
        return []
    }

    private static func integer(_ value: Any?) -> Int? {
        if let number = value as? NSNumber, !(value is Bool) {
            let double = number.doubleValue
            return double == double.rounded() ? Int(exactly: double) : nil
        }
        if let text = value as? String { return Int(text.trimmingCharacters(in: .whitespaces)) }
        return nil
    }

    private static func typeName(_ value: Any) -> String {
        switch value {
        case is [Any]: "an array"
        case is String: "a string"
        case is NSNumber: "a number"
        case is NSNull: "null"
        default: "\(type(of: value))"
        }
    }

    private static func describe(_ error: Error) -> String {
        let nsError = error as NSError
        if let detail = nsError.userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
        return nsError.localizedDescription
    }
}
