import Members

/// `stale_member_data`: the IX-F export's timestamp is older than 7 days, or PeeringDB's
/// member count differs from the exchange's active members by more than 20 %.
public struct StaleMemberDataRule: DetectionRule {
    public var ids: [RuleID] { [.staleMemberData] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let settings = context.settings(.staleMemberData)
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
            if age > settings.threshold("maximum_age_days", default: 7) * 86_400 {
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
            if difference > settings.threshold("peeringdb_difference", default: 0.20) {
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
