import IXPCore
import Members

/// `stagnant_membership`: no member joined in 12 months, or the member count has not grown
/// for 6 months.
///
/// Maturity is not stagnation. A large exchange whose count is flat because members keep
/// joining and others leave, while its traffic still grows, is mature (ok, and it says so):
/// at least `matureMinimumMembers` members, at least `matureMinimumJoins` joins in the last 12
/// months with one of them in the last 6, at least one leave, and peak traffic growing more
/// than `matureTrafficGrowth` a year (the 95th percentile of daily peaks, last quarter against
/// the same quarter a year earlier; with less than that history, the half-year trend of the
/// daily peaks, annualised; a step such as a member moving to a private interconnect left out,
/// as `falling_traffic` leaves it out). No join at all in 12 months is stagnation whatever the
/// traffic. The evidence's `classification` says which: `growing`, `mature` or `stagnant`.
public struct StagnantMembershipRule: DetectionRule {
    /// The thresholds of `stagnant_membership` (`detection.rules.stagnant_membership`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// No member joined for this many days.
        public var noJoinDays: Double = 365
        /// The member count has not grown for this many days.
        public var noGrowthDays: Double = 182
        /// A flat count is maturity only in an exchange of at least this many members.
        public var matureMinimumMembers: Double = 30
        /// A flat count is maturity only with at least this many joins in the last 12 months.
        public var matureMinimumJoins: Double = 3
        /// A flat count is maturity only while peak traffic grows more than this fraction a year.
        public var matureTrafficGrowth: Double = 0

        /// The defaults.
        public init() {}
    }

    /// `stagnant_membership` by default.
    public static let definition = RuleDefinition(.stagnantMembership, severity: .warning, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let thresholds = context.thresholds(Self.definition)
        let noJoin = thresholds.noJoinDays * 86_400
        let noGrowth = thresholds.noGrowthDays * 86_400
        let now = context.now
        var evidence = Evidence()
        guard let history = context.membership, let span = history.joinSpan(at: now) else {
            let text = LocalizedText("stagnant_membership.not_enough_data", numbers: [
                "days": NumberArgument(0, .count), "needed": NumberArgument(noGrowth / 86_400, .count)])
            return symptom(.stagnantMembership, .notEnoughData, text, evidence, context)
        }
        let joins = history.joins(in: (now - noJoin)...now)
        let leaves = history.leaves(in: (now - noJoin)...now)
        let countNow = history.memberCount(at: now)
        let countBefore = history.memberCount(at: now - noGrowth)
        evidence.add("joins_last_12_months", Double(joins.count), unit: .count, window: EvidenceWindow(from: now - noJoin, to: now))
        if let last = history.lastJoin(before: now) { evidence.add("last_join", last.at, unit: .timestamp) }
        if let countNow { evidence.add("members_now", Double(countNow), unit: .count) }
        if let countBefore { evidence.add("members_six_months_ago", Double(countBefore), unit: .count) }
        evidence.add("leaves_last_12_months", Double(leaves.count), unit: .count, window: EvidenceWindow(from: now - noJoin, to: now))
        evidence.add("history", span, unit: .seconds)
        if span >= noJoin, joins.isEmpty {
            let last = history.lastJoin(before: now).map { NumberWording.isoDate($0.at) } ?? "—"
            evidence.add("classification", text: "stagnant")
            return symptom(.stagnantMembership, .warning, LocalizedText("stagnant_membership.no_join", ["last_join": last]), evidence, context)
        }
        if let countNow, let countBefore, history.snapshotSpan(at: now) >= noGrowth, countNow <= countBefore {
            let growth = trafficGrowth(context, &evidence)
            let churning = Double(countNow) >= thresholds.matureMinimumMembers && Double(joins.count) >= thresholds.matureMinimumJoins
                && joins.contains { $0.at >= now - noGrowth } && !leaves.isEmpty
            if churning, let growth, growth > thresholds.matureTrafficGrowth {
                evidence.add("classification", text: "mature")
                let text = LocalizedText("stagnant_membership.mature", numbers: [
                    "joins": NumberArgument(Double(joins.count), .count), "leaves": NumberArgument(Double(leaves.count), .count),
                    "count_before": NumberArgument(Double(countBefore), .count), "count_now": NumberArgument(Double(countNow), .count),
                    "traffic": NumberArgument(growth, .ratio)])
                return symptom(.stagnantMembership, .ok, text, evidence, context)
            }
            evidence.add("classification", text: "stagnant")
            let text = LocalizedText("stagnant_membership.no_growth", numbers: [
                "count_before": NumberArgument(Double(countBefore), .count), "count_now": NumberArgument(Double(countNow), .count)])
            return symptom(.stagnantMembership, .warning, text, evidence, context)
        }
        guard span >= noGrowth else {
            let text = LocalizedText("stagnant_membership.not_enough_data", numbers: [
                "days": NumberArgument((span / 86_400).rounded(.down), .count), "needed": NumberArgument(noGrowth / 86_400, .count)])
            return symptom(.stagnantMembership, .notEnoughData, text, evidence, context)
        }
        evidence.add("classification", text: "growing")
        let text = LocalizedText("stagnant_membership.ok", numbers: [
            "joins": NumberArgument(Double(joins.count), .count),
            "count_now": NumberArgument(Double(countNow ?? 0), .count),
            "count_before": NumberArgument(Double(countBefore ?? countNow ?? 0), .count)])
        return symptom(.stagnantMembership, .ok, text, evidence, context)
    }

    /// Peak traffic's growth a year, from the daily peaks `falling_traffic` judges (a step left
    /// out): year on year when there is a year and a quarter of history, else the half-year
    /// trend annualised; nil when neither is known (unknown is not growth).
    private func trafficGrowth(_ context: DetectionContext, _ evidence: inout Evidence) -> Double? {
        let minimumKnown = context.thresholds(FallingTrafficRule.definition).minimumKnown
        let series = FallingTrafficRule.judgedSeries(context).judged
        if let yearOnYear = series.yearOnYearGrowth(percentile: 95, windowDays: 91, yearDays: 365, minimumKnownFraction: minimumKnown) {
            evidence.add("traffic_year_on_year", yearOnYear, unit: .ratio)
            return yearOnYear
        }
        guard let trend = series.trend(days: 182, minimumKnownFraction: minimumKnown), trend.changePerQuarter.isFinite else {
            return nil
        }
        let perYear = 4 * trend.changePerQuarter  // the line's slope over a year, from its starting level
        evidence.add("traffic_trend_per_year", perYear, unit: .ratio)
        return perYear
    }
}

extension RuleID {
    /// No member joined in 12 months, or the member count has not grown for 6 months.
    public static let stagnantMembership: RuleID = "stagnant_membership"
}
