/// `port_errors`: errors or discards rising on a member port — the last hour's rate is above
/// a floor (0.01/s) and at least 3 × the rate of the day before.
public struct PortErrorsRule: DetectionRule {
    public var ids: [RuleID] { [.portErrors] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let settings = context.settings(.portErrors)
        let floor = settings.threshold("minimum_per_second", default: 0.01)
        let factor = settings.threshold("rise_factor", default: 3)
        let now = context.now
        let recentTier = context.tier(from: now - 3_600, function: .average)
        let baselineTier = context.tier(from: now - 25 * 3_600, function: .average, minimumStep: 300)
        var findings: [FindingCandidate] = []
        for port in context.memberPorts {
            for name in StoreSeries.errorSeries {
                let key = port.key(name)
                guard let recent = context.store.query(key, tier: recentTier, from: now - 3_600, to: now) else { continue }
                let recentMean = mean(recent.values)
                guard recentMean.isFinite, recentMean >= floor else { continue }
                let baseline = context.store.query(key, tier: baselineTier, from: now - 25 * 3_600, to: now - 3_600).map { mean($0.values) } ?? .nan
                guard !baseline.isFinite || recentMean >= factor * baseline else { continue }
                var evidence = Evidence()
                evidence.add("rate_last_hour", recentMean, unit: .perSecond, window: EvidenceWindow(from: now - 3_600, to: now))
                evidence.add("rate_day_before", baseline, unit: .perSecond, window: EvidenceWindow(from: now - 25 * 3_600, to: now - 3_600))
                evidence.add("counter", text: Self.counterName(name))
                findings.append(portFinding(.portErrors, port, context, arguments: ["counter": Self.counterName(name)],
                                            numbers: ["rate": NumberArgument(recentMean, .perSecond)], evidence: evidence))
                break  // one finding per port: the first rising counter names it
            }
        }
        return RuleOutcome(findings: findings)
    }

    /// `receive errors` for `ixp_interface_receive_errors_per_second`.
    static func counterName(_ series: String) -> String {
        series.replacingOccurrences(of: "ixp_interface_", with: "").replacingOccurrences(of: "_per_second", with: "")
            .replacingOccurrences(of: "_", with: " ")
    }

    private func mean(_ values: [Double]) -> Double {
        var sum = 0.0, count = 0
        for value in values where !value.isNaN {
            sum += value
            count += 1
        }
        return count > 0 ? sum / Double(count) : .nan
    }
}
