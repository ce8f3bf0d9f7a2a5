import Foundation
import Members
import Testing
@testable import SyntheticExchange

@Suite struct IXFExportWriterTests {
    @Test func monthlyExportsParseAndFollowTheMembership() throws {
        let scenario = ExchangeScenario.slowlyDying()
        let exports = try IXFExportWriter().exports(for: scenario)
        #expect(exports.count == 25)  // the start (a first of the month) and 24 months after it
        #expect(exports.first?.time == scenario.start)
        #expect(exports.last?.time == scenario.end)
        var previous: Set<UInt32>?
        var joined: [UInt32] = [], left: [UInt32] = []
        for (time, data) in exports {
            let registry = try IXFMemberListParser.parse(data, source: "ixf-\(IXFExportWriter.day(time)).json")
            #expect(registry.version == "1.0")
            #expect(registry.skippedEntries.isEmpty)
            let asns = Set(registry.members.map(\.asn)).subtracting([scenario.exchange.routeServerASN])
            #expect(asns == Set(scenario.members(at: time).map(\.asn)))
            let expected = scenario.memberRegistry(at: time)
            for parsed in registry.members where parsed.asn != scenario.exchange.routeServerASN {
                let original = expected.member(asn: parsed.asn)
                #expect(original?.name == parsed.name && original?.macAddresses == parsed.macAddresses)
                #expect(original?.ipv4Addresses == parsed.ipv4Addresses && original?.ipv6Addresses == parsed.ipv6Addresses)
                #expect(original?.peersWithRouteServer == parsed.peersWithRouteServer)
            }
            let member = try #require(registry.members.first { $0.asn != scenario.exchange.routeServerASN })
            #expect(member.macAddresses.count == 1 && member.ipv4Addresses.count == 1 && member.ipv6Addresses.count == 1)
            if let previous {
                joined += asns.subtracting(previous)
                left += previous.subtracting(asns)
            }
            previous = asns
        }
        #expect(Set(joined) == Set(scenario.groundTruth.joins.map(\.asn)))
        #expect(Set(left) == Set(scenario.groundTruth.leaves.map(\.asn)))
        #expect(left.count == 3 && joined.count == 3)
    }

    @Test func theDocumentHasTheSchemaFields() throws {
        let scenario = ExchangeScenario.healthyGrowing()
        let data = try IXFExportWriter().export(for: scenario, at: scenario.end)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(root["version"] as? String == "1.0")
        #expect(root["timestamp"] as? String == "2026-11-01T00:00:00Z")
        let ixps = try #require(root["ixp_list"] as? [[String: Any]])
        #expect(ixps.count == 1)
        let switches = try #require(ixps[0]["switch"] as? [[String: Any]])
        #expect(switches.map { $0["name"] as? String } == ["sw1", "sw2"])
        let members = try #require(root["member_list"] as? [[String: Any]])
        #expect(members.count == scenario.members(at: scenario.end).count + 1)
        let ixp = try #require(members.first { $0["member_type"] as? String == "ixp" })
        let rsConnections = try #require(ixp["connection_list"] as? [[String: Any]])
        #expect(rsConnections.count == 2)
        let vlan = try #require((rsConnections[0]["vlan_list"] as? [[String: Any]])?.first)
        let services = try #require((vlan["ipv4"] as? [String: Any])?["services"] as? [[String: Any]])
        #expect(services.first?["type"] as? String == "ixrouteserver")
        #expect(services.first?["daemon"] as? String == "bird")
        let peer = try #require(members.first { $0["member_type"] as? String == "peering" })
        #expect((peer["member_since"] as? String)?.hasSuffix("T00:00:00Z") == true)
        let connection = try #require((peer["connection_list"] as? [[String: Any]])?.first)
        #expect(connection["state"] as? String == "active")
        let interface = try #require((connection["if_list"] as? [[String: Any]])?.first)
        #expect(interface["if_speed"] as? Int == 10_000)
        #expect(interface["switch_id"] as? Int != nil)
        let ipv4 = try #require(((connection["vlan_list"] as? [[String: Any]])?.first)?["ipv4"] as? [String: Any])
        #expect(ipv4["routeserver"] is Bool)
        #expect((ipv4["mac_addresses"] as? [String])?.count == 1)
    }

    @Test func filesAreNamedByDate() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("synth-ixf-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try IXFExportWriter().write(.tooLittleHistory(), toDirectory: directory)
        #expect(files.map(\.lastPathComponent) == ["ixf-2026-10-22.json", "ixf-2026-11-01.json"])
        for file in files { _ = try IXFMemberListParser.parse(contentsOf: file.path) }
    }
}
