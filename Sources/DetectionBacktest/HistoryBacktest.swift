public import Detection
import Foundation
import IXPCore
import SyntheticExchange

/// One history of a family replayed through the detector, and what it raised against what was
/// planted.
public struct HistoryBacktest: Sendable {
    /// The family's name and the history's seed.
    public var family: String, seed: UInt64
    /// The zombie symptoms planted.
    public var planted: Set<RuleID>
    /// The zombie symptoms that fired (warning or worse, any subject) while judged; a planted
    /// decline's `falling_traffic` counts only from the decline's start.
    public var raised: Set<RuleID>
    /// Findings that fired as critical on a symptom or fault not planted (any rule), one line each.
    public var falseCriticals: [String]
    /// Zombie findings that fired on a symptom not planted, or `falling_traffic` before a planted
    /// decline, one line each.
    public var falseWarnings: [String]
    /// Findings of the operational rules that fired (not scored: faults, not zombie symptoms), by rule.
    public var operational: [RuleID: Int]
    /// Days from the planted decline's start to the first `falling_traffic` (nil: no decline planted, or none fired).
    public var declineWarningDay: Double?
    /// Whether a decline was planted.
    public var hasDecline: Bool
    /// Evaluations run.
    public var evaluations: Int

    /// Planted symptoms the detector did not raise.
    public var missed: Set<RuleID> { planted.subtracting(raised) }

    /// Replays `family`'s history of `seed`, evaluating every `every` seconds.
    public init(_ family: BacktestFamily, seed: UInt64, every: Double = 3 * 86_400) throws {
        let day = 86_400.0
        let scenario = family.scenario(seed)
        let truth = scenario.groundTruth
        let backtest = try Backtest(scenario)
        let from: Double = switch family.start {
        case .historyStart: scenario.start + 7 * day
        case .verdictFrom: max(truth.verdictFrom, scenario.start + 7 * day)
        }
        let to: Double = switch family.end {
        case .historyEnd: scenario.end
        case .daysIntoDecline(let days): (truth.declineStart ?? scenario.end) + days * day
        }
        backtest.run(from: from, to: to, every: every)
        self.family = family.name
        self.seed = seed
        planted = family.planted
        evaluations = backtest.steps.count
        hasDecline = truth.declineStart != nil
        var raised = Set<RuleID>()
        var falseCriticals: [String] = [], falseWarnings: [String] = []
        var operational: [RuleID: Int] = [:]
        var seen = Set<String>()
        var declineWarning: Double?
        for step in backtest.steps {
            let daysBeforeEnd = Int(((to - step.time) / day).rounded())
            for finding in step.firing where finding.severity >= .warning {
                let key = "\(finding.id)|\(finding.severity.rawValue)"
                let isZombie = RuleID.zombieSymptoms.contains(finding.rule)
                let line = "seed \(seed), end − \(daysBeforeEnd) d: \(finding.rule.rawValue) \(finding.severity.rawValue) — \(finding.summary)"
                if finding.rule == .fallingTraffic, let start = truth.declineStart, step.time < start {
                    if seen.insert(key + "|early").inserted { falseWarnings.append("before the decline, " + line) }
                    continue
                }
                if finding.rule == .fallingTraffic, let start = truth.declineStart, declineWarning == nil {
                    declineWarning = (step.time - start) / day
                }
                let isPlanted = family.planted.contains(finding.rule)
                if isZombie { raised.insert(finding.rule) }
                guard seen.insert(key).inserted else { continue }
                if finding.severity >= .critical && !isPlanted && !family.faults.contains(finding.rule) { falseCriticals.append(line) }
                if isZombie && !isPlanted { falseWarnings.append(line) }
                if !isZombie { operational[finding.rule, default: 0] += 1 }
            }
        }
        self.raised = raised
        self.falseCriticals = falseCriticals
        self.falseWarnings = falseWarnings
        self.operational = operational
        declineWarningDay = declineWarning
    }
}
