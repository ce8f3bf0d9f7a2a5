import IXPCore
import Members

/// `members_leaving`: more members left than joined in the last 12 months.
public struct MembersLeavingRule: DetectionRule {
    /// The thresholds of `members_leaving` (`detection.rules.members_leaving`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// The window joins and leaves are counted over, in days.
        public var windowDays: Double = 365

        /// The defaults.
        public init() {}
    }

    /// `members_leaving` by default.
    public static let definition = RuleDefinition(.membersLeaving, severity: .warning, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let window = context.thresholds(Self.definition).windowDays * 86_400
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
        let numbers = ["joins": NumberArgument(Double(joins.count), .count), "leaves": NumberArgument(Double(leaves.count), .count)]
        let leaving = leaves.count > joins.count
        return symptom(.membersLeaving, leaving ? .warning : .ok,
                       LocalizedText(leaving ? "members_leaving.warning" : "members_leaving.ok", numbers: numbers), evidence, context)
    }
}

extension RuleID {
    /// More members left than joined in the last 12 months.
    public static let membersLeaving: RuleID = "members_leaving"
}
