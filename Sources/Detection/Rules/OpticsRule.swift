import Foundation
import Members
import TimeSeries
import IXPCore

/// `optics_low_rx`: a transceiver receives less light than its module's receive low-alarm
/// threshold (critical) or low-warning threshold (warning), as the optics probe reads them
/// (`ixp_optics_rx_power_low_alarm_dbm`, `…_low_warning_dbm`); without thresholds, less than
/// `detection.rules.optics_low_rx.default_dbm` (−14 dBm, a common SFP+ LR receive floor).
/// `optics_rx_falling`: the receive power fell more than `drop_db` (3 dB) from its mean a
/// week ago (the first day of the last `window_days`, 7) to its mean over the last hour: a
/// dirty connector or a failing laser on the member's side, before the port goes down.
/// One finding per port and rule; ports whose readings stopped (over an hour old) are left to
/// the probe-health rules.
public struct OpticsRule: DetectionRule {
    /// The thresholds of `optics_low_rx` (`detection.rules.optics_low_rx`), with their defaults.
    public struct LowRxThresholds: RuleThresholds {
        /// The floor when the module gives no threshold, in dBm.
        public var defaultDbm: Double = -14

        /// The defaults.
        public init() {}
    }

    /// The thresholds of `optics_rx_falling` (`detection.rules.optics_rx_falling`), with their defaults.
    public struct RxFallingThresholds: RuleThresholds {
        /// A fall of this many dB is a problem.
        public var dropDb: Double = 3
        /// Compared with this many days before.
        public var windowDays: Double = 7

        /// The defaults.
        public init() {}
    }

    /// `optics_low_rx` by default.
    public static let opticsLowRxDefinition = RuleDefinition(.opticsLowRx, severity: nil, thresholds: LowRxThresholds())
    /// `optics_rx_falling` by default.
    public static let opticsRxFallingDefinition = RuleDefinition(.opticsRxFalling, severity: .warning, thresholds: RxFallingThresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.opticsLowRxDefinition, Self.opticsRxFallingDefinition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        var findings: [FindingCandidate] = []
        let lowSettings = context.settings(.opticsLowRx)
        let lowThresholds = context.thresholds(Self.opticsLowRxDefinition)
        let fallingSettings = context.settings(.opticsRxFalling)
        let fallingThresholds = context.thresholds(Self.opticsRxFallingDefinition)
        let defaultFloor = lowThresholds.defaultDbm
        let drop = fallingThresholds.dropDb
        let days = fallingThresholds.windowDays
        var seenPorts = Set<String>()
        for key in context.store.keys(matching: SeriesSelector(name: StoreSeries.opticsRxPower)) {
            guard let latest = context.store.latest(key), context.now - latest.timestamp <= 3_600, latest.value.isFinite else { continue }
            let switchName = key[label: "switch"] ?? ""
            let interface = key[label: "interface"] ?? ""
            let portName = interface.isEmpty ? "\(switchName) sensor \(key[label: "sensor"] ?? "?")" : "\(switchName) \(interface)"
            let subject = Subject.port(switch: switchName, interface: interface.isEmpty ? "sensor \(key[label: "sensor"] ?? "?")" : interface)
            guard seenPorts.insert("\(subject)").inserted else { continue }
            let asn = key[label: "member_asn"].flatMap { UInt32($0) }
            var labels = ["switch": switchName, "interface": interface]
            if let asn { labels["member_asn"] = String(asn) }
            if let asn, let name = context.members?.member(asn: asn)?.name { labels["member_name"] = name }
            let member = asn.map { context.memberName($0) } ?? Wording.render("unknown_member")

            if lowSettings.enabled {
                let alarm = threshold(context, StoreSeries.opticsRxLowAlarm, key)
                let warning = threshold(context, StoreSeries.opticsRxLowWarning, key)
                var floor: Double?
                var severity = lowSettings.severity ?? .warning
                var source = "default"
                if let alarm, latest.value < alarm {
                    floor = alarm
                    severity = lowSettings.severity ?? .critical
                    source = "low_alarm"
                } else if let warning, latest.value < warning {
                    floor = warning
                    source = "low_warning"
                } else if alarm == nil, warning == nil, latest.value < defaultFloor {
                    floor = defaultFloor
                }
                if let floor {
                    var evidence = Evidence()
                    evidence.add("rx_power_dbm", (latest.value * 100).rounded() / 100)
                    evidence.add("rx_floor_dbm", floor)
                    evidence.add("threshold_source", text: source)
                    evidence.add("polled", latest.timestamp, unit: .timestamp)
                    findings.append(FindingCandidate(
                        rule: .opticsLowRx, severity: severity, subject: subject,
                        message: LocalizedText("optics_low_rx.summary", ["port": portName, "member": member,
                                                                         "rx": Self.dbm(latest.value), "floor": Self.dbm(floor)]),
                        evidence: evidence, labels: labels))
                }
            }

            if fallingSettings.enabled {
                let weekAgo = context.now - days * 86_400
                guard let before = mean(context.store.query(key, from: weekAgo, to: weekAgo + 86_400)),
                      let now = mean(context.store.query(key, from: context.now - 3_600, to: context.now)),
                      before - now > drop else { continue }
                var evidence = Evidence()
                evidence.add("rx_power_dbm", (now * 100).rounded() / 100)
                evidence.add("rx_power_before_dbm", (before * 100).rounded() / 100, window: EvidenceWindow(from: weekAgo, to: weekAgo + 86_400))
                evidence.add("rx_drop_db", ((before - now) * 100).rounded() / 100)
                findings.append(FindingCandidate(
                    rule: .opticsRxFalling, severity: fallingSettings.severity ?? .warning, subject: subject,
                    message: LocalizedText("optics_rx_falling.summary", ["port": portName, "member": member,
                                                                         "rx": Self.dbm(now), "before": Self.dbm(before),
                                                                         "drop": String(format: "%.1f", before - now),
                                                                         "days": String(Int(days))]),
                    evidence: evidence, labels: labels))
            }
        }
        return RuleOutcome(findings: findings)
    }

    /// The current value of the threshold series with the same labels as the reading.
    private func threshold(_ context: DetectionContext, _ name: String, _ key: SeriesKey) -> Double? {
        guard let latest = context.store.latest(key.renamed(name)), context.now - latest.timestamp <= 3_600,
              latest.value.isFinite else { return nil }
        return latest.value
    }

    private func mean(_ range: SeriesRange?) -> Double? {
        let known = range?.values.filter { $0.isFinite } ?? []
        guard !known.isEmpty else { return nil }
        return known.reduce(0, +) / Double(known.count)
    }

    /// `-3.95 dBm`.
    static func dbm(_ value: Double) -> String { String(format: "%.2f dBm", value) }
}

extension RuleID {
    /// A transceiver receives less light than its low threshold (or −14 dBm).
    public static let opticsLowRx: RuleID = "optics_low_rx"
    /// A transceiver's receive power fell more than 3 dB over a week.
    public static let opticsRxFalling: RuleID = "optics_rx_falling"
}
