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
        var findings: [FindingCandidate] = []
        for port in context.memberPorts where port.speedBytesPerSecond > 0 && port.up != false {
            var peak = -Double.infinity
            for name in [StoreSeries.receiveBytes, StoreSeries.transmitBytes] {
                guard let range = context.store.query(port.key(name), tier: tier, from: now - window, to: now) else { continue }
                let known = range.values.filter { !$0.isNaN }
                guard !known.isEmpty else { continue }
                peak = max(peak, known.reduce(0, +) / Double(known.count))
            }
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
