import IXPCore
import TimeSeries

/// `idle_member_ports`: member ports whose 30-day 95th percentile is under 1 % of their speed.
/// Lists them; a warning when more than 20 % of member ports are idle. Reads hourly maxima
/// (each hour's busiest 5 minutes), so a port is idle only when even its peaks are.
public struct IdleMemberPortsRule: DetectionRule {
    /// The thresholds of `idle_member_ports` (`detection.rules.idle_member_ports`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// A port is idle under this fraction of its speed.
        public var idleFraction: Double = 0.01
        /// More than this share of member ports idle is a warning.
        public var warningShare: Double = 0.20
        /// The window, in days.
        public var windowDays: Double = 30
        /// The fraction of the ports that must be judged.
        public var minimumKnown: Double = 0.8

        /// The defaults.
        public init() {}
    }

    /// `idle_member_ports` by default.
    public static let definition = RuleDefinition(.idleMemberPorts, for: 86_400, severity: .warning, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let (idle, judged, evidence, knownFraction) = Self.idlePorts(context)
        let thresholds = context.thresholds(Self.definition)
        let threshold = thresholds.idleFraction
        guard judged > 0, knownFraction >= thresholds.minimumKnown else {
            let text = LocalizedText("idle_member_ports.not_enough_data", numbers: ["known": NumberArgument(knownFraction, .ratio)])
            return symptom(.idleMemberPorts, .notEnoughData, text, evidence, context)
        }
        let share = Double(idle.count) / Double(judged)
        let names = idle.map(\.port.displayName)
        let numbers = ["idle": NumberArgument(Double(idle.count), .count), "ports": NumberArgument(Double(judged), .count),
                       "share": NumberArgument(share, .ratio), "threshold": NumberArgument(threshold, .ratio)]
        let warn = share > thresholds.warningShare
        let key = !warn ? "idle_member_ports.ok" : idle.count == 1 ? "idle_member_ports.warning.one" : "idle_member_ports.warning"
        let text = LocalizedText(key, ["list": SummaryList.text(names)], numbers: numbers)
        return symptom(.idleMemberPorts, warn ? .warning : .ok, text, evidence, context)
    }

    /// The idle member ports (least used first) with their statistic, how many ports were
    /// judged, the evidence, and the fraction of the window known over all ports.
    static func idlePorts(_ context: DetectionContext) -> (idle: [(port: MonitoredPort, statistic: WindowStatistic)], judged: Int,
                                                           evidence: Evidence, knownFraction: Double) {
        let thresholds = context.thresholds(Self.definition)
        let days = thresholds.windowDays
        let threshold = thresholds.idleFraction
        let minimumKnown = thresholds.minimumKnown
        let statistics = context.portPercentiles(95, seconds: days * 86_400, function: .maximum, minimumStep: 3_600)
        let scan = PortUtilisationScan(context, statistics: statistics, fraction: threshold, below: true, minimumKnown: minimumKnown)
        let idle = scan.hits, judged = scan.judged
        var evidence = Evidence()
        let window = EvidenceWindow(from: context.now - days * 86_400, to: context.now)
        evidence.add("idle_ports", Double(idle.count), unit: .count, window: window)
        evidence.add("member_ports", Double(judged), unit: .count)
        if judged > 0 { evidence.add("idle_share", Double(idle.count) / Double(judged), unit: .ratio) }
        evidence.add("threshold", threshold, unit: .ratio)
        if !idle.isEmpty { evidence.add("ports", list: idle.map(\.port.displayName), window: window) }
        return (idle, judged, evidence, scan.knownFraction)
    }
}

extension RuleID {
    /// Member ports that carry almost nothing.
    public static let idleMemberPorts: RuleID = "idle_member_ports"
}
