/// Names a probe instance. The agent keeps the same run metrics for every probe, labelled with
/// its kind and name: `ixp_probe_duration_seconds{kind,name}`, `ixp_probe_success{kind,name}`,
/// `ixp_probe_last_success_timestamp_seconds{kind,name}`.
public struct ProbeIdentity: Sendable, Hashable {
    /// The kind, as its `ProbeKind` names it, e.g. `snmp_interfaces`.
    public var kind: String
    /// The instance, e.g. the switch name.
    public var name: String
    /// The older per-kind names of the run metrics, still exported beside the shared ones while
    /// dashboards move over (nil for kinds that never had them).
    public var runMetricAlias: RunMetricAlias?

    /// Creates an identity.
    public init(kind: String, name: String, runMetricAlias: RunMetricAlias? = nil) {
        self.kind = kind
        self.name = name
        self.runMetricAlias = runMetricAlias
    }

    /// `kind/name`, for logs.
    public var description: String { "\(kind)/\(name)" }
}
