import ProbeKit
public import TimeSeries
import IXPCore

/// The `storage:` section: the store's tiers and its rules for unknown and stale data. Left
/// out, the store uses the default tiers with the raw tier at the shortest poll interval.
public struct StorageSettings: Sendable, Hashable {
    /// Explicit tiers, raw tier first; nil for the defaults.
    public var tiers: [Tier]?
    /// Fraction of a consolidated step that may be unknown before the step is unknown.
    public var xFilesFactor: Double?
    /// A series without samples this long (seconds) is stale.
    public var staleAfter: Double?
    /// A stale series' slot is reclaimed after this long (seconds).
    public var reclaimAfter: Double?

    /// No overrides.
    public init() {}
}

extension AgentConfiguration {
    static func parseStorage(_ node: YAMLConfigNode) throws(ConfigurationError) -> StorageSettings {
        let keys = try node.mapping(allowed: ["tiers", "x_files_factor", "stale_after", "reclaim_after"])
        var settings = StorageSettings()
        if let tiers = keys["tiers"] {
            var parsed: [Tier] = []
            for entry in try tiers.sequence() {
                let fields = try entry.mapping(allowed: ["name", "step", "retention", "functions"])
                guard let stepNode = fields["step"], let retentionNode = fields["retention"] else {
                    throw entry.error("a tier needs a step and a retention, e.g. {name: 5m, step: 5m, retention: 35d}")
                }
                let step = Int(try stepNode.duration(atLeast: 1))
                let retention = Int(try retentionNode.duration(atLeast: 1))
                guard retention >= step else { throw retentionNode.error("the retention must be at least one step") }
                var functions: [ConsolidationFunction] = [.average]
                if let list = fields["functions"] {
                    functions = []
                    for item in try list.sequence() {
                        let name = try item.choice(ConsolidationFunction.allCases.map(\.rawValue))
                        if let function = ConsolidationFunction(rawValue: name) { functions.append(function) }
                    }
                }
                let name = try fields["name"]?.string() ?? "\(step)s"
                parsed.append(Tier(name: name, step: step, rows: (retention + step - 1) / step, functions: functions))
            }
            settings.tiers = parsed
        }
        if let node = keys["x_files_factor"] {
            guard let value = Double(try node.string()), value >= 0, value < 1 else {
                throw node.error("expected a fraction from 0 up to (not including) 1")
            }
            settings.xFilesFactor = value
        }
        if let node = keys["stale_after"] { settings.staleAfter = try node.duration(atLeast: 1) }
        if let node = keys["reclaim_after"] { settings.reclaimAfter = try node.duration(atLeast: 1) }
        return settings
    }
}
