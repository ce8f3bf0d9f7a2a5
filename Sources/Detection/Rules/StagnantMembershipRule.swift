import IXPCore
import Members

/// `stagnant_membership`: no member joined in 12 months, or the member count has not grown
/// for 6 months.
public struct StagnantMembershipRule: DetectionRule {
    /// The thresholds of `stagnant_membership` (`detection.rules.stagnant_membership`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// No member joined for this many days.
        public var noJoinDays: Double = 365
        /// The member count has not grown for this many days.
        public var noGrowthDays: Double = 182

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
        let countNow = history.memberCount(at: now)
        let countBefore = history.memberCount(at: now - noGrowth)
        evidence.add("joins_last_12_months", Double(joins.count), unit: .count, window: EvidenceWindow(from: now - noJoin, to: now))
        if let last = history.lastJoin(before: now) { evidence.add("last_join", last.at, unit: .timestamp) }
        if let countNow { evidence.add("members_now", Double(countNow), unit: .count) }
        if let countBefore { evidence.add("members_six_months_ago", Double(countBefore), unit: .count) }
        evidence.add("history", span, unit: .seconds)
        if span >= noJoin, joins.isEmpty {
            let last = history.lastJoin(before: now).map { NumberWording.isoDate($0.at) } ?? "—"
            return symptom(.stagnantMembership, .warning, LocalizedText("stagnant_membership.no_join", ["last_join": last]), evidence, context)
        }
        if let countNow, let countBefore, history.snapshotSpan(at: now) >= noGrowth, countNow <= countBefore {
            let text = LocalizedText("stagnant_membership.no_growth", numbers: [
                "count_before": NumberArgument(Double(countBefore), .count), "count_now": NumberArgument(Double(countNow), .count)])
            return symptom(.stagnantMembership, .warning, text, evidence, context)
        }
        guard span >= noGrowth else {
            let text = LocalizedText("stagnant_membership.not_enough_data", numbers: [
                "days": NumberArgument((span / 86_400).rounded(.down), .count), "needed": NumberArgument(noGrowth / 86_400, .count)])
            return symptom(.stagnantMembership, .notEnoughData, text, evidence, context)
        }
        let text = LocalizedText("stagnant_membership.ok", numbers: [
            "joins": NumberArgument(Double(joins.count), .count),
            "count_now": NumberArgument(Double(countNow ?? 0), .count),
            "count_before": NumberArgument(Double(countBefore ?? countNow ?? 0), .count)])
        return symptom(.stagnantMembership, .ok, text, evidence, context)
    }
}

extension RuleID {
    /// No member joined in 12 months, or the member count has not grown for 6 months.
    public static let stagnantMembership: RuleID = "stagnant_membership"
}
