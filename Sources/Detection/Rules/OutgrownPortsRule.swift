import IXPCore
import TimeSeries

/// `outgrown_ports`: member ports whose 7-day 95th percentile is over 80 % of their speed,
/// from 5-minute averages as billing computes it.
public struct OutgrownPortsRule: DetectionRule {
    /// The thresholds of `outgrown_ports` (`detection.rules.outgrown_ports`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// A port is full over this fraction of its speed.
        public var fullFraction: Double = 0.80
        /// The window, in days.
        public var windowDays: Double = 7
        /// The fraction of the ports that must be judged.
        public var minimumKnown: Double = 0.8

        /// The defaults.
        public init() {}
    }

    /// `outgrown_ports` by default.
    public static let definition = RuleDefinition(.outgrownPorts, for: 86_400, severity: .warning, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let (full, judged, evidence, knownFraction) = Self.outgrownPorts(context)
        let thresholds = context.thresholds(Self.definition)
        let threshold = thresholds.fullFraction
        guard judged > 0, knownFraction >= thresholds.minimumKnown else {
            let text = LocalizedText("outgrown_ports.not_enough_data", numbers: ["known": NumberArgument(knownFraction, .ratio)])
            return symptom(.outgrownPorts, .notEnoughData, text, evidence, context)
        }
        let numbers = ["count": NumberArgument(Double(full.count), .count), "threshold": NumberArgument(threshold, .ratio)]
        let list = full.map { "\($0.port.displayName) (\(NumberWording.format($0.statistic.value / $0.port.speedBytesPerSecond, .ratio, in: .english)))" }
        let text = LocalizedText(full.isEmpty ? "outgrown_ports.ok" : "outgrown_ports.warning", ["list": SummaryList.text(list)], numbers: numbers)
        return symptom(.outgrownPorts, full.isEmpty ? .ok : .warning, text, evidence, context)
    }

    /// The outgrown member ports (fullest first), how many were judged, the evidence and the fraction known.
    static func outgrownPorts(_ context: DetectionContext) -> (full: [(port: MonitoredPort, statistic: WindowStatistic)], judged: Int,
                                                               evidence: Evidence, knownFraction: Double) {
        let thresholds = context.thresholds(Self.definition)
        let days = thresholds.windowDays
        let threshold = thresholds.fullFraction
        let minimumKnown = thresholds.minimumKnown
        let statistics = context.portPercentiles(95, seconds: days * 86_400, function: .average, minimumStep: 300)
        let scan = PortUtilisationScan(context, statistics: statistics, fraction: threshold, below: false, minimumKnown: minimumKnown)
        let full = scan.hits, judged = scan.judged
        var evidence = Evidence()
        let window = EvidenceWindow(from: context.now - days * 86_400, to: context.now)
        evidence.add("outgrown_ports", Double(full.count), unit: .count, window: window)
        evidence.add("member_ports", Double(judged), unit: .count)
        evidence.add("threshold", threshold, unit: .ratio)
        if !full.isEmpty { evidence.add("ports", list: full.map(\.port.displayName), window: window) }
        return (full, judged, evidence, scan.knownFraction)
    }
}

extension RuleID {
    /// Member ports that are nearly full.
    public static let outgrownPorts: RuleID = "outgrown_ports"
}
