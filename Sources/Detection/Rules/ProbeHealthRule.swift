import IXPCore

/// `probe_failing`: a probe keeps failing (a switch that cannot be polled, a capture that
/// stopped). `probe_stale`: a probe has not succeeded for several intervals. `capture_drops`:
/// the peering-LAN capture drops frames. A failing SNMP probe explains the findings about its
/// switch's ports; the detector inhibits them. So it explains those of the switch's table probes
/// (`partOfSwitch`): a switch that cannot be reached gives one finding, not one per probe.
public struct ProbeHealthRule: DetectionRule {
    public var ids: [RuleID] { [.probeFailing, .probeStale, .captureDrops] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        var findings: [FindingCandidate] = []
        let staleIntervals = context.settings(.probeStale).threshold("stale_intervals", default: 3)
        for probe in context.probes {
            var labels = ["probe": probe.identity.description]
            if let switchName = probe.switchName ?? probe.partOfSwitch { labels["switch"] = switchName }
            if let since = probe.failingSince {
                var evidence = Evidence()
                evidence.add("failing_since", since, unit: .timestamp)
                if let last = probe.lastSuccessAt { evidence.add("last_success", last, unit: .timestamp) }
                evidence.add("error", text: probe.lastError ?? "")
                findings.append(FindingCandidate(
                    rule: .probeFailing, severity: context.settings(.probeFailing).severity ?? .critical,
                    subject: probe.switchName.map { .switch($0) } ?? .probe(probe.identity.description),
                    message: LocalizedText("probe_failing.summary", ["probe": probe.identity.description, "error": probe.lastError ?? ""]),
                    evidence: evidence, labels: labels))
            } else if let last = probe.lastSuccessAt, context.now - last > staleIntervals * max(probe.interval, 1) {
                var evidence = Evidence()
                evidence.add("last_success", last, unit: .timestamp)
                evidence.add("interval", probe.interval, unit: .seconds)
                findings.append(FindingCandidate(
                    rule: .probeStale, severity: context.settings(.probeStale).severity ?? .warning, subject: .probe(probe.identity.description),
                    message: LocalizedText("probe_stale.summary", ["probe": probe.identity.description],
                                           numbers: ["age": NumberArgument(context.now - last, .seconds)]),
                    evidence: evidence, labels: labels))
            }
        }
        if let lan = context.lan, lan.droppedFrames > 0 {
            let seen = lan.receivedFrames + lan.droppedFrames
            let fraction = seen > 0 ? lan.droppedFrames / seen : 1
            if fraction >= context.settings(.captureDrops).threshold("drop_fraction", default: 0.001) {
                var evidence = Evidence()
                evidence.add("dropped_frames", lan.droppedFrames, unit: .count)
                evidence.add("drop_fraction", fraction, unit: .ratio)
                findings.append(FindingCandidate(
                    rule: .captureDrops, severity: context.settings(.captureDrops).severity ?? .warning,
                    subject: .probe("peering_lan/\(lan.interface)"),
                    message: LocalizedText("capture_drops.summary", numbers: ["dropped": NumberArgument(lan.droppedFrames, .count)]),
                    evidence: evidence, labels: ["interface": lan.interface]))
            }
        }
        return RuleOutcome(findings: findings)
    }
}
