import IXPCore
import TimeSeries

/// `traffic_anomaly`: the traffic a member port receives from its member (what the member sends)
/// left its own daily pattern — Holt-Winters aberrant-behaviour detection with RRDtool's equations
/// (α 0.1, β 0.0035, γ 0.1, bands ±2δ, a failure at 7 violations in a window of 9; one season is
/// one day, there is no weekly season), with robust updates so one spike does not drag the
/// model. `HoltWintersRRDtoolTests` checks the plain model against the real rrdtool. Each evaluation feeds the model the closed steps since the last one, from the finest
/// tier of at least 5 minutes; the models persist with the findings.
public struct TrafficAnomalyRule: DetectionRule {
    /// The thresholds of `traffic_anomaly` (`detection.rules.traffic_anomaly`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// Holt-Winters level smoothing.
        public var alpha: Double = 0.1
        /// Holt-Winters trend smoothing.
        public var beta: Double = 0.0035
        /// Holt-Winters seasonal smoothing.
        public var gamma: Double = 0.1
        /// The band's half-width in deviations.
        public var band: Double = 2
        /// The steps violations are counted over.
        public var window: Double = 9
        /// Violations within the window that make an anomaly.
        public var violations: Double = 7
        /// Ports carrying less than this (bit/s) are not modelled.
        public var minimumBitsPerSecond: Double = 1_000_000

        /// The defaults.
        public init() {}
    }

    /// `traffic_anomaly` by default.
    public static let definition = RuleDefinition(.trafficAnomaly, severity: .warning, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let thresholds = context.thresholds(Self.definition)
        let now = context.now
        let tier = context.tier(from: now - 86_400, function: .average, minimumStep: 300)
        guard let step = context.store.step(ofTier: tier), step > 0, 86_400.truncatingRemainder(dividingBy: step) == 0 else {
            return RuleOutcome()
        }
        let period = Int(86_400 / step)
        let minimumBytes = thresholds.minimumBitsPerSecond / 8
        // Bands never narrower than the smallest change worth telling anyone about.
        let parameters = HoltWintersParameters(
            period: period, alpha: thresholds.alpha, beta: thresholds.beta,
            gamma: thresholds.gamma, bandScale: thresholds.band,
            minimumBandHalfWidth: minimumBytes,
            failureWindow: Int(thresholds.window), failureThreshold: Int(thresholds.violations))
        guard (try? parameters.validate()) != nil else { return RuleOutcome() }
        let lastClosed = (now / step).rounded(.down) * step - step
        var findings: [FindingCandidate] = []
        var keep = Set<String>()
        for (port, key) in zip(context.memberPorts, context.memberReceiveKeys) {
            let name = key.description
            keep.insert(name)
            let outcome: (step: HoltWintersStep, prediction: Double)? = context.ruleState.withTrack(name) { track in
                // A model that is a week behind, or learnt on another step, starts again.
                if let existing = track, existing.step != step || lastClosed - existing.lastFed > 7 * 86_400 { track = nil }
                if track == nil {
                    guard let state = try? HoltWintersState(parameters: parameters) else { return nil }
                    track = HoltWintersTrack(state: state, lastFed: lastClosed - 3 * 86_400 - step, step: step)
                }
                guard var current = track, current.lastFed < lastClosed,
                      let range = context.store.query(key, tier: tier, from: current.lastFed + step, to: lastClosed)
                else { return nil }
                var last: HoltWintersStep?
                for (index, value) in range.values.enumerated() {
                    let time = range.start + Double(index) * step
                    guard time > current.lastFed, time <= lastClosed else { continue }
                    last = current.state.update(value)
                    current.lastFed = time
                }
                if let last {
                    current.lastPrediction = last.prediction
                    current.failing = last.isFailure
                }
                track = current
                return last.map { ($0, $0.prediction) }
            }
            guard let outcome, outcome.step.isFailure, !outcome.step.isWarmingUp,
                  max(outcome.step.value, outcome.prediction) >= minimumBytes else { continue }
            var evidence = Evidence()
            let window = EvidenceWindow(from: lastClosed - 9 * step, to: lastClosed + step)
            evidence.add("traffic", outcome.step.value * 8, unit: .bitsPerSecond, window: window)
            evidence.add("expected", outcome.prediction * 8, unit: .bitsPerSecond)
            evidence.add("band_low", outcome.step.lower * 8, unit: .bitsPerSecond)
            evidence.add("band_high", outcome.step.upper * 8, unit: .bitsPerSecond)
            evidence.add("violations", Double(outcome.step.violationCount), unit: .count)
            findings.append(portFinding(.trafficAnomaly, port, context, numbers: [
                "value": NumberArgument(outcome.step.value * 8, .bitsPerSecond),
                "expected": NumberArgument(outcome.prediction * 8, .bitsPerSecond)], evidence: evidence))
        }
        context.ruleState.retain(keep)
        return RuleOutcome(findings: findings)
    }
}

extension RuleID {
    /// The traffic a member sends on a port left its own daily pattern (Holt-Winters, one-day season).
    public static let trafficAnomaly: RuleID = "traffic_anomaly"
}
