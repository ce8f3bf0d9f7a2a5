import Foundation
import Testing
@testable import Members

private func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/ixf/\(name)").path
}

@Suite struct IXFMemberListParserTests {
    @Test(arguments: ["export.json", "ixf.member.0.json", "ixf.member.2.json", "ixf.member.null.if_speed.json", "members.0.6.json"])
    func everyFixtureParses(_ name: String) throws {
        let registry = try IXFMemberListParser.parse(contentsOf: fixture(name))
        #expect(!registry.members.isEmpty)
        #expect(registry.members.allSatisfy { $0.asn > 0 })
    }

    @Test func macsAddressesAndFlags() throws {
        let registry = try IXFMemberListParser.parse(contentsOf: fixture("ixf.member.0.json"))
        let netflix = try #require(registry.member(asn: 2906))
        #expect(netflix.name == "Netflix")
        #expect(netflix.macAddresses == ["00:0a:95:9d:68:16"])
        #expect(netflix.ipv4Addresses == ["195.69.147.250"])
        #expect(netflix.ipv6Addresses == ["2001:7f8:1::a500:2906:1"])
        #expect(netflix.peersWithRouteServer == true)
        #expect(netflix.isRouteServer == false)
        #expect(registry.member(mac: "00-0A-95-9D-68-16")?.asn == 2906)
        #expect(registry.member(address: "2001:07f8:0001:0000:0000:a500:2906:0001")?.asn == 2906)
        #expect(registry.member(address: "195.69.147.251") == nil)
        #expect(registry.version == "1.0")
    }

    @Test func nullAndMissingOptionalFields() throws {
        let registry = try IXFMemberListParser.parse(contentsOf: fixture("ixf.member.null.if_speed.json"))
        let member = try #require(registry.members.first)
        #expect(member.macAddresses.isEmpty)
        #expect(member.ipv4Addresses == ["195.69.147.250"])
        // members.0.6.json has a connection with only a state, a vlan with only an id, and "if_speed": "fast".
        // It also has an entry with a null asnum: skipped, and said so.
        let old = try IXFMemberListParser.parse(contentsOf: fixture("members.0.6.json"))
        #expect(old.members.map(\.asn) == [2906])
        #expect(old.skippedEntries == ["member_list[1] has no valid asnum"])
    }

    @Test func connectionsOfOneMemberAreMerged() throws {
        let registry = try IXFMemberListParser.parse(contentsOf: fixture("ixf.member.2.json"))
        let asns = registry.members.map(\.asn)
        #expect(Set(asns).count == asns.count)
        let netflix = try #require(registry.member(asn: 1001))
        #expect(netflix.ipv4Addresses == ["195.69.147.250", "195.69.147.251", "195.69.147.249"])
    }

    @Test func variantsOfRealExports() throws {
        let json = """
            {"version": "1.0", "member_list": [
              {"asnum": "64500", "name": null, "member_type": "routeserver", "connection_list": [
                {"vlan_list": [{"ipv4": {"address": "192.0.2.1", "mac_address": "00:11:22:33:44:55", "routeserver": null},
                                "ipv6": null}]}]},
              {"asnum": 64501, "connection_list": null, "ixp_manager_extra": {"x": 1}}
            ]}
            """
        let registry = try IXFMemberListParser.parse(Data(json.utf8))
        #expect(registry.members.count == 2)
        #expect(registry.members[0].asn == 64500)
        #expect(registry.members[0].isRouteServer)
        #expect(registry.members[0].macAddresses == ["00:11:22:33:44:55"])
        #expect(registry.routeServerAddresses == ["192.0.2.1"])
        #expect(registry.members[1].ipv4Addresses.isEmpty)
    }

    @Test func badInputGivesAClearError() {
        #expect {
            _ = try IXFMemberListParser.parse(Data("{\"member_list\": [".utf8), source: "x.json")
        } throws: { error in
            "\(error)".hasPrefix("x.json: not valid JSON")
        }
        #expect {
            _ = try IXFMemberListParser.parse(Data("[1,2]".utf8), source: "y.json")
        } throws: { error in
            "\(error)".contains("y.json") && "\(error)".contains("member_list")
        }
        #expect {
            _ = try IXFMemberListParser.parse(Data("{\"member_lists\": []}".utf8), source: "z.json")
        } throws: { error in
            "\(error)".contains("z.json") && "\(error)".contains("no member_list")
        }
        #expect(throws: MemberListError.self) { _ = try IXFMemberListParser.parse(contentsOf: "/nonexistent.json") }
    }
}
