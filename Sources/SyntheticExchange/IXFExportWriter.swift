public import Foundation

/// Writes a scenario's membership as IX-F Member Export JSON (schema 1.0, in the shape IXP
/// Manager publishes): one export per month — at the scenario's start and on the first of every
/// month after it, up to and including `end` — each listing the members connected at that
/// moment, so joins and leaves can be derived from the sequence. The exchange's own entry
/// (`member_type: "ixp"`) carries the route servers, their addresses flagged with
/// `services: [{"type": "ixrouteserver", "daemon": "bird", …}]`.
public struct IXFExportWriter: Sendable {
    /// Creates a writer.
    public init() {}

    /// The export times: `start`, then 00:00 UTC on the first of each month in (start, end].
    public func exportTimes(for scenario: ExchangeScenario) -> [Double] {
        var times = [scenario.start]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let startDate = Date(timeIntervalSince1970: scenario.start)
        var components = calendar.dateComponents([.year, .month], from: startDate)
        components.day = 1
        while true {
            components.month = (components.month ?? 1) + 1
            guard let date = calendar.date(from: components) else { break }
            let time = date.timeIntervalSince1970
            if time > scenario.end { break }
            if time > scenario.start { times.append(time) }
        }
        return times
    }

    /// The export at `time`: the members connected then.
    public func export(for scenario: ExchangeScenario, at time: Double) throws -> Data {
        let document = IXFDocument(scenario: scenario, at: time)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(document)
        } catch {
            throw SyntheticExchangeError("cannot encode the IX-F export at \(Self.isoDate(time)): \(error)")
        }
    }

    /// Every monthly export, in time order.
    public func exports(for scenario: ExchangeScenario) throws -> [(time: Double, data: Data)] {
        try exportTimes(for: scenario).map { ($0, try export(for: scenario, at: $0)) }
    }

    /// Writes every export as `ixf-YYYY-MM-DD.json` into `directory` (created if needed); returns the files.
    @discardableResult
    public func write(_ scenario: ExchangeScenario, toDirectory directory: URL) throws -> [URL] {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw SyntheticExchangeError("\(directory.path): cannot create the directory: \(error.localizedDescription)")
        }
        var files: [URL] = []
        for (time, data) in try exports(for: scenario) {
            let url = directory.appendingPathComponent("ixf-\(Self.day(time)).json")
            do {
                try data.write(to: url, options: .atomic)
            } catch {
                throw SyntheticExchangeError("\(url.path): cannot write: \(error.localizedDescription)")
            }
            files.append(url)
        }
        return files
    }

    /// `YYYY-MM-DD` (UTC) of a time.
    public static func day(_ time: Double) -> String { String(isoDate(time).prefix(10)) }

    /// `YYYY-MM-DDTHH:MM:SSZ` of a time.
    public static func isoDate(_ time: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: time))
    }
}

// MARK: - The IX-F document, as Codable values

private struct IXFDocument: Encodable {
    var version = "1.0"
    var timestamp: String
    var ixp_list: [IXFExchange]
    var member_list: [IXFMember]

    init(scenario: ExchangeScenario, at time: Double) {
        let exchange = scenario.exchange
        timestamp = IXFExportWriter.isoDate(time)
        let switchIDs = Dictionary(exchange.switches.map { ($0.name, $0.id) }, uniquingKeysWith: { first, _ in first })
        ixp_list = [IXFExchange(
            ixp_id: exchange.ixpID, ixf_id: exchange.ixfID, shortname: exchange.shortname, name: exchange.name,
            country: exchange.country, url: "https://www.\(exchange.shortname.lowercased()).example/",
            peering_policy_list: ["open", "selective", "case-by-case", "mandatory"],
            switch: exchange.switches.map {
                IXFSwitch(id: $0.id, name: $0.name, colo: $0.colo, city: "Frankfurt", country: exchange.country,
                          manufacturer: "Arista", model: "7280R3")
            },
            vlan: [IXFVLAN(id: exchange.vlanID, name: "Peering LAN",
                           ipv4: IXFPrefix(prefix: exchange.ipv4Prefix, mask_length: exchange.ipv4Length),
                           ipv6: IXFPrefix(prefix: exchange.ipv6Prefix, mask_length: exchange.ipv6Length))])]
        let earliest = scenario.members.map(\.joined).min() ?? scenario.start
        var members: [IXFMember] = [IXFMember(
            asnum: exchange.routeServerASN, name: "\(exchange.shortname) Route Servers", member_type: "ixp",
            member_since: IXFExportWriter.day(earliest) + "T00:00:00Z", url: nil, peering_policy: "mandatory",
            connection_list: exchange.routeServers.map { server in
                let service = IXFService(type: "ixrouteserver", os: server.os, os_version: server.osVersion,
                                         daemon: server.daemon, daemon_version: server.daemonVersion)
                return IXFConnection(
                    ixp_id: exchange.ixpID, state: "active",
                    if_list: [IXFInterface(switch_id: switchIDs[server.switchName] ?? 0, if_speed: 10_000, if_type: "10GBASE-SR")],
                    vlan_list: [IXFVLANEntry(
                        vlan_id: exchange.vlanID,
                        ipv4: IXFAddress(address: server.ipv4, routeserver: false, max_prefix: nil, as_macro: nil, mac_addresses: [server.mac], services: [service]),
                        ipv6: IXFAddress(address: server.ipv6, routeserver: false, max_prefix: nil, as_macro: nil, mac_addresses: [server.mac], services: [service]))])
            })]
        for member in scenario.members where member.isPresent(at: time) {
            // Ports connected then: not yet added, or already shut after an upgrade, are not listed.
            let interfaces = member.ports.filter { $0.isListed(at: time) }.map { port in
                IXFInterface(switch_id: switchIDs[port.switchName] ?? 0, if_speed: Int((port.speed * 8 / 1e6).rounded()),
                             if_type: Self.interfaceType(port.speed))
            }
            let macro = "AS-SYN\(member.asn)"
            members.append(IXFMember(
                asnum: member.asn, name: member.name, member_type: "peering",
                member_since: IXFExportWriter.day(member.joined) + "T00:00:00Z", url: "https://as\(member.asn).example.net/",
                peering_policy: "open",
                connection_list: [IXFConnection(
                    ixp_id: exchange.ixpID, state: "active", if_list: interfaces,
                    vlan_list: [IXFVLANEntry(
                        vlan_id: exchange.vlanID,
                        ipv4: IXFAddress(address: member.ipv4, routeserver: member.routeServerPeering, max_prefix: 1_000, as_macro: macro,
                                         mac_addresses: [member.mac], services: nil),
                        ipv6: IXFAddress(address: member.ipv6, routeserver: member.routeServerPeering, max_prefix: 200, as_macro: macro,
                                         mac_addresses: [member.mac], services: nil))])]))
        }
        member_list = members
    }

    static func interfaceType(_ speed: Double) -> String {
        switch speed * 8 {
        case ..<2e9: "1000BASE-LX"
        case ..<20e9: "10GBASE-LR"
        case ..<200e9: "100GBASE-LR4"
        default: "400GBASE-LR4"
        }
    }
}

private struct IXFExchange: Encodable {
    var ixp_id: Int
    var ixf_id: Int
    var shortname: String
    var name: String
    var country: String
    var url: String
    var peering_policy_list: [String]
    var `switch`: [IXFSwitch]
    var vlan: [IXFVLAN]
}

private struct IXFSwitch: Encodable {
    var id: Int
    var name: String
    var colo: String
    var city: String
    var country: String
    var manufacturer: String
    var model: String
}

private struct IXFVLAN: Encodable {
    var id: Int
    var name: String
    var ipv4: IXFPrefix
    var ipv6: IXFPrefix
}

private struct IXFPrefix: Encodable {
    var prefix: String
    var mask_length: Int
}

private struct IXFMember: Encodable {
    var asnum: UInt32
    var name: String
    var member_type: String
    var member_since: String
    var url: String?
    var peering_policy: String
    var connection_list: [IXFConnection]
}

private struct IXFConnection: Encodable {
    var ixp_id: Int
    var state: String
    var if_list: [IXFInterface]
    var vlan_list: [IXFVLANEntry]
}

private struct IXFInterface: Encodable {
    var switch_id: Int
    var if_speed: Int
    var if_type: String
}

private struct IXFVLANEntry: Encodable {
    var vlan_id: Int
    var ipv4: IXFAddress
    var ipv6: IXFAddress
}

private struct IXFAddress: Encodable {
    var address: String
    var routeserver: Bool
    var max_prefix: Int?
    var as_macro: String?
    var mac_addresses: [String]
    var services: [IXFService]?
}

private struct IXFService: Encodable {
    var type: String
    var os: String
    var os_version: String
    var daemon: String
    var daemon_version: String
}
