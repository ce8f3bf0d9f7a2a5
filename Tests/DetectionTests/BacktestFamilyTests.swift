import Testing
@testable import Detection

/// The cheap subset of `Benchmarks/detection`'s family backtests: the first seed of every family
/// (`BacktestFamily.all`), held to the goals — no false critical, no false warning on a family
/// held to none, ≥ 95 % of planted symptoms raised, a planted decline flagged within its
/// first quarter. The full run (105 histories) is `BacktestFamilies`.
@Suite struct BacktestFamilyTests {
    @Test func theFirstSeedOfEveryFamilyMeetsTheGoals() throws {
        let report = try FamilyBacktestReport(families: BacktestFamily.all.map { $0.first(1) }, workers: 2)
        print(report.markdown)
        #expect(report.histories.count == BacktestFamily.all.count)
        // The one goal known to be missed (Benchmarks/detection/README.md): during a port migration
        // the monthly export lags the new ports, and member_data_mismatch warns.
        let known = report.missedGoals.filter { $0.hasPrefix("false warning in port migration:") && $0.contains("member_data_mismatch") }
        let others = report.missedGoals.filter { !known.contains($0) }
        #expect(others.isEmpty, "\(others.joined(separator: "\n"))")
        withKnownIssue("member_data_mismatch warns while a port migration outruns the monthly member list", isIntermittent: true) {
            #expect(known.isEmpty, "\(known.joined(separator: "\n"))")
        }
    }

    @Test func everyFamilyIsSeededAndThereAreAtLeastSixtyHistories() {
        let histories = BacktestFamily.all.reduce(0) { $0 + $1.seeds.count }
        #expect(histories >= 60)
        for family in BacktestFamily.all {
            #expect(!family.seeds.isEmpty, "\(family.name)")
            // Planted faults are operational rules, never zombie symptoms.
            #expect(family.faults.isDisjoint(with: RuleID.zombieSymptoms), "\(family.name)")
        }
    }
}
