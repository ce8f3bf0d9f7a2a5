/// `port_errors`: errors or discards rising on a member port — the last hour's rate is above
/// a floor (0.01/s) and at least 3 × the rate of the day before.
import Foundation
import IXPCore
import TimeSeries
public struct PortErrorsRule: DetectionRule {
    /// The thresholds of `port_errors` (`detection.rules.port_errors`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// Errors or discards per second below this are no problem.
        public var minimumPerSecond: Double = 0.01
        /// The rate must be this many times the day before's.
        public var riseFactor: Double = 3

        /// The defaults.
        public init() {}
    }

    /// `port_errors` by default.
    public static let definition = RuleDefinition(.portErrors, for: 15 * 60, severity: .warning, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let thresholds = context.thresholds(Self.definition)
        let floor = thresholds.minimumPerSecond
        let factor = thresholds.riseFactor
        let now = context.now
        let recentTier = context.tier(from: now - 3_600, function: .average)
        let baselineTier = context.tier(from: now - 25 * 3_600, function: .average, minimumStep: 300)
        // The last hour's mean of each error series of every member port (NaN: no series or
        // nothing known), read a chunk of ports at a time; the day before only where it matters.
        let names = StoreSeries.errorSeries
        var recentMeans = [Double](repeating: .nan, count: context.memberPorts.count * names.count)
        context.forEachMemberPort(reading: names, tier: recentTier, from: now - 3_600, to: now, function: .average) { index, rows in
            for offset in names.indices {
                if let row = rows[offset] { recentMeans[index * names.count + offset] = mean(row) }
            }
        }
        var findings: [FindingCandidate] = []
        for (index, port) in context.memberPorts.enumerated() {
            for (offset, name) in names.enumerated() {
                let recentMean = recentMeans[index * names.count + offset]
                guard recentMean.isFinite, recentMean >= floor else { continue }
                let key = port.key(name)
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

    private func mean(_ values: some Sequence<Double>) -> Double {
        var sum = 0.0, count = 0
        for value in values where !value.isNaN {
            sum += value
            count += 1
        }
        return count > 0 ? sum / Double(count) : .nan
    }
}

extension RuleID {
    /// Errors or discards rising on a port.
    public static let portErrors: RuleID = "port_errors"
}
