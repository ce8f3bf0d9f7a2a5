/// `below_ixp_floor`: fewer than 3 member ASNs exchanged traffic in the last 24 hours — the
/// floor ISOC Pulse, PCH and Euro-IX use for an active exchange. Critical.
public struct BelowIXPFloorRule: DetectionRule {
    public var ids: [RuleID] { [.belowIXPFloor] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let settings = context.settings(.belowIXPFloor)
        let floor = settings.threshold("minimum_members", default: 3)
        let minimumBits = settings.threshold("minimum_bits_per_second", default: 10_000)
        let means = context.memberMeans(seconds: 86_400)
        let known = means.values.reduce(0) { $0 + $1.known }
        let total = means.values.reduce(0) { $0 + $1.total }
        var evidence = Evidence()
        let window = EvidenceWindow(from: context.now - 86_400, to: context.now)
        let fraction = total > 0 ? Double(known) / Double(total) : 0
        evidence.add("known_fraction", fraction, unit: .ratio, window: window)
        guard total > 0, fraction >= settings.threshold("minimum_known", default: 0.8) else {
            let text = LocalizedText("below_ixp_floor.not_enough_data", numbers: ["known": NumberArgument(fraction, .ratio)])
            return symptom(.belowIXPFloor, .notEnoughData, text, evidence, context)
        }
        let active = means.filter { $0.value.value * 8 >= minimumBits }.keys.sorted()
        evidence.add("active_members", Double(active.count), unit: .count, window: window)
        evidence.add("floor", floor, unit: .count)
        evidence.add("minimum_traffic", minimumBits, unit: .bitsPerSecond)
        evidence.add("active_asns", list: active.map { "AS\($0)" }, window: window)
        let text = LocalizedText(Double(active.count) < floor ? "below_ixp_floor.critical" : "below_ixp_floor.ok",
                                 numbers: ["count": NumberArgument(Double(active.count), .count), "floor": NumberArgument(floor, .count)])
        return symptom(.belowIXPFloor, Double(active.count) < floor ? .critical : .ok, text, evidence, context)
    }
}
