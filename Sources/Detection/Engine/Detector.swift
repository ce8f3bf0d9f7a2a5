import Dispatch

/// Runs every enabled rule over one context and collects what they say: a verdict for every
/// zombie-IXP symptom (exactly once each, in report order; a disabled symptom reads
/// not_enough_data) and the conditions that hold now.
public struct Detector: Sendable {
    /// The rules it runs.
    public var rules: [any DetectionRule]

    /// A detector with every rule of the catalog.
    public init(rules: [any DetectionRule] = RuleCatalog.all) {
        self.rules = rules
    }

    /// Evaluates once.
    public func evaluate(_ context: DetectionContext) -> DetectionResult {
        var symptoms: [RuleID: Symptom] = [:]
        var candidates: [FindingCandidate] = []
        var durations: [RuleID: Double] = [:]
        for rule in rules {
            let enabled = rule.ids.filter { context.settings($0).enabled }
            guard !enabled.isEmpty else { continue }
            let started = DispatchTime.now().uptimeNanoseconds
            let outcome = rule.evaluate(context)
            durations[rule.ids[0]] = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            if let symptom = outcome.symptom, enabled.contains(symptom.rule) { symptoms[symptom.rule] = symptom }
            candidates += outcome.findings.filter { enabled.contains($0.rule) }
        }
        let ordered = RuleID.zombieSymptoms.map { id in
            symptoms[id] ?? Symptom(rule: id, verdict: .notEnoughData, summary: Wording.render("rule.disabled"),
                                    message: LocalizedText("rule.disabled"))
        }
        return DetectionResult(at: context.now, symptoms: ordered, candidates: candidates, ruleDurations: durations)
    }
}

/// What one evaluation found.
public struct DetectionResult: Sendable {
    /// The evaluation's time.
    public var at: Double
    /// One verdict per zombie symptom, in `RuleID.zombieSymptoms` order.
    public var symptoms: [Symptom]
    /// The conditions that hold now.
    public var candidates: [FindingCandidate]
    /// Seconds each rule took.
    public var ruleDurations: [RuleID: Double]
}
