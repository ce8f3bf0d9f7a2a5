import IXPCore

/// `unattended_findings`: the "nobody in charge" axis. Findings that have fired for weeks
/// (`unattended_days`, 21) with no acknowledgement, no silence and no change, and probes that
/// have failed for days (`probe_failing_days`, 3) with nobody acknowledging or silencing their
/// `probe_failing` finding. A warning; the evidence lists each one.
///
/// What counts: firing findings of warning or critical severity that no other finding
/// explains (an inhibited finding has its cause listed instead), other than this rule's own.
/// "Change" is what `Finding.changedAt` records: a new severity, a new sentence, or other
/// names in the evidence; numbers that move are not a change. A probe's failure starts at the
/// earlier of when its current run of failures began (`ProbeStatus.failingSince`, since the
/// agent started) and when its `probe_failing` finding was first seen (kept across restarts).
/// It needs the agent's own findings history (`DetectionContext.findingHistory`): not enough
/// data without one, or while it is younger than `unattended_days` and no probe has failed for
/// `probe_failing_days`.
public struct UnattendedFindingsRule: DetectionRule {
    /// The thresholds of `unattended_findings` (`detection.rules.unattended_findings`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// A finding firing this many days with no acknowledgement, silence or change is unattended.
        public var unattendedDays: Double = 21
        /// A probe failing this many days is unattended.
        public var probeFailingDays: Double = 3

        /// The defaults.
        public init() {}
    }

    /// `unattended_findings` by default: a warning.
    public static let definition = RuleDefinition(.unattendedFindings, severity: .warning, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let thresholds = context.thresholds(Self.definition)
        let findingWindow = thresholds.unattendedDays * 86_400
        let probeWindow = thresholds.probeFailingDays * 86_400
        var evidence = Evidence()
        guard let history = context.findingHistory else {
            return symptom(.unattendedFindings, .notEnoughData, LocalizedText("unattended_findings.not_enough_data"), evidence, context)
        }
        let age = max(0, context.now - history.since)
        evidence.add("findings_kept_since", history.since, unit: .timestamp)
        evidence.add("open_findings", Double(history.open.count), unit: .count)
        let findingsJudged = age >= findingWindow
        let unattended = findingsJudged ? unattendedFindings(history, now: context.now, window: findingWindow) : []
        let probes = age >= probeWindow ? failingProbes(context, history, window: probeWindow) : []
        let listedProbes = Set(probes.map(\.probe))
        // A probe listed as failing is not listed again through its probe_failing finding.
        let findings = unattended.filter { $0.rule != .probeFailing || !listedProbes.contains($0.labels["probe"] ?? "") }
        let numbers = [
            "findings": NumberArgument(Double(findings.count), .count), "probes": NumberArgument(Double(probes.count), .count),
            "days": NumberArgument(findingWindow, .seconds), "probe_days": NumberArgument(probeWindow, .seconds),
            "age": NumberArgument(age, .seconds),
        ]
        if !findings.isEmpty || !probes.isEmpty {
            evidence.add("unattended_findings", Double(findings.count), unit: .count)
            if !findings.isEmpty {
                evidence.add("unattended_list", list: findings.map {
                    "\($0.rule.rawValue) — \($0.subject.description) — \(NumberWording.isoDate($0.untouchedSince))"
                })
            }
            evidence.add("failing_probes", Double(probes.count), unit: .count)
            if !probes.isEmpty {
                evidence.add("failing_probe_list", list: probes.map { "\($0.probe) — \(NumberWording.isoDate($0.since))" })
            }
            let key = probes.isEmpty ? "unattended_findings.warning" : findings.isEmpty
                ? "unattended_findings.warning_probes" : "unattended_findings.warning_both"
            return symptom(.unattendedFindings, .warning, LocalizedText(key, numbers: numbers), evidence, context)
        }
        guard findingsJudged else {
            return symptom(.unattendedFindings, .notEnoughData, LocalizedText("unattended_findings.young", numbers: numbers),
                           evidence, context)
        }
        return symptom(.unattendedFindings, .ok, LocalizedText("unattended_findings.ok", numbers: numbers), evidence, context)
    }

    /// The firing findings nobody has acknowledged, silenced or seen change for `window` seconds,
    /// longest untouched first.
    func unattendedFindings(_ history: FindingHistory, now: Double, window: Double) -> [OpenFinding] {
        history.open.filter { finding in
            finding.state == .firing && finding.severity >= .warning && !finding.inhibited && finding.rule != .unattendedFindings
                && !finding.acknowledged && !finding.silenced && now - finding.untouchedSince >= window
        }.sorted { ($0.untouchedSince, $0.id) < ($1.untouchedSince, $1.id) }
    }

    /// The probes failing for `window` seconds whose `probe_failing` finding nobody
    /// acknowledged or silenced, longest failing first.
    func failingProbes(_ context: DetectionContext, _ history: FindingHistory, window: Double) -> [(probe: String, since: Double)] {
        var findingsByProbe: [String: OpenFinding] = [:]
        for finding in history.open where finding.rule == .probeFailing {
            if let probe = finding.labels["probe"] { findingsByProbe[probe] = finding }
        }
        var failing: [(probe: String, since: Double)] = []
        for status in context.probes {
            guard let failingSince = status.failingSince else { continue }
            let name = status.identity.description
            let finding = findingsByProbe[name]
            if let finding, finding.acknowledged || finding.silenced { continue }
            let since = min(failingSince, finding?.firstSeen ?? failingSince)
            if context.now - since >= window { failing.append((name, since)) }
        }
        return failing.sorted { ($0.since, $0.probe) < ($1.since, $1.probe) }
    }
}

extension RuleID {
    /// Findings firing for weeks that nobody acknowledged, silenced or saw change, and probes failing for days.
    public static let unattendedFindings: RuleID = "unattended_findings"
}
