import TimeSeries

/// `outgrown_ports`: member ports whose 7-day 95th percentile is over 80 % of their speed,
/// from 5-minute averages as billing computes it.
public struct OutgrownPortsRule: DetectionRule {
    public var ids: [RuleID] { [.outgrownPorts] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let (full, judged, evidence, knownFraction) = Self.outgrownPorts(context)
        let settings = context.settings(.outgrownPorts)
        let threshold = settings.threshold("full_fraction", default: 0.80)
        guard judged > 0, knownFraction >= settings.threshold("minimum_known", default: 0.8) else {
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
        let settings = context.settings(.outgrownPorts)
        let days = settings.threshold("window_days", default: 7)
        let threshold = settings.threshold("full_fraction", default: 0.80)
        let minimumKnown = settings.threshold("minimum_known", default: 0.8)
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
