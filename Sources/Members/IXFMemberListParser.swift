public import Foundation
import IXPCore

/// Reads IX-F Member Export JSON (schema 0.6 through 1.0 as exchanges publish it) into a
/// `MemberRegistry`.
///
/// Real exports vary: every optional field may be missing or null, `mac_address` may be a
/// string or a list, numbers may be strings, and IXP Manager adds fields of its own. Only
/// `member_list` and each member's `asnum` are required; a field that is missing, null or of
/// the wrong type is left out (nil or empty), never an error.
///
/// Besides addresses and MACs it reads `member_since`, each connection's `state`,
/// `connected_since` and `if_list` (`switch_id` resolved to the switch's name through
/// `ixp_list[].switch`, `if_speed` in Mbit/s, `if_type`), `max_prefix`, and route servers: an
/// address whose `services[]` holds `type: "ixrouteserver"` is a route-server address of the
/// entry's ASN (IXP Manager puts them on the exchange's own `member_type: "ixp"` entry).
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
        let exchange = exchangeFacts(document["ixp_list"])
        var members: [Member] = []
        var routeServers: [RouteServer] = []
        var skipped: [String] = []
        for (index, entry) in list.enumerated() {
            guard let object = entry as? [String: Any] else {
                skipped.append("member_list[\(index)] is \(typeName(entry)), expected an object")
                continue
            }
            guard let asn = asNumber(object["asnum"]) else {
                skipped.append("member_list[\(index)] has no valid asnum")
                continue
            }
            let (member, servers) = member(asn: asn, object, switchNames: exchange.switchNames)
            members.append(member)
            routeServers += servers
        }
        var registry = MemberRegistry(
            members: members, timestamp: document["timestamp"] as? String, version: document["version"] as? String,
            exchangeName: exchange.name, switches: exchange.switches, listedRouteServers: routeServers)
        registry.skippedEntries = skipped
        registry.peeringLANPrefixes = exchange.prefixes
        return registry
    }

    /// Reads and parses the file at `path`.
    public static func parse(contentsOf path: String) throws(MemberListError) -> MemberRegistry {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw MemberListError("\(path): cannot read member list: \(describe(error))", reason: .unreadable)
        }
        return try parse(data, source: path)
    }

    /// The exchange's name, switches and peering LAN prefixes from `ixp_list` (all entries'
    /// switches and `vlan` prefixes; the first entry's name).
    private static func exchangeFacts(_ value: Any?)
        -> (name: String?, switches: [ExchangeSwitch], switchNames: [Int: String], prefixes: [PeeringLANPrefix])
    {
        var name: String?
        var prefixes: [PeeringLANPrefix] = []
        var switches: [ExchangeSwitch] = []
        var names: [Int: String] = [:]
        for entry in (value as? [Any]) ?? [] {
            guard let ixp = entry as? [String: Any] else { continue }
            name = name ?? nonEmpty(ixp["name"]) ?? nonEmpty(ixp["shortname"])
            for item in (ixp["switch"] as? [Any]) ?? [] {
                guard let item = item as? [String: Any], let id = JSONValue.integer(item["id"]) else { continue }
                guard !switches.contains(where: { $0.id == id }) else { continue }
                let device = ExchangeSwitch(
                    id: id, name: nonEmpty(item["name"]), colo: nonEmpty(item["colo"]), city: nonEmpty(item["city"]),
                    software: nonEmpty(item["software"]), model: nonEmpty(item["model"]))
                switches.append(device)
                if let switchName = device.name { names[id] = switchName }
            }
            for vlan in (ixp["vlan"] as? [Any]) ?? [] {
                guard let vlan = vlan as? [String: Any] else { continue }
                for family in ["ipv4", "ipv6"] {
                    guard let info = vlan[family] as? [String: Any], let address = info["prefix"] as? String,
                          let length = JSONValue.integer(info["mask_length"]),
                          let prefix = PeeringLANPrefix(address: address, length: length), !prefixes.contains(prefix) else { continue }
                    prefixes.append(prefix)
                }
            }
        }
        return (name, switches, names, prefixes)
    }

    /// One `member_list` entry, and the route servers its addresses' `services` announce.
    private static func member(
        asn: UInt32, _ object: [String: Any], switchNames: [Int: String]
    ) -> (Member, [RouteServer]) {
        let memberType = object["member_type"] as? String
        var result = Member(
            asn: asn, name: nonEmpty(object["name"]), memberType: memberType,
            isRouteServer: memberType?.lowercased() == "routeserver",
            memberSince: (object["member_since"] as? String).flatMap { UTCCalendar.seconds(iso8601: $0) })
        var routeServers: [RouteServer] = []
        for connection in (object["connection_list"] as? [Any]) ?? [] {
            guard let connection = connection as? [String: Any] else { continue }
            result.connections.append(memberConnection(connection, switchNames: switchNames))
            // Route-server addresses of this connection, grouped by the service's ASN and name.
            var servers: [RouteServer] = []
            for vlan in (connection["vlan_list"] as? [Any]) ?? [] {
                guard let vlan = vlan as? [String: Any] else { continue }
                for family in ["ipv4", "ipv6"] {
                    guard let info = vlan[family] as? [String: Any] else { continue }
                    let address = (info["address"] as? String).flatMap { MemberAddressText.ip($0) }
                    if let address {
                        if family == "ipv4" {
                            if !result.ipv4Addresses.contains(address) { result.ipv4Addresses.append(address) }
                        } else if !result.ipv6Addresses.contains(address) {
                            result.ipv6Addresses.append(address)
                        }
                    }
                    if let flag = JSONValue.boolean(info["routeserver"]) {
                        result.peersWithRouteServer = (result.peersWithRouteServer ?? false) || flag
                    }
                    if let limit = JSONValue.integer(info["max_prefix"]), limit >= 0 {
                        if family == "ipv4" {
                            result.maxPrefixIPv4 = max(result.maxPrefixIPv4 ?? 0, limit)
                        } else {
                            result.maxPrefixIPv6 = max(result.maxPrefixIPv6 ?? 0, limit)
                        }
                    }
                    for key in ["mac_address", "mac_addresses"] {
                        for text in strings(info[key]) {
                            if let mac = MemberAddressText.mac(text), !result.macAddresses.contains(mac) {
                                result.macAddresses.append(mac)
                            }
                        }
                    }
                    for service in (info["services"] as? [Any]) ?? [] {
                        guard let service = service as? [String: Any],
                            (service["type"] as? String)?.lowercased() == "ixrouteserver"
                        else { continue }
                        // The schema gives the service no address or ASN of its own; some
                        // exports add them, and then they win.
                        let serviceASN = asNumber(service["asnum"]) ?? asNumber(service["asn"]) ?? asn
                        let serviceAddress =
                            (service["address"] as? String).flatMap { MemberAddressText.ip($0) } ?? address
                        let name = nonEmpty(service["name"]) ?? nonEmpty(service["fqdn"]) ?? result.name
                        guard let serviceAddress else { continue }
                        if let index = servers.firstIndex(where: { $0.asn == serviceASN && $0.name == name }) {
                            if !servers[index].addresses.contains(serviceAddress) {
                                servers[index].addresses.append(serviceAddress)
                            }
                        } else {
                            servers.append(RouteServer(asn: serviceASN, addresses: [serviceAddress], name: name))
                        }
                    }
                }
            }
            routeServers += servers
        }
        if routeServers.contains(where: { $0.asn == asn }) { result.isRouteServer = true }
        return (result, routeServers)
    }

    private static func memberConnection(_ object: [String: Any], switchNames: [Int: String]) -> MemberConnection {
        var connection = MemberConnection(
            ixpID: JSONValue.integer(object["ixp_id"]),
            state: nonEmpty(object["state"])?.lowercased(),
            connectedSince: (object["connected_since"] as? String).flatMap { UTCCalendar.seconds(iso8601: $0) })
        for port in (object["if_list"] as? [Any]) ?? [] {
            guard let port = port as? [String: Any] else { continue }
            let switchID = JSONValue.integer(port["switch_id"])
            let speed = JSONValue.integer(port["if_speed"]).flatMap { $0 >= 0 ? $0 : nil }
            connection.ports.append(
                MemberPort(
                    switchID: switchID, switchName: switchID.flatMap { switchNames[$0] }, speedMbps: speed,
                    ifType: nonEmpty(port["if_type"])))
        }
        return connection
    }

    private static func asNumber(_ value: Any?) -> UInt32? {
        guard let number = JSONValue.integer(value), number > 0, number <= Int(UInt32.max) else { return nil }
        return UInt32(number)
    }

    private static func nonEmpty(_ value: Any?) -> String? {
        guard let text = value as? String else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    private static func strings(_ value: Any?) -> [String] {
        if let text = value as? String { return [text] }
        if let list = value as? [Any] { return list.compactMap { $0 as? String } }
        return []
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

    private static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        if let detail = nsError.userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
        return nsError.localizedDescription
    }
}
