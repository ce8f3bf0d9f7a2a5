import TimeSeries

/// `high_utilisation`: a member port whose last 15 minutes averaged at least 80 % of its speed
/// in either direction.
public struct HighUtilisationRule: DetectionRule {
    public var ids: [RuleID] { [.highUtilisation] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let settings = context.settings(.highUtilisation)
        let threshold = settings.threshold("utilisation", default: 0.80)
        let window = settings.threshold("window_minutes", default: 15) * 60
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
