/// Per-kind names of a probe's run metrics that predate the shared `ixp_probe_*` family:
/// `<prefix>_poll_duration_seconds{<labelName>="<name>"}`, `<prefix>_poll_success` and
/// `<prefix>_last_success_timestamp_seconds` (for SNMP: `ixp_snmp_poll_success{switch}`, …).
/// The agent exports them with the same values as the shared family, so that dashboards and
/// alerts written for them keep working while they move over.
public struct RunMetricAlias: Sendable, Hashable {
    /// E.g. `ixp_snmp`.
    public var prefix: String
    /// E.g. `switch`.
    public var labelName: String

    /// Creates an alias.
    public init(prefix: String, labelName: String) {
        self.prefix = prefix
        self.labelName = labelName
    }
}
