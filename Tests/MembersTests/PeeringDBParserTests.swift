import Foundation
import Testing
@testable import Members

@Suite struct PeeringDBParserTests {
    @Test func combinedFile() throws {
        let exchange = try PeeringDBParser.parse(contentsOf: ixfFixture("exix.peeringdb.json"))
        #expect(exchange.ixID == 9999)
        #expect(exchange.name == "EXIX")
        #expect(exchange.ixlanIDs == [8888])
        // The deleted record, the other LAN's record and the one without an ASN are left out.
        #expect(exchange.networks.map(\.asn) == [64500, 64501, 64502, 64502, 64505])
        #expect(exchange.memberCount == 4)
        #expect(exchange.asns == [64500, 64501, 64502, 64505])
        let alpha = try #require(exchange.networks.first)
        #expect(alpha == PeeringDBNetwork(
            asn: 64500, name: "EXIX", ipaddr4: "192.0.2.10", ipaddr6: "2001:db8:100::a", speed: 20000, isRSPeer: true,
            ixlanID: 8888))
        #expect(exchange.networks[1].ipaddr6 == nil)
    }

    @Test func plainNetixlanResponse() throws {
        let json = """
            {"meta": {}, "data": [
              {"asn": 64500, "ix_id": 12, "ixlan_id": 3, "ipaddr4": "192.0.2.10", "is_rs_peer": true, "speed": 10000},
              {"asn": "64501", "ipaddr6": "2001:DB8::0001", "is_rs_peer": null, "speed": null},
              {"asn": 64500, "ipaddr4": "192.0.2.20"},
              "junk"
            ]}
            """
        let exchange = try PeeringDBParser.parse(Data(json.utf8))
        #expect(exchange.ixID == 12)
        #expect(exchange.name == nil)
        #expect(exchange.memberCount == 2)
        #expect(exchange.networks[1] == PeeringDBNetwork(asn: 64501, ipaddr6: "2001:db8::1"))
    }

    @Test func bareObjectsInTheCombinedFile() throws {
        let json = """
            {"ix": {"id": 5, "name_long": "Long Name"}, "netixlan": [{"asn": 1}, {"asn": 2}]}
            """
        let exchange = try PeeringDBParser.parse(Data(json.utf8))
        #expect(exchange.ixID == 5)
        #expect(exchange.name == "Long Name")
        #expect(exchange.ixlanIDs.isEmpty)
        #expect(exchange.memberCount == 2)
    }

    @Test func badInput() {
        #expect { _ = try PeeringDBParser.parse(Data("{".utf8), source: "pdb.json") } throws: { error in
            "\(error)".hasPrefix("pdb.json: not valid JSON")
        }
        #expect { _ = try PeeringDBParser.parse(Data("{\"results\": []}".utf8), source: "pdb.json") } throws: { error in
            "\(error)".contains("netixlan")
        }
        #expect { _ = try PeeringDBParser.parse(contentsOf: "/nonexistent/pdb.json") } throws: { error in
            (error as? MemberListError)?.reason == .unreadable
        }
    }
}
