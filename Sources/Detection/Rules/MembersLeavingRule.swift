import IXPCore
import Members

/// `members_leaving`: more members left than joined in the last 12 months, by a net loss of at
/// least 5 % of the members a year earlier (at least one member). A large exchange where members
/// come and go, and the year ends one short, is churning, not emptying: its card says so.
public struct MembersLeavingRule: DetectionRule {
    /// The thresholds of `members_leaving` (`detection.rules.members_leaving`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// The window joins and leaves are counted over, in days.
        public var windowDays: Double = 365
        /// The net loss (leaves − joins) that warns, as a share of the members at the window's
        /// start; at least one member. 5 %: one member of 20, four of 80.
        public var minimumNetLossShare: Double = 0.05

        /// The defaults.
        public init() {}
    }

    /// `members_leaving` by default.
    public static let definition = RuleDefinition(.membersLeaving, severity: .warning, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let thresholds = context.thresholds(Self.definition)
        let window = thresholds.windowDays * 86_400
        let now = context.now
        var evidence = Evidence()
        let span = context.membership?.snapshotSpan(at: now) ?? 0
        guard let history = context.membership, span >= window else {
            let text = LocalizedText("members_leaving.not_enough_data", numbers: [
                "days": NumberArgument((span / 86_400).rounded(.down), .count), "needed": NumberArgument(window / 86_400, .count)])
            return symptom(.membersLeaving, .notEnoughData, text, evidence, context)
        }
        let range = (now - window)...now
        let joins = history.joins(in: range)
        let leaves = history.leaves(in: range)
        let evidenceWindow = EvidenceWindow(from: range.lowerBound, to: now)
        evidence.add("joins", Double(joins.count), unit: .count, window: evidenceWindow)
        evidence.add("leaves", Double(leaves.count), unit: .count, window: evidenceWindow)
        if !leaves.isEmpty { evidence.add("left", list: leaves.map { $0.displayName }) }
        let netLoss = leaves.count - joins.count
        let membersBefore = history.memberCount(at: range.lowerBound) ?? history.memberCount(at: now) ?? 0
        let needed = max(1, Int((thresholds.minimumNetLossShare * Double(membersBefore)).rounded(.up)))
        var numbers = ["joins": NumberArgument(Double(joins.count), .count), "leaves": NumberArgument(Double(leaves.count), .count)]
        if netLoss > 0 {
            evidence.add("net_loss", Double(netLoss), unit: .count, window: evidenceWindow)
            evidence.add("net_loss_needed", Double(needed), unit: .count)
        }
        if netLoss >= needed {
            return symptom(.membersLeaving, .warning, LocalizedText("members_leaving.warning", numbers: numbers), evidence, context)
        }
        if netLoss > 0 {
            numbers["net"] = NumberArgument(Double(netLoss), .count)
            numbers["needed"] = NumberArgument(Double(needed), .count)
            numbers["members"] = NumberArgument(Double(membersBefore), .count)
            return symptom(.membersLeaving, .ok, LocalizedText("members_leaving.churn", numbers: numbers), evidence, context)
        }
        return symptom(.membersLeaving, .ok, LocalizedText("members_leaving.ok", numbers: numbers), evidence, context)
    }
}

extension RuleID {
    /// More members left than joined in the last 12 months.
    public static let membersLeaving: RuleID = "members_leaving"
}
