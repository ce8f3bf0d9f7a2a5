import Foundation
import IXPCore
import Members
import SyntheticExchange
import Testing
@testable import Detection

/// Issue 20 §1: maturity is not decline, and a step is not a trend — backtests on the `mature`,
/// `privateInterconnectStep` and `stepThenDecline` exchanges, as `BacktestTests` does for the
/// others.
@Suite struct MaturityAndStepBacktestTests {
    let day = 86_400.0

    func describe(_ firings: [(time: Double, finding: Finding)], end: Double) -> String {
        firings.map { "\(Int(($0.time - end) / 86_400)) d: \($0.finding.id) — \($0.finding.summary)" }.joined(separator: "\n")
    }

    /// `stagnant_membership` at the evaluations of the last 150 days where the count had not
    /// grown in six months (the branch maturity must answer).
    func flatCountVerdicts(_ backtest: Backtest) -> [(time: Double, symptom: Symptom)] {
        let end = backtest.scenario.end
        var out: [(Double, Symptom)] = []
        var time = end - 150 * day
        while time <= end {
            backtest.advance(to: time)
            let context = backtest.context(at: time)
            if let history = context.membership, let now = history.memberCount(at: time),
               let before = history.memberCount(at: time - 182 * day), now <= before,
               let symptom = StagnantMembershipRule().evaluate(context).symptom {
                out.append((time, symptom))
            }
            time += 5 * day
        }
        return out
    }

    @Test func aMatureExchangeWithChurnAndSlowGrowthIsNotStagnant() throws {
        let scenario = ExchangeScenario.mature()
        let backtest = try Backtest(scenario)
        let end = scenario.end
        backtest.run(every: 3 * day)
        #expect(backtest.zombieFirings.isEmpty, "\(describe(backtest.zombieFirings, end: end))")
        for step in backtest.steps {
            #expect(step.symptoms[.stagnantMembership]?.isProblem == false,
                    "\(Int((step.time - end) / day)) d: \(String(describing: step.symptoms[.stagnantMembership]))")
        }
        // Where the count is flat, it says mature, with joins, leaves and the traffic's growth.
        let flat = flatCountVerdicts(backtest)
        #expect(!flat.isEmpty)
        for (time, symptom) in flat {
            #expect(symptom.verdict == .ok, "\(Int((time - end) / day)) d: \(symptom.summary)")
            #expect(symptom.message.key == "stagnant_membership.mature", "\(Int((time - end) / day)) d: \(symptom.summary)")
            #expect(symptom.evidence["classification"]?.value == .text("mature"))
            #expect((symptom.evidence["joins_last_12_months"]?.number ?? 0) >= 3)
            #expect((symptom.evidence["leaves_last_12_months"]?.number ?? 0) >= 1)
            let growth = try #require(symptom.evidence["traffic_year_on_year"]?.number)
            #expect(growth > 0 && growth < 0.12, "traffic \(growth)")
        }
        if let last = flat.last { print("mature at end \(Int((last.time - end) / day)) d: \(last.symptom.summary)") }
    }

    @Test func aFlatCountIsStagnantWhenTrafficFallsOrTheExchangeIsSmallerThanMature() throws {
        // The same churn, but traffic falling 15 % over the last 400 days: not mature.
        var falling = ExchangeScenario.mature()
        falling.trend = [TrendPoint(time: falling.end - 400 * day, factor: 1), TrendPoint(time: falling.end, factor: 0.85)]
        let declining = try Backtest(falling)
        let verdicts = flatCountVerdicts(declining)
        #expect(!verdicts.isEmpty)
        for (time, symptom) in verdicts {
            #expect(symptom.verdict == .warning, "\(Int((time - falling.end) / day)) d: \(symptom.summary)")
            #expect(symptom.evidence["classification"]?.value == .text("stagnant"))
            #expect((symptom.evidence["traffic_year_on_year"]?.number ?? 0) < 0)
        }
        // The mature exchange itself, judged with a minimum of 100 members: a near miss.
        let backtest = try Backtest(.mature())
        var thresholds = StagnantMembershipRule.Thresholds()
        thresholds.matureMinimumMembers = 100
        backtest.configuration.rules[.stagnantMembership] = RuleSettings(severity: .warning, thresholds: thresholds)
        let small = flatCountVerdicts(backtest)
        #expect(!small.isEmpty)
        for (_, symptom) in small {
            #expect(symptom.verdict == .warning, "\(symptom.summary)")
            #expect(symptom.message.key == "stagnant_membership.no_growth")
        }
    }

    @Test func aStepToAPrivateInterconnectIsNotAFallingTrend() throws {
        let scenario = ExchangeScenario.privateInterconnectStep()
        let truth = scenario.groundTruth
        let stepTime = try #require(truth.stepTime)
        let backtest = try Backtest(scenario)
        let end = scenario.end
        backtest.run(from: stepTime - 30 * day, every: 3 * day)
        #expect(backtest.zombieFirings.isEmpty, "\(describe(backtest.zombieFirings, end: end))")
        for step in backtest.steps {
            #expect(step.symptoms[.fallingTraffic]?.isProblem == false,
                    "\(Int((step.time - end) / day)) d: \(String(describing: step.symptoms[.fallingTraffic]))")
        }
        // It says it is a step: when, how much, which member.
        for time in [stepTime + 10 * day, stepTime + 60 * day, end] {
            let symptom = try #require(FallingTrafficRule().evaluate(backtest.context(at: time)).symptom)
            #expect(symptom.verdict == .ok)
            #expect(symptom.message.key == "falling_traffic.step", "\(symptom.summary)")
            let at = try #require(symptom.evidence["step_at"]?.number)
            #expect(abs(at - stepTime) <= day, "step at \(Int((at - end) / day)) d")
            let change = try #require(symptom.evidence["step_change"]?.number)
            #expect(change < -0.22 && change > -0.38, "step \(change), planted \(truth.stepFactor ?? .nan)")
            #expect(symptom.evidence["step_member_asn"]?.number == truth.stepMember.map(Double.init))
            #expect(symptom.evidence["step_member_ports"] != nil)
            print("privateInterconnectStep at end \(Int((time - end) / day)) d: \(symptom.summary)")
        }
    }

    @Test func aStepDoesNotHideADeclineAfterIt() throws {
        let scenario = ExchangeScenario.stepThenDecline()
        let truth = scenario.groundTruth
        let stepTime = try #require(truth.stepTime)
        let declineStart = try #require(truth.declineStart)
        let backtest = try Backtest(scenario)
        let end = scenario.end
        backtest.run(from: stepTime - 30 * day, every: 3 * day)
        let report = describe(backtest.zombieFirings, end: end)
        let falling = try #require(backtest.firstFiring(.fallingTraffic), "\(report)")
        #expect(falling > declineStart && falling <= declineStart + 91 * day, "falling_traffic at \(Int((falling - end) / day)) d\n\(report)")
        let early = backtest.steps.filter { step in step.time < declineStart && step.symptoms[.fallingTraffic]?.isProblem == true }
        #expect(early.isEmpty, "\(early.map { Int(($0.time - end) / day) }) d\n\(report)")
        // At the end the step is known and left out, and the decline still warns.
        let symptom = try #require(FallingTrafficRule().evaluate(backtest.context(at: end)).symptom)
        #expect(symptom.verdict.isProblem, "\(symptom.summary)")
        #expect(symptom.evidence["step_at"] != nil, "\(symptom.evidence.items.map(\.name))")
        print("stepThenDecline: falling_traffic first fired at end \(Int((falling - end) / day)) d; at the end: \(symptom.summary)")
    }
}
