/// `traffic_concentration`: the top member carries more than 50 % of the exchange's traffic,
/// or the top three more than 80 % (over 30 days; the top-three test needs at least four
/// members with traffic).
public struct TrafficConcentrationRule: DetectionRule {
    public var ids: [RuleID] { [.trafficConcentration] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let settings = context.settings(.trafficConcentration)
        let days = settings.threshold("window_days", default: 30)
        let shares = Self.shares(context, days: days)
        var evidence = Evidence()
        guard shares.count >= 2 else {
            return symptom(.trafficConcentration, .notEnoughData, LocalizedText("traffic_concentration.not_enough_data"), evidence, context)
        }
        let top1 = shares[0].share
        let top3 = shares.prefix(3).reduce(0) { $0 + $1.share }
        let window = EvidenceWindow(from: context.now - days * 86_400, to: context.now)
        evidence.add("top_member", text: context.memberName(shares[0].asn), window: window)
        evidence.add("top1_share", top1, unit: .ratio, window: window)
        evidence.add("top3_share", top3, unit: .ratio, window: window)
        evidence.add("members_with_traffic", Double(shares.count), unit: .count)
        let concentrated = top1 > settings.threshold("top1_share", default: 0.5)
            || (shares.count >= 4 && top3 > settings.threshold("top3_share", default: 0.8))
        let text = LocalizedText(concentrated ? "traffic_concentration.warning" : "traffic_concentration.ok",
                                 ["top_name": context.memberName(shares[0].asn)],
                                 numbers: ["top1": NumberArgument(top1, .ratio), "top3": NumberArgument(top3, .ratio)])
        return symptom(.trafficConcentration, concentrated ? .warning : .ok, text, evidence, context)
    }

    /// Each member's share of traffic over the last `days`, largest first (members with traffic only).
    static func shares(_ context: DetectionContext, days: Double) -> [(asn: UInt32, share: Double)] {
        let means = context.memberMeans(seconds: days * 86_400).filter { $0.value.value > 0 }
        // Summed in ASN order: a dictionary's order changes from run to run, and with it the last bits of a sum.
        let total = means.sorted { $0.key < $1.key }.reduce(0) { $0 + $1.value.value }
        guard total > 0 else { return [] }
        return means.map { ($0.key, $0.value.value / total) }.sorted { $0.share > $1.share || ($0.share == $1.share && $0.asn < $1.asn) }
    }
}
