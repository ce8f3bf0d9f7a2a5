import IXPCore
import Members

/// `stale_member_data`: the IX-F export's timestamp is older than 7 days, or PeeringDB's
/// member count differs from the exchange's active members by more than 20 %.
public struct StaleMemberDataRule: DetectionRule {
    /// The thresholds of `stale_member_data` (`detection.rules.stale_member_data`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// The member list is stale when older than this, in days.
        public var maximumAgeDays: Double = 7
        /// PeeringDB counting this fraction more or fewer networks is a problem.
        public var peeringdbDifference: Double = 0.20

        /// The defaults.
        public init() {}
    }

    /// `stale_member_data` by default.
    public static let definition = RuleDefinition(.staleMemberData, severity: .warning, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let thresholds = context.thresholds(Self.definition)
        var evidence = Evidence()
        guard let members = context.members else {
            return symptom(.staleMemberData, .notEnoughData, LocalizedText("stale_member_data.not_enough_data"), evidence, context)
        }
        let active = members.activeMembers.count
        evidence.add("listed_members", Double(active), unit: .count)
        let exported = members.timestampSeconds
        let age = exported.map { max(0, context.now - $0) }
        if let exported, let age {
            evidence.add("exported", exported, unit: .timestamp)
            evidence.add("age", age, unit: .seconds)
            if age > thresholds.maximumAgeDays * 86_400 {
                let text = LocalizedText("stale_member_data.old", ["timestamp": NumberWording.isoDate(exported)],
                                         numbers: ["age": NumberArgument(age, .seconds)])
                return symptom(.staleMemberData, .warning, text, evidence, context)
            }
        }
        var text = LocalizedText("stale_member_data.ok", numbers: ["age": NumberArgument(age ?? .nan, .seconds)])
        if let peeringDB = context.peeringDB {
            let count = peeringDB.memberCount
            let difference = Double(abs(count - active)) / Double(max(active, 1))
            evidence.add("peeringdb_networks", Double(count), unit: .count)
            evidence.add("difference", difference, unit: .ratio)
            if difference > thresholds.peeringdbDifference {
                let text = LocalizedText("stale_member_data.peeringdb", numbers: [
                    "peeringdb": NumberArgument(Double(count), .count), "active": NumberArgument(Double(active), .count),
                    "difference": NumberArgument(difference, .ratio)])
                return symptom(.staleMemberData, .warning, text, evidence, context)
            }
            text = LocalizedText("stale_member_data.ok_peeringdb", numbers: [
                "age": NumberArgument(age ?? .nan, .seconds), "peeringdb": NumberArgument(Double(count), .count)])
        }
        guard age != nil else {
            return symptom(.staleMemberData, .notEnoughData, LocalizedText("stale_member_data.no_timestamp"), evidence, context)
        }
        return symptom(.staleMemberData, .ok, text, evidence, context)
    }
}

extension RuleID {
    /// The member data is old, or disagrees with PeeringDB.
    public static let staleMemberData: RuleID = "stale_member_data"
}
