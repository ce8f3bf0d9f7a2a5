import Foundation
import Members
import Testing
@testable import SyntheticExchange

@Suite struct LabScenarioTests {
    let end = 1_795_820_400.0  // 2026-11-27 21:00 UTC

    @Test func theLabHasItsMembersTheTwoThatLeftAndOneRolePerMisbehaviour() {
        let scenario = ExchangeScenario.lab(members: 20, end: end + 1_234)
        #expect(scenario.end == end)  // rounded down to the hour
        #expect(scenario.members.count == 22)
        #expect(scenario.members(at: end - 1).count == 20)
        #expect(scenario.members.map(\.asn) == (1...22).map { UInt32(65_000 + $0) })
        #expect(scenario.members[9].ipv6 == "fd00:6978::a" && scenario.members[9].mac == "02:69:78:00:00:0a")
        let roles = ExchangeScenario.labRoles(members: 20)
        #expect(Set(roles.values) == Set(LabRole.misbehaving) && roles.count == 8)
        #expect(roles.keys.allSatisfy { $0 <= 20 })
        let fill = roles.first { $0.value == .fill }!.key
        let idle = roles.first { $0.value == .idle }!.key
        #expect(scenario.members[fill - 1].ports[0].speed == ExchangeScenario.labSmallPortSpeed)
        #expect(scenario.members[idle - 1].ports[0].idleFrom == end - 60 * day)
        #expect(ExchangeScenario.labRoles(members: 12).keys.sorted() == Array(2...9))
        #expect(ExchangeScenario.labRoles(members: 9).isEmpty)
    }

    @Test func theMemberTableAndTheExportDescribeTheSameExchange() throws {
        let scenario = ExchangeScenario.lab(members: 20, end: end)
        let table = scenario.labMemberTable(roles: ExchangeScenario.labRoles(members: 20))
        let lines = table.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        #expect(lines.count == 23 && lines.allSatisfy { $0.count == 11 })
        #expect(lines[3][9] == "stp_leak" && lines[21][10] == "0" && lines[20][10] == "1")
        let export = try IXFExportWriter().export(for: scenario, at: scenario.end - 1)
        let registry = try IXFMemberListParser.parse(export)
        #expect(registry.peeringMembers.count == 20)
        #expect(Set(registry.routeServers.map(\.asn)) == [ExchangeScenario.labRouteServerASN])
        #expect(registry.routeServers.flatMap(\.addresses).contains("100.64.0.253"))
    }
}
