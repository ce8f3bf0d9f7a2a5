import IXPCore
import Members
import TimeSeries

/// `peering_density`: is there peering? The share of member pairs that exchange traffic, read
/// from the sFlow probe's matrix (`ixp_sflow_member_pair_bytes_per_second{src_asn,dst_asn}`):
/// a pair counts when its two directions together averaged at least `pair_floor_bits_per_second`
/// over the last `window_days`. The members are those the sFlow probe reports on (its per-member
/// series) and those in a counted pair, less the route servers; `other` (the pairs the probe does
/// not list one by one) is no member.
///
/// A warning when the density fell by `density_drop` (relative) against the same window a
/// quarter (91 days) earlier, or when more than `below_share` of the members exchange traffic
/// with fewer than max(`minimum_peers`, `minimum_peer_share` of the other members) — a
/// minimum-peering rule some exchanges make a condition of membership; the evidence lists those
/// members with their peer counts. The capture's BGP tracking is not used: it keeps no history
/// of bilateral sessions, so the matrix is the only source.
///
/// The matrix is complete only when `other` itself stays under the floor: a pair hidden in it
/// could be above it otherwise, and every count would be a lower bound. Then, as without sFlow,
/// the verdict is not_enough_data (with the fix: a larger `top_pairs`).
public struct PeeringDensityRule: DetectionRule {
    /// The thresholds of `peering_density` (`detection.rules.peering_density`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// The window a pair's traffic is averaged over, in days.
        public var windowDays: Double = 30
        /// A pair exchanging less than this (both directions, bit/s, on average) is not peering.
        public var pairFloorBitsPerSecond: Double = 10_000
        /// A fall of the density by this fraction quarter on quarter is a warning.
        public var densityDrop: Double = 0.10
        /// The minimum-peering rule: at least this many other members…
        public var minimumPeers: Double = 4
        /// …or this share of the other members, whichever is more (never more than all of them).
        public var minimumPeerShare: Double = 0.10
        /// More than this share of members below the rule is a warning.
        public var belowShare: Double = 0.25
        /// Fewer members than this is too few to speak of density.
        public var minimumMembers: Double = 3

        /// The defaults.
        public init() {}
    }

    /// `peering_density` by default: a warning once it has held for a day.
    public static let definition = RuleDefinition(.peeringDensity, for: 86_400, severity: .warning, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    /// Who peers with whom over one window.
    struct Matrix {
        /// Per member, the other members it exchanged traffic with.
        var peers: [UInt32: Set<UInt32>]
        /// The mean rate of `other`, bit/s (0 when the probe lists every pair).
        var otherBitsPerSecond: Double
        /// Pairs listed one by one (either direction) over the window.
        var listedPairs: Int

        var members: Int { peers.count }
        var pairs: Int { peers.values.reduce(0) { $0 + $1.count } / 2 }
        var possiblePairs: Int { members * (members - 1) / 2 }
        var density: Double { possiblePairs > 0 ? Double(pairs) / Double(possiblePairs) : .nan }
    }

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let thresholds = context.thresholds(Self.definition)
        let now = context.now
        let window = thresholds.windowDays * 86_400
        var evidence = Evidence()
        guard let current = Self.matrix(context, from: now - window, to: now, floor: thresholds.pairFloorBitsPerSecond),
              Double(current.members) >= thresholds.minimumMembers else {
            return symptom(.peeringDensity, .notEnoughData, LocalizedText("peering_density.not_enough_data"), evidence, context)
        }
        evidence.add("source", text: "sflow")
        evidence.add("members", Double(current.members), unit: .count)
        evidence.add("other_bits_per_second", current.otherBitsPerSecond, unit: .bitsPerSecond, window: EvidenceWindow(from: now - window, to: now))
        guard current.otherBitsPerSecond < thresholds.pairFloorBitsPerSecond else {
            let text = LocalizedText("peering_density.incomplete", numbers: [
                "other": NumberArgument(current.otherBitsPerSecond, .bitsPerSecond),
                "listed": NumberArgument(Double(current.listedPairs), .count),
                "needed": NumberArgument(Double(current.members * (current.members - 1)), .count)])
            return symptom(.peeringDensity, .notEnoughData, text, evidence, context)
        }
        evidence.add("peering_pairs", Double(current.pairs), unit: .count, window: EvidenceWindow(from: now - window, to: now))
        evidence.add("possible_pairs", Double(current.possiblePairs), unit: .count)
        evidence.add("density", current.density, unit: .ratio)

        let quarter = 91 * 86_400.0
        var change: Double?
        if let before = Self.matrix(context, from: now - quarter - window, to: now - quarter, floor: thresholds.pairFloorBitsPerSecond),
           Double(before.members) >= thresholds.minimumMembers, before.otherBitsPerSecond < thresholds.pairFloorBitsPerSecond,
           before.density > 0 {
            evidence.add("density_quarter_ago", before.density, unit: .ratio, window: EvidenceWindow(from: now - quarter - window, to: now - quarter))
            change = current.density / before.density - 1
            evidence.add("density_quarter_on_quarter", change ?? .nan, unit: .ratio)
        }

        let others = Double(current.members - 1)
        let required = min(others, max(thresholds.minimumPeers, (thresholds.minimumPeerShare * others).rounded(.up)))
        let below = current.peers.filter { Double($0.value.count) < required }.sorted {
            $0.value.count != $1.value.count ? $0.value.count < $1.value.count : $0.key < $1.key
        }
        let belowFraction = Double(below.count) / Double(current.members)
        evidence.add("required_peers", required, unit: .count)
        evidence.add("members_below_minimum", Double(below.count), unit: .count)
        evidence.add("share_below_minimum", belowFraction, unit: .ratio)
        let listed = below.map { "\(context.memberName($0.key)): \($0.value.count)" }
        if !listed.isEmpty { evidence.add("below_minimum", list: listed) }

        let falling = change.map { $0 <= -thresholds.densityDrop } ?? false
        let tooFew = belowFraction > thresholds.belowShare
        let numbers: [String: NumberArgument] = [
            "pairs": NumberArgument(Double(current.pairs), .count), "possible": NumberArgument(Double(current.possiblePairs), .count),
            "density": NumberArgument(current.density, .ratio), "below": NumberArgument(Double(below.count), .count),
            "members": NumberArgument(Double(current.members), .count), "required": NumberArgument(required, .count),
            "qoq": NumberArgument(change ?? .nan, .ratio),
        ]
        if falling || tooFew {
            evidence.add("decided_by", text: falling ? "quarter_on_quarter" : "minimum_peering")
            let key = falling ? (tooFew ? "peering_density.falling_and_below" : "peering_density.falling") : "peering_density.below"
            let text = LocalizedText(key, ["list": SummaryList.text(listed)], numbers: numbers)
            return symptom(.peeringDensity, .warning, text, evidence, context)
        }
        let key = change == nil ? "peering_density.ok_young" : "peering_density.ok"
        return symptom(.peeringDensity, .ok, LocalizedText(key, numbers: numbers), evidence, context)
    }

    /// The matrix over `from...to`, or nil when the sFlow probe wrote no pair in it.
    static func matrix(_ context: DetectionContext, from: Double, to: Double, floor: Double) -> Matrix? {
        let routeServers = Set(context.members?.routeServerASNs ?? [])
        func asn(_ text: String?) -> UInt32? {
            guard let text, let asn = UInt32(text), !routeServers.contains(asn) else { return nil }
            return asn
        }
        let pairs = context.store.aggregateEach(.average, of: SeriesSelector(name: StoreSeries.sflowPairBytes), from: from, to: to)
            .filter { $0.value.knownValues > 0 && !$0.value.value.isNaN }
        guard !pairs.isEmpty else { return nil }
        var peers: [UInt32: Set<UInt32>] = [:]
        for name in [StoreSeries.sflowMemberSent, StoreSeries.sflowMemberReceived] {
            for (key, result) in context.store.aggregateEach(.average, of: SeriesSelector(name: name), from: from, to: to)
            where result.knownValues > 0 {
                if let member = asn(key[label: "member_asn"]), peers[member] == nil { peers[member] = [] }
            }
        }
        var other = 0.0
        var listed = 0
        var rates: [UInt64: Double] = [:]   // unordered pair (low << 32 | high) → bytes/s, both directions
        for (key, result) in pairs {
            let source = key[label: "src_asn"], destination = key[label: "dst_asn"]
            if source == "other" || destination == "other" {
                other += result.value
                continue
            }
            listed += 1
            guard let a = asn(source), let b = asn(destination), a != b else { continue }
            peers[a, default: []].formUnion([])
            peers[b, default: []].formUnion([])
            let pair = UInt64(min(a, b)) << 32 | UInt64(max(a, b))
            rates[pair, default: 0] += result.value
        }
        for (pair, bytes) in rates where bytes * 8 >= floor {
            let a = UInt32(pair >> 32), b = UInt32(pair & 0xFFFF_FFFF)
            peers[a, default: []].insert(b)
            peers[b, default: []].insert(a)
        }
        return Matrix(peers: peers, otherBitsPerSecond: other * 8, listedPairs: listed)
    }
}

extension RuleID {
    /// Few member pairs exchange traffic, fewer than a quarter ago, or many members peer with few others.
    public static let peeringDensity: RuleID = "peering_density"
}
