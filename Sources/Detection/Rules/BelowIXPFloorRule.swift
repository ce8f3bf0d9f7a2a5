import IXPCore
/// `below_ixp_floor`: fewer than 3 member ASNs exchanged traffic in the last 24 hours — the
/// floor ISOC Pulse, PCH and Euro-IX use for an active exchange. Critical.
public struct BelowIXPFloorRule: DetectionRule {
    /// The thresholds of `below_ixp_floor` (`detection.rules.below_ixp_floor`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// Fewer member ASNs exchanging traffic than this is below the floor.
        public var minimumMembers: Double = 3
        /// A member is active from this mean rate over the last 24 hours (bit/s).
        public var minimumBitsPerSecond: Double = 10_000
        /// The fraction of the window that must be known to judge.
        public var minimumKnown: Double = 0.8

        /// The defaults.
        public init() {}
    }

    /// `below_ixp_floor` by default.
    public static let definition = RuleDefinition(.belowIXPFloor, for: 6 * 3_600, severity: .critical, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let thresholds = context.thresholds(Self.definition)
        let floor = thresholds.minimumMembers
        let minimumBits = thresholds.minimumBitsPerSecond
        let means = context.memberMeans(seconds: 86_400)
        let known = means.values.reduce(0) { $0 + $1.known }
        let total = means.values.reduce(0) { $0 + $1.total }
        var evidence = Evidence()
        let window = EvidenceWindow(from: context.now - 86_400, to: context.now)
        let fraction = total > 0 ? Double(known) / Double(total) : 0
        evidence.add("known_fraction", fraction, unit: .ratio, window: window)
        guard total > 0, fraction >= thresholds.minimumKnown else {
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

extension RuleID {
    /// Fewer than 3 member ASNs exchanged traffic in the last 24 h.
    public static let belowIXPFloor: RuleID = "below_ixp_floor"
}
