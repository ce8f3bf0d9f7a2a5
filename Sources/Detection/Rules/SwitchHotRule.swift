import Foundation
import TimeSeries
import IXPCore

/// `switch_hot`: a switch's temperature sensor reads above its own threshold (where the
/// switch-health probe reads one: `ixp_switch_temperature_threshold_celsius` with the same
/// labels), else above `detection.rules.switch_hot.default_celsius` (70 °C). One finding per
/// switch, naming its hottest sensor over the limit and how many are.
public struct SwitchHotRule: DetectionRule {
    /// The thresholds of `switch_hot` (`detection.rules.switch_hot`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// The limit when the switch gives none, in °C.
        public var defaultCelsius: Double = 70

        /// The defaults.
        public init() {}
    }

    /// `switch_hot` by default.
    public static let definition = RuleDefinition(.switchHot, severity: .warning, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let settings = context.settings(.switchHot)
        let thresholds = context.thresholds(Self.definition)
        let defaultLimit = thresholds.defaultCelsius
        struct Hot { var sensor: String; var value: Double; var limit: Double; var own: Bool }
        var hot: [String: [Hot]] = [:]
        for key in context.store.keys(matching: SeriesSelector(name: StoreSeries.switchTemperature)) {
            guard let latest = context.store.latest(key), context.now - latest.timestamp <= 3_600, latest.value.isFinite else { continue }
            var limit = defaultLimit
            var own = false
            if let threshold = context.store.latest(key.renamed(StoreSeries.switchTemperatureThreshold)),
               context.now - threshold.timestamp <= 3_600, threshold.value.isFinite, threshold.value > 0 {
                limit = threshold.value
                own = true
            }
            guard latest.value > limit else { continue }
            let description = key[label: "description"] ?? ""
            let sensor = description.isEmpty ? "sensor \(key[label: "sensor"] ?? "?")" : description
            hot[key[label: "switch"] ?? "", default: []].append(Hot(sensor: sensor, value: latest.value, limit: limit, own: own))
        }
        var findings: [FindingCandidate] = []
        for (switchName, sensors) in hot.sorted(by: { $0.key < $1.key }) {
            let ranked = sensors.sorted { ($0.value - $0.limit, $0.sensor) > ($1.value - $1.limit, $1.sensor) }
            guard let hottest = ranked.first else { continue }
            var evidence = Evidence()
            evidence.add("sensor", text: hottest.sensor)
            evidence.add("temperature_celsius", hottest.value)
            evidence.add("limit_celsius", hottest.limit)
            evidence.add("threshold_source", text: hottest.own ? "switch" : "default")
            evidence.add("hot_sensors", list: ranked.map { "\($0.sensor): \(Self.celsius($0.value))" })
            findings.append(FindingCandidate(
                rule: .switchHot, severity: settings.severity ?? .warning, subject: .switch(switchName),
                message: LocalizedText("switch_hot.summary", ["switch": switchName, "sensor": hottest.sensor,
                                                              "temperature": Self.celsius(hottest.value),
                                                              "limit": Self.celsius(hottest.limit)],
                                       numbers: ["count": NumberArgument(Double(ranked.count), .count)]),
                evidence: evidence, labels: ["switch": switchName]))
        }
        return RuleOutcome(findings: findings)
    }

    /// `71 °C`.
    static func celsius(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) °C" : String(format: "%.1f °C", value)
    }
}

extension RuleID {
    /// A switch temperature sensor reads above its threshold (or 70 °C).
    public static let switchHot: RuleID = "switch_hot"
}
