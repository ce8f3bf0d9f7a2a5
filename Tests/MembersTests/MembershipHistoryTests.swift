import Foundation
import Testing
@testable import Members

private func snapshot(_ at: String, _ members: [(UInt32, String?)]) -> MembershipSnapshot {
    MembershipSnapshot(
        at: epoch(at), members: members.map { MembershipSnapshot.Entry(asn: $0.0, name: "AS\($0.0)", memberSince: $0.1.map(epoch)) })
}

@Suite struct MembershipHistoryTests {
    @Test func oneExportTellsJoinsFromMemberSince() throws {
        let registry = try IXFMemberListParser.parse(contentsOf: ixfFixture("exix.ixpmanager.1.0.json"))
        let at = try #require(registry.timestampSeconds)
        let history = MembershipHistory.build(from: [(at: at, registry: registry)])
        let lastYear = (at - 365 * 86_400)...at
        #expect(history.joins(in: lastYear).map(\.asn) == [64501, 64503])
        #expect(history.joins(in: lastYear).first?.at == epoch("2024-05-10T00:00:00Z"))
        #expect(history.leaves(in: lastYear).isEmpty)
        #expect(history.memberCount(at: at) == 5)
        #expect(history.memberCount(at: at - 1) == nil)
        #expect(history.firstSnapshot == at)
        #expect(history.lastSnapshot == at)
        // 64504 has no member_since: first seen.
        #expect(history.memberSince[64504] == at)
        #expect(history.memberSince[64500] == epoch("2015-03-01T00:00:00Z"))
        // The exchange's own entry is not a member.
        #expect(history.memberSince[64496] == nil)
    }

    @Test func joinsAndLeavesAcrossSnapshots() {
        let history = MembershipHistory(snapshots: [
            snapshot("2024-03-01", [(1, nil), (2, nil), (3, "2024-04-15")]),  // listed here as joining "later": not a join
            snapshot("2024-01-01", [(1, nil), (2, nil)]),
            snapshot("2024-02-01", [(1, nil), (2, nil), (3, "2024-01-20")]),
            snapshot("2024-05-01", [(2, nil), (3, nil), (4, "2020-01-01")]),
        ])
        #expect(history.snapshots.map(\.memberCount) == [2, 3, 3, 3])
        #expect(history.events == [
            MembershipEvent(kind: .join, asn: 3, name: "AS3", at: epoch("2024-01-20")),
            MembershipEvent(kind: .leave, asn: 1, name: "AS1", at: epoch("2024-05-01")),
            // member_since before the previous snapshot: joined when first seen.
            MembershipEvent(kind: .join, asn: 4, name: "AS4", at: epoch("2024-05-01")),
        ])
        #expect(history.memberSince[1] == epoch("2024-01-01"))
        #expect(history.memberSince[4] == epoch("2020-01-01"))
        #expect(history.memberCount(at: epoch("2024-02-15")) == 3)
        #expect(history.latestMembers.map(\.asn) == [2, 3, 4])
        let months = history.monthly(from: epoch("2023-12-15"), to: epoch("2024-05-31"))
        #expect(months.map(\.label) == ["2023-12", "2024-01", "2024-02", "2024-03", "2024-04", "2024-05"])
        #expect(months.map(\.joins) == [0, 1, 0, 0, 0, 1])
        #expect(months.map(\.leaves) == [0, 0, 0, 0, 0, 1])
        #expect(months.map(\.memberCount) == [nil, 2, 3, 3, 3, 3])
    }

    @Test func rejoinAndSameTimeSnapshots() {
        let history = MembershipHistory(snapshots: [
            snapshot("2024-01-01", [(1, nil)]),
            snapshot("2024-02-01", []),
            snapshot("2024-03-01", [(9, nil)]),
            snapshot("2024-03-01", [(1, nil)]),  // replaces the one above
        ])
        #expect(history.events.map(\.kind) == [.leave, .join])
        #expect(history.memberSince[1] == epoch("2024-03-01"))
        #expect(history.memberSince[9] == nil)
        #expect(history.snapshots.count == 3)
    }

    @Test func leavesNeedTwoSnapshots() {
        #expect(MembershipHistory(snapshots: [snapshot("2024-01-01", [(1, nil)])]).events.isEmpty)
        #expect(MembershipHistory().monthly(from: 10, to: 0).isEmpty)
        #expect(MembershipHistory().firstSnapshot == nil)
    }
}
