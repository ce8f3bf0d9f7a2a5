import Foundation
import Testing
@testable import Members

@Suite struct IXPManagerExportTests {
    private func registry() throws -> MemberRegistry {
        try IXFMemberListParser.parse(contentsOf: ixfFixture("exix.ixpmanager.1.0.json"))
    }

    @Test func exchangeFactsAndTimestamp() throws {
        let registry = try registry()
        #expect(registry.exchangeName == "Example Internet Exchange")
        #expect(registry.version == "1.0")
        #expect(registry.timestampSeconds == epoch("2025-01-15T10:00:00Z"))
        #expect(registry.switches.map(\.id) == [1, 2])
        #expect(registry.switchName(id: 2) == "swi1-fra2")
        #expect(registry.switches.first?.colo == "Example DC FRA1")
        // The switches' software and model (no_investment's evidence); a list without them is no error.
        #expect(registry.switches.first?.software == "EOS 4.30")
        #expect(registry.switches.first?.model == "7280R3")
        #expect(registry.skippedEntries.isEmpty)
    }

    @Test func routeServersFromServices() throws {
        let registry = try registry()
        #expect(registry.routeServers.count == 2)
        #expect(registry.routeServers.allSatisfy { $0.asn == 64496 })
        #expect(registry.routeServers.map(\.addresses) == [["192.0.2.251", "2001:db8:100::251"], ["192.0.2.252", "2001:db8:100::252"]])
        // The route collector is not a route server.
        #expect(!registry.routeServerAddresses.contains("192.0.2.253"))
        #expect(registry.routeServerAddresses == ["192.0.2.251", "2001:db8:100::251", "192.0.2.252", "2001:db8:100::252"])
        let exchange = try #require(registry.member(asn: 64496))
        #expect(exchange.isExchange)
        #expect(exchange.isRouteServer)
        #expect(!exchange.isPeeringMember)
    }

    @Test func membersConnectionsAndPorts() throws {
        let registry = try registry()
        let alpha = try #require(registry.member(asn: 64500))
        #expect(alpha.memberSince == epoch("2015-03-01T00:00:00Z"))
        #expect(alpha.maxPrefixIPv4 == 100)
        #expect(alpha.maxPrefixIPv6 == 20)
        #expect(alpha.peersWithRouteServer == true)
        #expect(!alpha.isExchange)
        let connection = try #require(alpha.connections.first)
        #expect(alpha.connections.count == 1)
        #expect(connection.state == "active")
        #expect(connection.ixpID == 1)
        #expect(connection.connectedSince == epoch("2015-03-01T00:00:00Z"))
        #expect(connection.ports == [
            MemberPort(switchID: 1, switchName: "swi1-fra1", speedMbps: 10000, ifType: "LR4"),
            MemberPort(switchID: 1, switchName: "swi1-fra1", speedMbps: 10000, ifType: "LR4"),
        ])
        #expect(connection.speedMbps == 20000)

        let delta = try #require(registry.member(asn: 64503))
        #expect(delta.connections.map(\.state) == ["active", "active"])
        #expect(delta.connections.flatMap(\.ports).map(\.switchName) == ["swi1-fra1", "swi1-fra2"])
        #expect(registry.member(asn: 64501)?.peersWithRouteServer == false)
        #expect(registry.member(asn: 64501)?.connections.first?.state == "connected")
    }

    @Test func wrongTypedFieldsAreLeftOut() throws {
        let epsilon = try #require(try registry().member(asn: 64504))
        #expect(epsilon.name == "Epsilon ISP")
        #expect(epsilon.memberSince == nil)
        #expect(epsilon.maxPrefixIPv4 == nil)
        let connection = try #require(epsilon.connections.first)
        #expect(connection.connectedSince == nil)
        #expect(connection.ports == [MemberPort(switchID: 99)])
    }

    @Test func activeMembersLeaveOutInactiveAndTheExchange() throws {
        let registry = try registry()
        #expect(registry.peeringMembers.map(\.asn) == [64500, 64501, 64502, 64503, 64504])
        #expect(registry.activeMembers.map(\.asn) == [64500, 64501, 64503, 64504])
    }

    @Test func nonStandardRouteServerTypeAndConfiguredASNs() throws {
        let json = """
            {"member_list": [
              {"asnum": 64510, "member_type": "routeserver", "name": "rs", "connection_list": [
                {"vlan_list": [{"ipv4": {"address": "192.0.2.1"}, "ipv6": {"address": "2001:db8::1"}}]}]},
              {"asnum": 64511, "connection_list": [{"state": "active", "vlan_list": [{"ipv4": {"address": "192.0.2.2"}}]}]},
              {"asnum": 64512, "connection_list": [{"vlan_list": [{"ipv4": {"address": "192.0.2.3",
                "services": [{"type": "ixrouteserver", "asnum": 64999, "address": "192.0.2.9", "name": "rs9"}, "junk", {"type": null}]}}]}]}
            ]}
            """
        var registry = try IXFMemberListParser.parse(Data(json.utf8))
        #expect(registry.routeServers == [
            RouteServer(asn: 64999, addresses: ["192.0.2.9"], name: "rs9"),
            RouteServer(asn: 64510, addresses: ["192.0.2.1", "2001:db8::1"], name: "rs"),
        ])
        // The service names another ASN: the entry itself is not a route server.
        #expect(registry.member(asn: 64512)?.isRouteServer == false)
        registry.markRouteServers(asns: [64511])
        #expect(registry.routeServerAddresses == ["192.0.2.9", "192.0.2.1", "2001:db8::1", "192.0.2.2"])
        #expect(registry.activeMembers.map(\.asn) == [64512])
    }

    @Test func asnOneIsANumberAndTrueIsNot() throws {
        let json = """
            {"member_list": [{"asnum": 1, "connection_list": [{"ixp_id": 0, "if_list": [{"switch_id": 0, "if_speed": true}]}]},
                             {"asnum": true}]}
            """
        let registry = try IXFMemberListParser.parse(Data(json.utf8))
        #expect(registry.members.map(\.asn) == [1])
        #expect(registry.members.first?.connections.first?.ixpID == 0)
        #expect(registry.members.first?.connections.first?.ports == [MemberPort(switchID: 0)])
        #expect(registry.skippedEntries == ["member_list[1] has no valid asnum"])
    }

    @Test func registryRoundTripsThroughJSON() throws {
        let registry = try registry()
        let decoded = try JSONDecoder().decode(MemberRegistry.self, from: JSONEncoder().encode(registry))
        #expect(decoded == registry)
        #expect(decoded.member(mac: "00:1b:21:dd:00:14")?.asn == 64503)
        #expect(decoded.routeServers == registry.routeServers)
    }
}
