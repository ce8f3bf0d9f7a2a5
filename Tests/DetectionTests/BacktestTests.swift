import Foundation
import SyntheticExchange
import Testing
@testable import Detection

/// Two years of synthetic exchanges replayed through the detector with an injected clock.
@Suite struct BacktestTests {
    let day = 86_400.0

    func describe(_ firings: [(time: Double, finding: Finding)], end: Double) -> String {
        firings.map { "\(Int(($0.time - end) / 86_400)) d: \($0.finding.id) — \($0.finding.summary)" }.joined(separator: "\n")
    }

    @Test func aHealthyGrowingExchangeRaisesNoZombieFinding() throws {
        let backtest = try Backtest(.healthyGrowing())
        backtest.run(every: 3 * day)
        let end = backtest.scenario.end
        #expect(backtest.zombieFirings.isEmpty, "\(describe(backtest.zombieFirings, end: end))")
        let last = try #require(backtest.steps.last)
        for rule in RuleID.zombieSymptoms {
            #expect(last.symptoms[rule]?.isProblem == false, "\(rule): \(String(describing: last.symptoms[rule]))")
        }
        #expect(last.symptoms[.fallingTraffic] == .ok)
        #expect(last.symptoms[.stagnantMembership] == .ok)
        #expect(last.symptoms[.membersLeaving] == .ok)
    }

    @Test func aSlowlyDyingExchangeRaisesEachSymptomAtTheRightTime() throws {
        let scenario = ExchangeScenario.slowlyDying()
        let truth = scenario.groundTruth
        let backtest = try Backtest(scenario)
        backtest.run(every: 2 * day)
        let end = scenario.end
        let report = describe(backtest.zombieFirings, end: end)
        // Falling traffic: after the decline starts, within its first quarter.
        let declineStart = try #require(truth.declineStart)
        let falling = try #require(backtest.firstFiring(.fallingTraffic), "\(report)")
        #expect(falling > declineStart && falling <= declineStart + 91 * day, "falling_traffic at \(Int((falling - end) / day)) d\n\(report)")
        // Stagnation: no join for 12 months, or no growth over 6 months — whichever the member
        // lists show first (a leave can cancel a join).
        let lastJoin = try #require(truth.lastJoin)
        var expected = lastJoin + 365 * day
        var time = scenario.start + 182 * day
        while time < expected {
            if scenario.members(at: time).count <= scenario.members(at: time - 182 * day).count { expected = time }
            time += day
        }
        let stagnant = try #require(backtest.firstFiring(.stagnantMembership), "\(report)")
        #expect(stagnant >= expected - 31 * day && stagnant <= expected + 31 * day,
                "stagnant at \(Int((stagnant - end) / day)) d, expected about \(Int((expected - end) / day)) d (monthly member lists)")
        // More leaves than joins: not before the first leave.
        let firstLeave = try #require(truth.leaves.map(\.time).min())
        let leaving = try #require(backtest.firstFiring(.membersLeaving), "\(report)")
        #expect(leaving >= firstLeave)
        // Idle ports: once enough ports are idle for 30 days; not before the first goes idle.
        let idle = try #require(backtest.firstFiring(.idleMemberPorts), "\(report)")
        let firstIdle = try #require(truth.idlePorts.map(\.idleSince).min())
        #expect(idle >= firstIdle + 30 * day)
        // One member dominating from the start.
        let concentration = try #require(backtest.firstFiring(.trafficConcentration), "\(report)")
        #expect(concentration <= scenario.start + 40 * day)
        // Nothing zombie about traffic before the decline.
        #expect(backtest.zombieFirings.filter { $0.finding.rule == .fallingTraffic && $0.time < declineStart }.isEmpty, "\(report)")
        for rule in RuleID.zombieSymptoms {
            if let time = backtest.firstFiring(rule) { print("slowlyDying: \(rule) first fired at end \(Int((time - end) / day)) d") }
        }
        let last = try #require(backtest.steps.last)
        #expect(last.symptoms[.fallingTraffic]?.isProblem == true)
        #expect(last.symptoms[.idleMemberPorts] == .warning)
        #expect(last.symptoms[.trafficConcentration] == .warning)
        #expect(last.symptoms[.stagnantMembership] == .warning)
        #expect(last.symptoms[.membersLeaving] == .warning)
    }

    @Test func aHolidayDipThatRecoversRaisesNoFinding() throws {
        let scenario = ExchangeScenario.holidayDip()
        let backtest = try Backtest(scenario)
        backtest.run(every: 2 * day)
        #expect(backtest.zombieFirings.isEmpty, "\(describe(backtest.zombieFirings, end: scenario.end))")
    }

    @Test func aSeasonalLowIsNotADecline() throws {
        let scenario = ExchangeScenario.seasonalLow()
        let backtest = try Backtest(scenario)
        let end = scenario.end
        // From before this year's slide into the low to its depth (the end).
        backtest.run(from: scenario.groundTruth.verdictFrom, every: 3 * day)
        let falling = backtest.zombieFirings.filter { $0.finding.rule == .fallingTraffic }
        #expect(falling.isEmpty, "\(describe(falling, end: end))")
        for step in backtest.steps {
            #expect(step.symptoms[.fallingTraffic]?.isProblem == false,
                    "\(Int((step.time - end) / day)) d: \(String(describing: step.symptoms[.fallingTraffic]))")
        }
        // Through the slide and deep in the low, the same weeks a year earlier are in the
        // evidence; where a quarter-on-quarter or early test would warn, they decide, and say so.
        var seasonal = 0
        for daysBeforeEnd in [80.0, 60, 30, 0] {
            let outcome = FallingTrafficRule().evaluate(backtest.context(at: end - daysBeforeEnd * day))
            let symptom = try #require(outcome.symptom)
            #expect(symptom.verdict == .ok, "\(-Int(daysBeforeEnd)) d: \(symptom.summary)")
            #expect(symptom.evidence["year_on_year_change"] != nil, "\(-Int(daysBeforeEnd)) d: \(symptom.evidence.items.map(\.name))")
            if symptom.message.key == "falling_traffic.seasonal" { seasonal += 1 }
            print("seasonalLow at end \(-Int(daysBeforeEnd)) d: \(symptom.summary)")
        }
        #expect(seasonal >= 1)
    }

    @Test func remoteOnlyGrowthIsReportedAsWeakGrowthWithoutAnAlert() throws {
        let scenario = ExchangeScenario.remoteOnlyGrowth()
        let truth = scenario.groundTruth
        let backtest = try Backtest(scenario)
        let end = scenario.end
        backtest.run(from: end - 90 * day, every: 15 * day)
        // A healthy exchange: no zombie finding, and member_data_mismatch quiet on its clean list.
        #expect(backtest.zombieFirings.isEmpty, "\(describe(backtest.zombieFirings, end: end))")
        for step in backtest.steps {
            #expect(step.symptoms[.remoteGrowth] == .ok)
            #expect(step.symptoms[.memberDataMismatch]?.isProblem == false, "\(String(describing: step.symptoms[.memberDataMismatch]))")
        }
        #expect(backtest.steps.allSatisfy { !$0.firing.contains { $0.rule == .remoteGrowth } })
        // The statement: every member who joined in the last 12 months is remote.
        let joins = truth.joins.filter { $0.time > end - 365 * day }
        #expect(joins.count >= 5)
        #expect(joins.allSatisfy { truth.remoteMembers.contains($0.asn) })
        let symptom = try #require(RemoteGrowthRule().evaluate(backtest.context(at: end)).symptom)
        #expect(symptom.message.key == "remote_growth.weak", "\(symptom.summary)")
        // The member list is monthly: a join after the last export is not known yet.
        let known = try #require(symptom.evidence["joins"]?.number)
        #expect(known >= 5 && known <= Double(joins.count), "\(symptom.summary)")
        #expect(symptom.evidence["remote_joins"]?.number == known, "\(symptom.summary)")
        #expect(symptom.evidence["local_joins"]?.number == 0)
        #expect(symptom.summary.hasPrefix("Of the \(Int(known)) members who joined this year, \(Int(known)) are remote (over 10 ms)"))
        print("remoteOnlyGrowth: \(symptom.summary)")
        // healthyGrowing has no pings: not enough data, never a guess.
        let healthy = try Backtest(.healthyGrowing())
        #expect(healthy.evaluate(at: end).symptoms[.remoteGrowth] == .notEnoughData)
    }

    @Test func aCounterResetAndAWeekOfMissingDataRaiseNoFinding() throws {
        let scenario = ExchangeScenario.counterResetAndGap()
        let backtest = try Backtest(scenario)
        backtest.run(every: 2 * day)
        #expect(backtest.zombieFirings.isEmpty, "\(describe(backtest.zombieFirings, end: scenario.end))")
    }

    @Test func tooLittleHistoryIsNotEnoughData() throws {
        let scenario = ExchangeScenario.tooLittleHistory()
        let backtest = try Backtest(scenario)
        let step = backtest.evaluate(at: scenario.end)
        for rule in [RuleID.fallingTraffic, .membersLeaving, .idleMemberPorts] {
            #expect(step.symptoms[rule] == .notEnoughData, "\(rule): \(String(describing: step.symptoms[rule]))")
        }
        // The member list's member_since dates do tell who joined lately.
        #expect(step.symptoms[.stagnantMembership]?.isProblem == false)
        #expect(backtest.zombieFirings.isEmpty)
    }
}
