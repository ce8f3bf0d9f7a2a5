import Members
import TimeSeries
import IXPCore

/// `member_latency_jump`: a member router answers pings much more slowly than it usually does:
/// the median of its ping rounds' median round trips (`ixp_ping_rtt_median_seconds`) over the
/// last hour is at least 3 times, and at least 10 ms above, the median over the day before
/// (by default). Each router against its own baseline, since a router far away, or one that
/// answers pings slowly from its control plane, is not a fault. One finding per member,
/// naming the addresses that jumped.
public struct MemberLatencyJumpRule: DetectionRule {
    /// The thresholds of `member_latency_jump` (`detection.rules.member_latency_jump`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// The recent median must be this many times the baseline's.
        public var factor: Double = 3
        /// And this many milliseconds above it.
        public var minimumIncreaseMs: Double = 10
        /// The recent window, in minutes.
        public var recentMinutes: Double = 60
        /// The baseline window, in hours.
        public var baselineHours: Double = 24
        /// Readings each window needs.
        public var minimumReadings: Double = 10
        /// The fraction of each window that must be known.
        public var minimumKnown: Double = 0.25

        /// The defaults.
        public init() {}
    }

    /// `member_latency_jump` by default.
    public static let definition = RuleDefinition(.memberLatencyJump, for: 15 * 60, severity: .warning, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    /// One address's recent and usual median round trip, in seconds.
    struct Jump: Sendable, Hashable {
        var address: String
        var recent: Double
        var baseline: Double
    }

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let settings = context.settings(.memberLatencyJump)
        let thresholds = context.thresholds(Self.definition)
        let factor = thresholds.factor
        let increase = thresholds.minimumIncreaseMs / 1_000
        let recentWindow = thresholds.recentMinutes * 60
        let baselineWindow = thresholds.baselineHours * 3_600
        let minimumReadings = max(1, Int(thresholds.minimumReadings))
        let minimumKnown = thresholds.minimumKnown
        var jumps: [UInt32: [Jump]] = [:]
        for key in context.store.keys(matching: SeriesSelector(name: StoreSeries.pingMedian)) {
            guard let asn = key[label: "member_asn"].flatMap({ UInt32($0) }), let address = key[label: "address"],
                  let recent = Self.median(context, key, from: context.now - recentWindow, to: context.now,
                                           minimumReadings: minimumReadings, minimumSpan: 0),
                  let baseline = Self.median(context, key, from: context.now - recentWindow - baselineWindow,
                                             to: context.now - recentWindow, minimumReadings: minimumReadings,
                                             minimumSpan: minimumKnown * baselineWindow),
                  baseline > 0, recent >= factor * baseline, recent - baseline >= increase else { continue }
            jumps[asn, default: []].append(Jump(address: address, recent: recent, baseline: baseline))
        }
        var findings: [FindingCandidate] = []
        for (asn, found) in jumps.sorted(by: { $0.key < $1.key }) {
            let sorted = found.sorted { $0.recent - $0.baseline > $1.recent - $1.baseline }
            guard let worst = sorted.first else { continue }
            var evidence = Evidence()
            evidence.add("addresses", list: sorted.map(\.address))
            evidence.add("rtt_median_last_hour_ms", worst.recent * 1_000)
            evidence.add("rtt_median_baseline_ms", worst.baseline * 1_000)
            evidence.add("rtt_factor", worst.recent / worst.baseline)
            var labels = ["member_asn": String(asn)]
            if let name = context.members?.member(asn: asn)?.name { labels["member_name"] = name }
            findings.append(FindingCandidate(
                rule: .memberLatencyJump, severity: settings.severity ?? .warning, subject: .member(asn: asn),
                message: LocalizedText("member_latency_jump.summary",
                                       ["member": context.memberName(asn), "address": worst.address],
                                       numbers: ["recent": NumberArgument(worst.recent * 1_000, .none),
                                                 "baseline": NumberArgument(worst.baseline * 1_000, .none)]),
                evidence: evidence, labels: labels))
        }
        return RuleOutcome(findings: findings)
    }

    /// The median of the known values of `key` in `from...to`, or nil with fewer than
    /// `minimumReadings` of them or when the first and last known are less than `minimumSpan`
    /// seconds apart.
    static func median(_ context: DetectionContext, _ key: SeriesKey, from: Double, to: Double, minimumReadings: Int,
                       minimumSpan: Double) -> Double? {
        guard let range = context.store.query(key, from: from, to: to) else { return nil }
        var known: [Double] = []
        var first: Int?
        var last = 0
        for (index, value) in range.values.enumerated() where !value.isNaN {
            known.append(value)
            if first == nil { first = index }
            last = index
        }
        guard known.count >= minimumReadings, let first, Double(last - first) * range.step >= minimumSpan else { return nil }
        return known.withUnsafeMutableBufferPointer { OrderStatistics.median($0, count: $0.count) }
    }
}

extension RuleID {
    /// A member router's median round trip rose well above its own usual one.
    public static let memberLatencyJump: RuleID = "member_latency_jump"
}
