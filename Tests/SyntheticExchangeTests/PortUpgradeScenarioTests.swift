import Foundation
import Testing
import TimeSeries
@testable import SyntheticExchange

/// `portUpgrade`: eight members moved to new 100G ports and their old 10G ports were shut.
@Suite struct PortUpgradeScenarioTests {
    let receive = "ixp_interface_receive_bytes_per_second"

    func key(_ name: String, _ port: ScenarioPort, _ asn: UInt32) -> SeriesKey {
        SeriesKey(name: name, labels: ["switch": port.switchName, "interface": port.interface, "member_asn": String(asn)])
    }

    @Test func eightMembersMovedToNewPortsAndTheirOldPortsAreShut() throws {
        let scenario = ExchangeScenario.portUpgrade()
        #expect(ExchangeScenario.named("portUpgrade")?.members == scenario.members)
        #expect(scenario.members.reduce(0) { $0 + $1.ports.count } == 32)
        #expect(scenario.groundTruth.idlePorts.isEmpty)
        let store = try hourlyStore(end: scenario.end)
        let outcome = scenario.write(to: store)
        #expect(outcome.outOfOrder == 0 && outcome.invalid == 0 && outcome.refusedOverCap == 0)
        let end = scenario.end
        let upgraded = scenario.members.filter { $0.ports.count == 2 }
        #expect(upgraded.count == 8)
        for member in upgraded {
            let old = member.ports[0], new = member.ports[1]
            let idleFrom = try #require(old.idleFrom)
            let connectedFrom = try #require(new.connectedFrom)
            #expect(member.isReplaced(old) && !member.isReplaced(new))
            // The old port: busy before, silent and admin down after; its alias (member label) kept.
            #expect(store.aggregate(.maximum, of: key(receive, old, member.asn), from: connectedFrom - 60 * day, to: connectedFrom).value
                > 0.5 * old.speed)
            #expect(store.aggregate(.maximum, of: key(receive, old, member.asn), from: idleFrom + 3_600, to: end - 1).value == 0)
            #expect(store.latest(key("ixp_interface_admin_up", old, member.asn))?.value == 0)
            #expect(store.latest(key("ixp_interface_up", old, member.asn))?.value == 0)
            // The new port: nothing before it was connected, the member's traffic after.
            #expect(store.aggregate(.maximum, of: key(receive, new, member.asn), from: connectedFrom - 30 * day, to: connectedFrom - 1)
                .knownValues == 0)
            #expect(store.aggregate(.maximum, of: key(receive, new, member.asn), from: idleFrom, to: end - 1).value > 0.5 * old.peak)
            #expect(store.latest(key("ixp_interface_admin_up", new, member.asn))?.value == 1)
        }
        // The member list lists the new port only, once the old one is shut.
        let export = try IXFExportWriter().export(for: scenario, at: end)
        let text = String(decoding: export, as: UTF8.self)
        func count(_ pattern: String) -> Int { text.components(separatedBy: pattern).count - 1 }
        #expect(count("\"if_speed\" : 100000,") == 8)
        #expect(count("\"if_speed\" : 10000,") == 16 + 2)  // 16 members on 10G, and the two route servers
    }

    @Test func oldPortsLeftAdminUpAreSilentAndStillReplaced() {
        let scenario = ExchangeScenario.portUpgrade(oldPortsAdminDown: false)
        #expect(scenario.groundTruth.idlePorts.isEmpty)
        for member in scenario.members where member.ports.count == 2 {
            #expect(!member.ports[0].adminDownWhenIdle && member.ports[0].operDownWhenIdle)
            #expect(member.isReplaced(member.ports[0]))
        }
    }
}
