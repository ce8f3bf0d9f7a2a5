import TimeSeries

/// `traffic_anomaly`: a member port's traffic left its own daily pattern — Holt-Winters
/// aberrant-behaviour detection as RRDtool does it (α 0.1, β 0.0035, γ 0.1, bands ±2δ, a
/// failure at 7 violations in a window of 9), with robust updates so one spike does not drag the
/// model. Each evaluation feeds the model the closed steps since the last one, from the finest
/// tier of at least 5 minutes; the models persist with the findings.
public struct TrafficAnomalyRule: DetectionRule {
    public var ids: [RuleID] { [.trafficAnomaly] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let settings = context.settings(.trafficAnomaly)
        let now = context.now
        let tier = context.tier(from: now - 86_400, function: .average, minimumStep: 300)
        guard let step = context.store.step(ofTier: tier), step > 0, 86_400.truncatingRemainder(dividingBy: step) == 0 else {
            return RuleOutcome()
        }
        let period = Int(86_400 / step)
        let minimumBytes = settings.threshold("minimum_bits_per_second", default: 1_000_000) / 8
        // Bands never narrower than the smallest change worth telling anyone about.
        let parameters = HoltWintersParameters(
            period: period, alpha: settings.threshold("alpha", default: 0.1), beta: settings.threshold("beta", default: 0.0035),
            gamma: settings.threshold("gamma", default: 0.1), bandScale: settings.threshold("band", default: 2),
            minimumBandHalfWidth: minimumBytes,
            failureWindow: Int(settings.threshold("window", default: 9)), failureThreshold: Int(settings.threshold("violations", default: 7)))
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
