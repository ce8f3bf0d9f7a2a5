import IXPCore
import TimeSeries

/// `high_utilisation`: a member port whose last 15 minutes averaged at least 80 % of its speed
/// in either direction.
public struct HighUtilisationRule: DetectionRule {
    /// The thresholds of `high_utilisation` (`detection.rules.high_utilisation`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// The fraction of the port's speed that is high.
        public var utilisation: Double = 0.80
        /// The window, in minutes.
        public var windowMinutes: Double = 15

        /// The defaults.
        public init() {}
    }

    /// `high_utilisation` by default.
    public static let definition = RuleDefinition(.highUtilisation, for: 15 * 60, severity: .warning, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let thresholds = context.thresholds(Self.definition)
        let threshold = thresholds.utilisation
        let window = thresholds.windowMinutes * 60
        let now = context.now
        let tier = context.tier(from: now - window, function: .average)
        // Each direction's mean over the window, for every member port, read a chunk of ports at a time.
        var means = [(receive: Double, transmit: Double)](repeating: (.nan, .nan), count: context.memberPorts.count)
        func mean(_ row: UnsafeBufferPointer<Double>?) -> Double {
            guard let row else { return .nan }
            var sum = 0.0, known = 0
            for value in row where !value.isNaN {
                sum += value
                known += 1
            }
            return known > 0 ? sum / Double(known) : .nan
        }
        context.forEachMemberPort(reading: DetectionContext.trafficNames, tier: tier, from: now - window, to: now,
                                  function: .average) { index, rows in
            means[index] = (mean(rows[0]), mean(rows[1]))
        }
        var findings: [FindingCandidate] = []
        for (index, port) in context.memberPorts.enumerated() where port.speedBytesPerSecond > 0 && port.up != false {
            var peak = -Double.infinity
            for value in [means[index].receive, means[index].transmit] where !value.isNaN { peak = max(peak, value) }
            guard peak.isFinite else { continue }
            let utilisation = peak / port.speedBytesPerSecond
            guard utilisation >= threshold else { continue }
            var evidence = Evidence()
            evidence.add("utilisation", utilisation, unit: .ratio, window: EvidenceWindow(from: now - window, to: now))
            evidence.add("traffic", peak * 8, unit: .bitsPerSecond)
            evidence.add("speed", port.speedBytesPerSecond * 8, unit: .bitsPerSecond)
            findings.append(portFinding(.highUtilisation, port, context, numbers: [
                "utilisation": NumberArgument(utilisation, .ratio), "speed": NumberArgument(port.speedBytesPerSecond * 8, .bitsPerSecond)],
                evidence: evidence))
        }
        return RuleOutcome(findings: findings)
    }
}

extension RuleID {
    /// A port at or above 80 % of its speed.
    public static let highUtilisation: RuleID = "high_utilisation"
}
