import BIRDProbe
import Foundation
import Members
import ProbeKit
import Testing
import TimeSeries
import IXPCore

@Suite("BIRD reply parsing")
struct BIRDProtocolsParserTests {
    static func fixture(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test func aRecordedShowProtocolsAllGivesEveryBGPNeighbour() throws {
        let reply = try BIRDReply.parse(Self.fixture("show-protocols-all.txt"))
        #expect(reply.finalCode == 0)
        let neighbors = try BIRDProtocolsParser.neighbors(reply)
        #expect(neighbors.map(\.name) == ["m65001", "m65002", "m65003"], "the device protocol is not a neighbour")
        let a = neighbors[0]
        #expect(a.isEstablished)
        #expect(a.neighborAS == 65001)
        #expect(a.neighborAddress == "127.0.0.2")
        #expect(a.description == "Member A")
        #expect(a.channels.map(\.family) == ["ipv4"])
        #expect(a.channels[0].imported == 2)
        #expect(a.channels[0].filtered == 1)
        #expect(a.channels[0].received == 3)
        #expect(a.channels[0].exported == 1)
        #expect(a.channels[0].importLimit == 100)
        let c = neighbors[2]
        #expect(!c.isEstablished)
        #expect(c.bgpState == "Active")
        #expect(c.protocolState == "start")
        #expect(c.lastError == "Socket: Connection refused")
        #expect(c.info == "Active Socket: Connection refused")
        #expect(c.channels.first?.received == nil, "a session that never came up has no route counts")
    }

    @Test func theServerClockAndTheTimeInState() throws {
        let status = try BIRDReply.parse(Self.fixture("show-status.txt"))
        let now = try #require(BIRDProtocolsParser.serverTime(status))
        // 2026-11-27 21:01:51.276, read as UTC.
        #expect(abs(now - 1_795_813_311.276) < 0.001)
        let neighbors = try BIRDProtocolsParser.neighbors(BIRDReply.parse(Self.fixture("show-protocols-all.txt")))
        let seconds = try #require(BIRDProtocolsParser.secondsInState(since: neighbors[0].since, now: now))
        #expect(seconds > 0 && seconds < 60)
        // A time of day later than the clock is yesterday's.
        #expect(BIRDProtocolsParser.secondsInState(since: "23:00:00", now: 86_400 * 10 + 3600) == 7200)
        #expect(BIRDProtocolsParser.secondsInState(since: "2026-11-27 20:00:00", now: now).map { ($0 - 3711.276).magnitude < 0.001 } == true)
        #expect(BIRDProtocolsParser.secondsInState(since: "1795813000", now: now).map { Int($0) } == 311)
        #expect(BIRDProtocolsParser.secondsInState(since: "yesterday-ish", now: now) == nil)
    }

    @Test func repliesThatAreNotBIRDsFormatFail() {
        #expect(throws: ProbeError.self) { try BIRDReply.parse("1002-ok\nnot a reply line\n0000 \n") }
        #expect(throws: ProbeError.self) { try BIRDReply.parse("1002-a protocol row without the end\n") }
        #expect(throws: ProbeError.self) { try BIRDProtocolsParser.neighbors(BIRDReply.parse("1002-too short\n0000 \n")) }
        let error = try? BIRDReply.parse("9001 syntax error, unexpected CF_SYM_UNDEFINED\n")
        #expect(error?.finalCode == 9001)
    }

    @Test func metricsAndStoreSamplesMapNeighboursToMembers() throws {
        let neighbors = try BIRDProtocolsParser.neighbors(BIRDReply.parse(Self.fixture("show-protocols-all.txt")))
        let members = MemberRegistry(members: [
            Member(asn: 65001, name: "Member A", ipv4Addresses: ["127.0.0.2"], maxPrefixIPv4: 3),
            Member(asn: 65002, name: "Member B", ipv4Addresses: ["127.0.0.3"], maxPrefixIPv4: 100),
            Member(asn: 65003, name: "Member C", ipv4Addresses: ["127.0.0.4"], maxPrefixIPv4: 10),
        ])
        let output = BIRDProbe.output(neighbors, routeServer: "rs1", serverTime: 1_795_813_311, members: members, at: 1000)
        func value(_ family: String, _ asn: String) -> Double? {
            output.metrics.first { $0.name == family }?.samples
                .first { sample in sample.labels.contains { $0.name == "member_asn" && $0.value == asn } }?.value
        }
        #expect(value("ixp_route_server_session_up", "65001") == 1)
        #expect(value("ixp_route_server_session_up", "65003") == 0)
        #expect(value("ixp_route_server_prefixes_received", "65001") == 3)
        #expect(value("ixp_route_server_prefixes_filtered", "65001") == 1)
        #expect(value("ixp_route_server_max_prefix", "65001") == 3)
        #expect(value("ixp_route_server_max_prefix_ratio", "65001") == 1)
        #expect(value("ixp_route_server_max_prefix_ratio", "65002") == 0.01)
        #expect(value("ixp_route_server_prefixes_received", "65003") == nil)
        let info = output.metrics.first { $0.name == "ixp_route_server_session_info" }?.samples.first {
            $0.labels.contains { $0.name == "member_asn" && $0.value == "65003" }
        }
        #expect(info?.labels.contains { $0.name == "member_name" && $0.value == "Member C" } == true)
        #expect(info?.labels.contains { $0.name == "bgp_state" && $0.value == "Active" } == true)
        let sessions = output.samples.filter { $0.key.name == StoreSeries.routeServerBIRDSessions }
            .map { ($0.key[label: "member_asn"] ?? "", $0.value) }
        #expect(sessions.map(\.0) == ["65001", "65002", "65003"])
        #expect(sessions.map(\.1) == [1, 1, 0])
        #expect(output.samples.allSatisfy { $0.timestamp == 1000 && $0.key[label: "route_server"] == "rs1" })
    }

    @Test func aRecordedRouteCountAndBestRoutesGiveRoutesAndOriginsPerFamily() throws {
        let counts = BIRDRouteTableParser.counts(try BIRDReply.parse(Self.fixture("show-route-count.txt")))
        #expect(counts == [.init(name: "master4", networks: 3), .init(name: "master6", networks: 3)], "the Total line is not a table")
        let origins = BIRDRouteTableParser.originASNs(try BIRDReply.parse(Self.fixture("show-route-primary.txt")))
        // AS65002 prepended AS65099 to 2001:db8:3::/48: the origin is the path's last ASN.
        #expect(origins == ["master4": [65001], "master6": [65001, 65002, 65099]])
        var server = BIRDSettings.RouteServer(name: "rs1", controlSocket: "/run/rs1.ctl")
        let output = BIRDProbe.routeOutput(counts, origins: origins, routeServer: server, at: 1000)
        let values = Dictionary(uniqueKeysWithValues: output.samples.map { ("\($0.key.name)/\($0.key[label: "family"] ?? "")", $0.value) })
        #expect(values == ["ixp_route_server_routes/ipv4": 3, "ixp_route_server_routes/ipv6": 3,
                           "ixp_route_server_origin_asns/ipv4": 1, "ixp_route_server_origin_asns/ipv6": 3])
        #expect(output.metrics.map(\.name) == ["ixp_route_server_routes", "ixp_route_server_origin_asns"])
        // Without an origin pass the origins are unknown (no sample), never 0; another table name
        // is not a family.
        server.ipv6Table = "t6"
        let cheap = BIRDProbe.routeOutput(counts, origins: nil, routeServer: server, at: 1000)
        #expect(cheap.samples.map { "\($0.key.name)/\($0.key[label: "family"] ?? "")" } == ["ixp_route_server_routes/ipv4"])
        // Lines without an origin ASN (a static route, an AS path ending in a set) count in none.
        #expect(BIRDRouteTableParser.origin(" 10.0.0.0/8  blackhole [static1 02:15:19.567] * (200)") == nil)
        #expect(BIRDRouteTableParser.origin(" 10.0.0.0/8  unreachable [m1 02:15:19.567 from 127.0.0.2] * (100) [i]") == nil)
        #expect(BIRDRouteTableParser.origin(" 10.0.0.0/8  unreachable [m1 02:15:19.567 from 127.0.0.2] * (100) [AS4200000000?]") == 4_200_000_000)
    }
}
