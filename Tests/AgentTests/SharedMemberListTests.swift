import Foundation
import Members
import PeeringLAN
import Testing
@testable import Agent

/// The capture and the detector read one member list: `members.source`, unless the capture
/// names a `members_file` of its own.
@Suite struct SharedMemberListTests {
    let list = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tests/Fixtures/ixf/export.json").path

    @Test func theCaptureReadsTheAgentsMemberListWhenItHasNoneOfItsOwn() throws {
        let text = "members:\n  source: \(list)\n  route_server_asns: [2906]\npeering_lan:\n  interface: eth1\n"
        let configuration = try AgentConfiguration.parse(text, file: "lan.yaml")
        let members = try #require(configuration.peeringLAN?.captures.first?.members)
        #expect(members.member(asn: 2906)?.isRouteServer == true)
    }

    @Test func aRemoteListIsTheMemberServicesAndTheCaptureStartsWithout() throws {
        let text = "members:\n  source: https://ixp.example.net/ixf.json\npeering_lan:\n  interface: eth1\n"
        let configuration = try AgentConfiguration.parse(text, file: "lan.yaml")
        #expect(configuration.peeringLAN != nil)
        #expect(configuration.peeringLAN?.captures.first?.members == nil)
    }
}
