/// One Prometheus sample derived from a `PeeringLANMinuteSnapshot`, ready for the agent's
/// store and `/metrics`.
public struct PeeringLANMetric: Sendable, Equatable {
    /// Counter (monotonic, cumulative since the probe started) or gauge.
    public enum Kind: String, Sendable {
        /// A cumulative counter (`_total`).
        case counter
        /// A gauge.
        case gauge
    }

    /// The metric name, e.g. `ixp_lan_frames_total`.
    public var name: String
    /// Label names and values, e.g. `["class": "stp"]`.
    public var labels: [String: String]
    /// The value.
    public var value: Double
    /// Counter or gauge.
    public var kind: Kind
    /// The HELP text.
    public var help: String

    /// A sample.
    public init(name: String, labels: [String: String] = [:], value: Double, kind: Kind, help: String) {
        self.name = name
        self.labels = labels
        self.value = value
        self.kind = kind
        self.help = help
    }
}
