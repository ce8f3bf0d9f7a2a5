/// A kind of probe: the top-level configuration keys it owns and how it turns them into
/// settings, and the settings into probes. It plays the part of node_exporter's
/// `registerCollector`: the agent lists every kind once, in its `ProbeKindRegistry`, and knows
/// nothing else about it; the runtime, the scheduler and the HTTP layer never name a concrete
/// probe type.
///
/// A kind that owns one top-level section is `SingleSectionProbeKind<Settings>`, with settings
/// conforming to `SingleSectionProbeSettings`: adding one is its settings and its probe plus one
/// line in the agent's registry list. A kind with several sections (`snmp_interfaces`) conforms
/// to `ProbeKind` itself.
public import IXPCore
public protocol ProbeKind: Sendable {
    /// The `kind` label of its probes' run metrics, e.g. `snmp_interfaces`; unique per kind.
    var name: String { get }
    /// The top-level configuration keys it reads, e.g. `switches` and `snmp`. No two kinds
    /// share a key, and none uses one of the agent's own keys (`http`, `storage`, …).
    var configurationKeys: Set<String> { get }
    /// Parses and validates its sections of the configuration file. `sections` holds the keys
    /// of `configurationKeys` that the file gives, at least one of them. Errors name the file,
    /// and the line and column where there is one (`YAMLConfigNode.error`). Must have no side
    /// effects: `check-config` calls it too, so it opens no device, socket or thread.
    func settings(from sections: [String: YAMLConfigNode], context: ProbeConfigurationContext)
        throws(ConfigurationError) -> any ProbeSettings
}
