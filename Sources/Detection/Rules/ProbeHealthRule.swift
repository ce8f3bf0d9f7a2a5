import IXPCore

/// `probe_failing`: a probe keeps failing (a switch that cannot be polled, a capture that
/// stopped). `probe_stale`: a probe has not succeeded for several intervals. `capture_drops`:
/// the peering-LAN capture drops frames. A failing SNMP probe explains the findings about its
/// switch's ports; the detector inhibits them. So it explains those of the switch's table probes
/// (`partOfSwitch`): a switch that cannot be reached gives one finding, not one per probe.
public struct ProbeHealthRule: DetectionRule {
    /// The thresholds of `probe_stale` (`detection.rules.probe_stale`), with their defaults.
    public struct ProbeStaleThresholds: RuleThresholds {
        /// A probe is stale after this many of its intervals without data.
        public var staleIntervals: Double = 3

        /// The defaults.
        public init() {}
    }

    /// The thresholds of `capture_drops` (`detection.rules.capture_drops`), with their defaults.
    public struct CaptureDropsThresholds: RuleThresholds {
        /// The fraction of frames dropped that is a problem.
        public var dropFraction: Double = 0.001

        /// The defaults.
        public init() {}
    }

    /// `probe_failing` by default.
    public static let probeFailingDefinition = RuleDefinition(.probeFailing, for: 3 * 60, severity: .critical)
    /// `probe_stale` by default.
    public static let probeStaleDefinition = RuleDefinition(.probeStale, severity: .warning, thresholds: ProbeStaleThresholds())
    /// `capture_drops` by default.
    public static let captureDropsDefinition = RuleDefinition(.captureDrops, for: 5 * 60, severity: .warning, thresholds: CaptureDropsThresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.probeFailingDefinition, Self.probeStaleDefinition, Self.captureDropsDefinition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        var findings: [FindingCandidate] = []
        let staleIntervals = context.thresholds(Self.probeStaleDefinition).staleIntervals
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
            if fraction >= context.thresholds(Self.captureDropsDefinition).dropFraction {
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

extension RuleID {
    /// A probe keeps failing (a switch that cannot be polled, a capture that stopped).
    public static let probeFailing: RuleID = "probe_failing"
    /// A probe's data stopped arriving.
    public static let probeStale: RuleID = "probe_stale"
    /// The capture drops frames.
    public static let captureDrops: RuleID = "capture_drops"
}
