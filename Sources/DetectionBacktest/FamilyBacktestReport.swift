public import Detection
import Foundation
import Synchronization

/// The backtests of several families, scored: per symptom precision and recall, per family false
/// criticals, false warnings and the day a planted decline was first flagged, and the goals.
public struct FamilyBacktestReport: Sendable {
    /// The families run, in order.
    public var families: [BacktestFamily]
    /// Every history's outcome, family by family in seed order.
    public var histories: [HistoryBacktest]

    /// A planted decline must be flagged within this many days of its start (a quarter).
    public static let declineDeadlineDays = 91.0
    /// The recall goal over every planted symptom.
    public static let recallGoal = 0.95

    /// Runs every history of `families`, `workers` at a time, evaluating every `every` seconds;
    /// `progress` hears of each history done. Throws the first history that cannot be built.
    public init(families: [BacktestFamily], every: Double = 3 * 86_400, workers: Int = 1,
                progress: (@Sendable (HistoryBacktest) -> Void)? = nil) throws {
        let jobs = families.flatMap { family in family.seeds.map { (family, $0) } }
        let results = Mutex<[Int: Result<HistoryBacktest, any Error>]>([:])
        let next = Atomic<Int>(0)
        let threads = max(1, min(workers, jobs.count))
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < jobs.count else { return }
                let outcome = Result { try HistoryBacktest(jobs[index].0, seed: jobs[index].1, every: every) }
                if case .success(let history) = outcome { progress?(history) }
                results.withLock { $0[index] = outcome }
            }
        }
        let collected = results.withLock { $0 }
        self.families = families
        histories = try jobs.indices.map { index in
            guard let outcome = collected[index] else { throw BacktestError("history \(index) did not run") }
            return try outcome.get()
        }
    }

    /// Per symptom: histories where it was planted and raised, raised without being planted, planted and missed.
    public func counts(of rule: RuleID) -> (truePositives: Int, falsePositives: Int, falseNegatives: Int) {
        var counts = (truePositives: 0, falsePositives: 0, falseNegatives: 0)
        for history in histories {
            let planted = history.planted.contains(rule), raised = history.raised.contains(rule)
            if planted && raised { counts.truePositives += 1 }
            if !planted && raised { counts.falsePositives += 1 }
            if planted && !raised { counts.falseNegatives += 1 }
        }
        return counts
    }

    /// Planted symptoms raised over planted symptoms, every history together.
    public var recall: Double {
        let planted = histories.reduce(0) { $0 + $1.planted.count }
        let raised = histories.reduce(0) { $0 + $1.planted.intersection($1.raised).count }
        return planted > 0 ? Double(raised) / Double(planted) : 1
    }

    /// Each goal missed, in words (empty: every goal met).
    public var missedGoals: [String] {
        var missed: [String] = []
        for history in histories {
            for line in history.falseCriticals { missed.append("false critical in \(history.family): \(line)") }
        }
        let quiet = Set(families.filter(\.noFalseWarnings).map(\.name))
        for history in histories where quiet.contains(history.family) {
            for line in history.falseWarnings { missed.append("false warning in \(history.family): \(line)") }
        }
        if recall < Self.recallGoal {
            missed.append("recall \(Self.percent(recall)) < \(Self.percent(Self.recallGoal)) of planted symptoms")
        }
        for history in histories where history.hasDecline && history.planted.contains(.fallingTraffic) {
            if let day = history.declineWarningDay {
                if day > Self.declineDeadlineDays {
                    missed.append("\(history.family) seed \(history.seed): decline first flagged on day \(Int(day)), after its first quarter")
                }
            } else {
                missed.append("\(history.family) seed \(history.seed): the planted decline was never flagged")
            }
        }
        return missed
    }

    /// The tables, in Markdown.
    public var markdown: String {
        var out: [String] = []
        out.append("### Per symptom (\(histories.count) histories)\n")
        out.append("| symptom | planted | raised when planted | raised when not planted | missed | precision | recall |")
        out.append("|---|---:|---:|---:|---:|---:|---:|")
        for rule in RuleID.zombieSymptoms {
            let c = counts(of: rule)
            let planted = c.truePositives + c.falseNegatives
            guard planted + c.falsePositives > 0 else {
                out.append("| `\(rule.rawValue)` | 0 | 0 | 0 | 0 | – | – |")
                continue
            }
            let precision = c.truePositives + c.falsePositives > 0
                ? Self.percent(Double(c.truePositives) / Double(c.truePositives + c.falsePositives)) : "–"
            let recall = planted > 0 ? Self.percent(Double(c.truePositives) / Double(planted)) : "–"
            out.append("| `\(rule.rawValue)` | \(planted) | \(c.truePositives) | \(c.falsePositives) | \(c.falseNegatives) | \(precision) | \(recall) |")
        }
        out.append("\nRecall over every planted symptom: **\(Self.percent(recall))** (goal ≥ \(Self.percent(Self.recallGoal))).\n")
        out.append("### Per family\n")
        out.append("| family | histories | planted symptoms | missed | false criticals | false warnings | first `falling_traffic`, days after the decline's start (min / median / max) | operational findings (not scored) |")
        out.append("|---|---:|---|---:|---:|---:|---|---|")
        for family in families {
            let rows = histories.filter { $0.family == family.name }
            let planted = family.planted.map { "`\($0.rawValue)`" }.sorted().joined(separator: ", ")
            let missed = rows.reduce(0) { $0 + $1.missed.count }
            let criticals = rows.reduce(0) { $0 + $1.falseCriticals.count }
            let warnings = rows.reduce(0) { $0 + $1.falseWarnings.count }
            let days = rows.compactMap(\.declineWarningDay).sorted()
            let decline: String
            if rows.contains(where: \.hasDecline) {
                let never = rows.filter { $0.hasDecline && $0.declineWarningDay == nil }.count
                decline = days.isEmpty ? "never"
                    : "\(Int(days[0])) / \(Int(days[days.count / 2])) / \(Int(days[days.count - 1]))" + (never > 0 ? ", \(never) never" : "")
            } else {
                decline = "–"
            }
            var operational: [RuleID: Int] = [:]
            for row in rows { operational.merge(row.operational, uniquingKeysWith: +) }
            let operationalText = operational.isEmpty ? "none"
                : operational.sorted { $0.key.rawValue < $1.key.rawValue }.map { "`\($0.key.rawValue)` \($0.value)" }.joined(separator: ", ")
            let quiet = family.noFalseWarnings ? " (no false warning)" : ""
            out.append("| \(family.name)\(quiet) | \(rows.count) | \(planted.isEmpty ? "none" : planted) | \(missed) | \(criticals) | \(warnings) | \(decline) | \(operationalText) |")
        }
        let missedGoals = missedGoals
        out.append("\n### Goals\n")
        if missedGoals.isEmpty {
            out.append("Every goal met: no false critical, no false warning on a family held to none, recall ≥ 95 %, "
                + "every planted decline flagged within \(Int(Self.declineDeadlineDays)) days.")
        } else {
            out.append("Missed (\(missedGoals.count)):\n")
            out += missedGoals.map { "- \($0)" }
        }
        let details = histories.flatMap { history in
            history.falseWarnings.map { "- \(history.family): \($0)" } + history.missed.sorted { $0.rawValue < $1.rawValue }
                .map { "- \(history.family) seed \(history.seed): planted `\($0.rawValue)` never raised" }
        }
        if !details.isEmpty {
            out.append("\n### Every false warning and missed symptom\n")
            out += details
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func percent(_ value: Double) -> String { String(format: "%.1f %%", value * 100) }
}
