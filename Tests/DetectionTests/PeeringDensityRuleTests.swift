import Foundation
import IXPCore
import Testing
import TimeSeries
@testable import Detection

/// `peering_density` on sFlow matrices written straight into a store: a full mesh, a mesh that
/// thins out over a quarter, members under the minimum-peering rule (and a near miss), a matrix
/// the probe could not list whole, and no sFlow at all.
@Suite struct PeeringDensityRuleTests {
    let now = 1_800_000_000.0

    /// Members 65001…65000+`members`, each with its sent series, and the unordered pairs for
    /// which `peers(a, b, day)` holds carrying 100 kB/s one way (the other way silent); `other`
    /// carries `other` bytes/s.
    func outcome(members: Int, days: Int, other: Double = 0, peers: @escaping (Int, Int, Int) -> Bool) throws -> RuleOutcome {
        var series: [DailySeriesStore.Series] = []
        for a in 1...members {
            series.append((StoreSeries.sflowMemberSent, ["member_asn": String(65000 + a)], { _ in 1_000 }))
            for b in (a + 1)...max(a + 1, members) where b <= members {
                series.append((StoreSeries.sflowPairBytes, ["src_asn": String(65000 + a), "dst_asn": String(65000 + b)],
                               { day in peers(a, b, day) ? 100_000 : 0 }))
            }
        }
        series.append((StoreSeries.sflowPairBytes, ["src_asn": "other", "dst_asn": "other"], { _ in other }))
        let store = try DailySeriesStore.make(now: now, days: days, series)
        return PeeringDensityRule().evaluate(DetectionContext(now: now, store: store))
    }

    func item(_ outcome: RuleOutcome, _ name: String) -> EvidenceItem? {
        outcome.symptom?.evidence.items.first { $0.name == name }
    }

    @Test func aFullMeshThatStaysIsOkAndOtherIsNoMember() throws {
        let outcome = try outcome(members: 10, days: 125, other: 100) { _, _, _ in true }
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .ok, "\(symptom.summary)")
        #expect(symptom.message.key == "peering_density.ok")
        #expect(outcome.findings.isEmpty)
        #expect(item(outcome, "members")?.number == 10, "`other` is not a member")
        #expect(item(outcome, "peering_pairs")?.number == 45)
        #expect(item(outcome, "density")?.number == 1)
        #expect(item(outcome, "density_quarter_on_quarter")?.number == 0)
    }

    @Test func aMeshThinningByAThirdOverAQuarterIsAWarning() throws {
        // Full mesh until day 70 of 125; then the pairs of members 1…4 with 8…10 stop (12 of 45).
        let outcome = try outcome(members: 10, days: 125) { a, b, day in day < 70 || !(a <= 4 && b >= 8) }
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .warning)
        #expect(symptom.message.key == "peering_density.falling")
        #expect(item(outcome, "decided_by")?.value == .text("quarter_on_quarter"))
        #expect(item(outcome, "peering_pairs")?.number == 33)
        let change = try #require(item(outcome, "density_quarter_on_quarter")?.number)
        #expect(abs(change - (33.0 / 45 - 1)) < 1e-9)
        #expect(outcome.findings.map(\.rule) == [.peeringDensity])
    }

    @Test func aMeshLosingUnderTenPercentIsNotFalling() throws {
        // 4 of 45 pairs stop (8.9 %), spread so that everyone keeps at least 4 peers.
        let outcome = try outcome(members: 10, days: 125) { a, b, day in day < 70 || !(b == a + 1 && a <= 7 && a % 2 == 1) }
        #expect(outcome.symptom?.verdict == .ok, "\(outcome.symptom?.summary ?? "")")
        #expect(item(outcome, "peering_pairs")?.number == 41)
        #expect(outcome.findings.isEmpty)
    }

    @Test func membersPeeringWithFewerThanFourOthersAreListedWithTheirCounts() throws {
        // Members 1…6 peer with one another; 7…10 each with members 1 and 2 only: 4 of 10 are
        // under the rule (max(4, 10 % of 9) = 4), more than a quarter.
        let outcome = try outcome(members: 10, days: 31) { a, b, _ in b <= 6 || a <= 2 }
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .warning)
        #expect(symptom.message.key == "peering_density.below")
        #expect(item(outcome, "required_peers")?.number == 4)
        #expect(item(outcome, "below_minimum")?.value == .list(["AS65007: 2", "AS65008: 2", "AS65009: 2", "AS65010: 2"]))
        #expect(symptom.summary.contains("AS65007: 2"))
        #expect(symptom.message.key != "peering_density.ok_young")
    }

    @Test func twoMembersOfTenUnderTheRuleIsNotAWarning() throws {
        // Members 1…8 fully meshed; 9 and 10 each peer with 1 and 2: 2 of 10 (20 %) under the rule.
        let outcome = try outcome(members: 10, days: 31) { a, b, _ in b <= 8 || a <= 2 }
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .ok, "\(symptom.summary)")
        #expect(symptom.message.key == "peering_density.ok_young")
        #expect(item(outcome, "members_below_minimum")?.number == 2)
        #expect(outcome.findings.isEmpty)
    }

    @Test func aTruncatedMatrixOrNoSFlowIsNotEnoughData() throws {
        // `other` carries 50 kB/s: pairs the probe does not list could be peering.
        let truncated = try outcome(members: 10, days: 31, other: 50_000) { a, b, _ in b <= 6 || a <= 2 }
        #expect(truncated.symptom?.verdict == .notEnoughData)
        #expect(truncated.symptom?.message.key == "peering_density.incomplete")
        #expect(truncated.findings.isEmpty)
        let none = PeeringDensityRule().evaluate(DetectionContext(now: now, store: try DailySeriesStore.make(now: now, days: 1, [])))
        #expect(none.symptom?.verdict == .notEnoughData)
        #expect(none.symptom?.message.key == "peering_density.not_enough_data")
    }
}
