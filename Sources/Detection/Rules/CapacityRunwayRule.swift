import IXPCore
import TimeSeries

/// `capacity_runway`, the "no expansion plan" axis: the days until member connections, and the
/// exchange as a whole, reach 80 % of their capacity at the current trend of their daily peaks.
/// A warning under 180 days, critical under 60.
///
/// - A member's connection is the sum of its ports (a LAG, or an old port and its replacement:
///   grouped by the store's `member_asn` label, as `idle_member_ports` judges them); its
///   capacity is the summed speed of its ports in service (`ixp_interface_admin_up` not 0).
/// - The exchange as a whole is its aggregate daily peaks against the summed capacity of the
///   member ports in service.
/// - Each is projected by `CapacityRunway`: the 95th percentile of the last 28 daily peaks,
///   grown at the Theil–Sen slope of the last 90 (weekly pattern removed), only when that trend
///   is significantly rising and grows at least 5 % a quarter; the days left are counted at the
///   lower bound of the slope's 95 % confidence interval. Flat, falling or noisy: no runway
///   limit ("not at this trend").
/// - No double counting with `outgrown_ports` and `high_utilisation`: a connection already at
///   the target, or with a port `outgrown_ports` lists as full, is theirs; it is counted in the
///   evidence (`members_already_full`) but never makes this rule warn.
public struct CapacityRunwayRule: DetectionRule {
    /// The thresholds of `capacity_runway` (`detection.rules.capacity_runway`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// The share of the capacity counted as reached.
        public var utilisationTarget: Double = 0.8
        /// Reaching the target in fewer days than this is a warning.
        public var warningDays: Double = 180
        /// Reaching the target in fewer days than this is critical.
        public var criticalDays: Double = 60
        /// The daily peaks the trend is judged on (and the history needed), in days.
        public var trendDays: Double = 90
        /// The daily peaks whose 95th percentile is the current level, in days.
        public var levelDays: Double = 28
        /// The least growth per quarter, as a share of the trend's starting level, that counts.
        public var minimumGrowthPerQuarter: Double = 0.05
        /// The trend test's significance level.
        public var pValue: Double = 0.05
        /// The least fraction of the trend's days known.
        public var minimumKnown: Double = 0.8

        /// The defaults.
        public init() {}
    }

    /// `capacity_runway` by default: warning or critical by how soon, once it has held a day.
    public static let definition = RuleDefinition(.capacityRunway, for: 14 * 86_400, severity: nil, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let judgement = Self.judgement(context)
        return symptom(.capacityRunway, judgement.verdict, judgement.text, judgement.evidence, context)
    }

    /// The verdict, its words and evidence; computed once per evaluation (`no_investment` weighs it too).
    static func judgement(_ context: DetectionContext) -> (verdict: Verdict, text: LocalizedText, evidence: Evidence) {
        context.shared("capacity_runway") { judge(context) }
    }

    private static func judge(_ context: DetectionContext) -> (verdict: Verdict, text: LocalizedText, evidence: Evidence) {
        let thresholds = context.thresholds(Self.definition)
        let days = max(Int(thresholds.trendDays.rounded()), Int(thresholds.levelDays.rounded()), 1)
        let now = context.now
        let inService = context.memberPorts.filter { $0.adminUp != false && $0.speedBytesPerSecond > 0 }
        var capacityByMember: [UInt32: Double] = [:]
        for port in inService { if let asn = port.memberASN { capacityByMember[asn, default: 0] += port.speedBytesPerSecond } }
        let exchangeCapacity = capacityByMember.values.reduce(0, +)
        let fullMembers = Set(OutgrownPortsRule.outgrownPorts(context).full.compactMap(\.port.memberASN))

        let exchange = CapacityRunway.estimate(peaks: context.dailyPeaks(days: days).map(\.peak), capacity: exchangeCapacity,
                                               thresholds: thresholds)
        var members: [(asn: UInt32, runway: CapacityRunway)] = []
        var judged = 0, alreadyFull = 0, unknown = 0
        for (asn, peaks) in context.memberDailyPeaks(days: days) {
            let runway = fullMembers.contains(asn) ? CapacityRunway(outlook: .alreadyFull)
                : CapacityRunway.estimate(peaks: peaks, capacity: capacityByMember[asn] ?? .nan, thresholds: thresholds)
            switch runway.outlook {
            case .notEnoughData: unknown += 1
            case .alreadyFull: alreadyFull += 1
            case .notAtThisTrend: judged += 1
            case .reaches(let left):
                judged += 1
                if left < thresholds.warningDays { members.append((asn, runway)) }
            }
        }
        members.sort { ($0.runway.daysLeft ?? .infinity, $0.asn) < ($1.runway.daysLeft ?? .infinity, $1.asn) }

        func date(_ left: Double) -> Double { now + left * 86_400 }
        var evidence = Evidence()
        let window = EvidenceWindow(from: now - Double(days) * 86_400, to: now)
        evidence.add("target", thresholds.utilisationTarget, unit: .ratio)
        evidence.add("exchange_p95_daily_peak", exchange.level * 8, unit: .bitsPerSecond, window: window)
        evidence.add("exchange_capacity", exchangeCapacity > 0 ? exchangeCapacity * 8 : .nan, unit: .bitsPerSecond)
        evidence.add("exchange_utilisation", exchange.utilisation, unit: .ratio)
        evidence.add("exchange_slope_per_day", exchange.slopePerDay * 8, unit: .bitsPerSecond, window: window)
        if exchange.slowestSlopePerDay.isFinite {
            evidence.add("exchange_slowest_slope_per_day", exchange.slowestSlopePerDay * 8, unit: .bitsPerSecond, window: window)
        }
        if let left = exchange.daysLeft {
            evidence.add("exchange_days_left", left * 86_400, unit: .seconds)
            evidence.add("exchange_date", date(left), unit: .timestamp)
        }
        evidence.add("member_connections_judged", Double(judged), unit: .count)
        evidence.add("members_within_warning", Double(members.count), unit: .count)
        evidence.add("members_within_critical", Double(members.filter { ($0.runway.daysLeft ?? .infinity) < thresholds.criticalDays }.count),
                     unit: .count)
        evidence.add("members_already_full", Double(alreadyFull), unit: .count)
        evidence.add("members_not_enough_data", Double(unknown), unit: .count)
        if let soonest = members.first, let left = soonest.runway.daysLeft {
            evidence.add("soonest_member", text: context.memberName(soonest.asn))
            evidence.add("soonest_p95_daily_peak", soonest.runway.level * 8, unit: .bitsPerSecond, window: window)
            evidence.add("soonest_capacity", soonest.runway.capacity * 8, unit: .bitsPerSecond)
            evidence.add("soonest_slope_per_day", soonest.runway.slopePerDay * 8, unit: .bitsPerSecond, window: window)
            evidence.add("soonest_slowest_slope_per_day", soonest.runway.slowestSlopePerDay * 8, unit: .bitsPerSecond, window: window)
            evidence.add("soonest_growth_per_quarter", soonest.runway.growthPerQuarter, unit: .ratio)
            evidence.add("soonest_p_value", soonest.runway.p, unit: .pValue)
            evidence.add("soonest_days_left", left * 86_400, unit: .seconds)
            evidence.add("soonest_date", date(left), unit: .timestamp)
        }
        let list = members.map { "\(context.memberName($0.asn)) \(NumberWording.isoDate(date($0.runway.daysLeft ?? 0)))" }
        if !list.isEmpty { evidence.add("members_near_target", list: list, window: window) }

        let exchangeLeft = exchange.daysLeft.flatMap { $0 < thresholds.warningDays ? $0 : nil }
        let soonest = [exchangeLeft, members.first?.runway.daysLeft].compactMap { $0 }.min()
        var numbers: [String: NumberArgument] = [
            "target": NumberArgument(thresholds.utilisationTarget, .ratio),
            "warning_days": NumberArgument(thresholds.warningDays * 86_400, .seconds),
            "judged": NumberArgument(Double(judged), .count), "count": NumberArgument(Double(members.count), .count),
            "utilisation": NumberArgument(exchange.utilisation, .ratio),
        ]
        if let left = exchange.daysLeft {
            numbers["exchange_days"] = NumberArgument(left * 86_400, .seconds)
            numbers["exchange_date"] = NumberArgument(date(left), .timestamp)
        }
        if let left = members.first?.runway.daysLeft {
            numbers["days"] = NumberArgument(left * 86_400, .seconds)
            numbers["date"] = NumberArgument(date(left), .timestamp)
        }
        let arguments = ["list": SummaryList.text(list)]
        guard let soonest else {
            guard exchange.outlook != .notEnoughData else {
                numbers["needed"] = NumberArgument(Double(days) * 86_400, .seconds)
                numbers["known"] = NumberArgument(thresholds.minimumKnown, .ratio)
                let key = exchangeCapacity > 0 ? "capacity_runway.not_enough_data" : "capacity_runway.not_enough_data.no_speed"
                return (.notEnoughData, LocalizedText(key, numbers: numbers), evidence)
            }
            let key = switch exchange.outlook {
            case .reaches: "capacity_runway.ok.far"
            case .alreadyFull: "capacity_runway.ok.full"
            default: "capacity_runway.ok"
            }
            return (.ok, LocalizedText(key, arguments, numbers: numbers), evidence)
        }
        let verdict: Verdict = soonest < thresholds.criticalDays ? .critical : .warning
        let key = exchangeLeft == nil ? "capacity_runway.warning"
            : members.isEmpty ? "capacity_runway.warning.exchange_only" : "capacity_runway.warning.exchange"
        return (verdict, LocalizedText(key, arguments, numbers: numbers), evidence)
    }
}

extension RuleID {
    /// Member connections, or the exchange, filling up at the current trend.
    public static let capacityRunway: RuleID = "capacity_runway"
}
