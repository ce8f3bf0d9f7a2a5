/// A Prometheus metric family: one name, its help and type, and its samples.
public struct MetricFamily: Sendable, Hashable {
    /// The Prometheus metric type. The agent's own metrics are counters and gauges; `untyped`
    /// carries what exec and textfile plugins export without a type (and the parts of their
    /// histograms and summaries).
    public enum Kind: String, Sendable, Hashable {
        case counter, gauge, untyped
    }

    /// The full name; counters end in `_total`.
    public var name: String
    /// One line of help.
    public var help: String
    /// Counter or gauge.
    public var kind: Kind
    /// The samples, each with its labels in a fixed order.
    public var samples: [MetricSample]

    /// Creates a family.
    public init(name: String, help: String, kind: Kind, samples: [MetricSample] = []) {
        self.name = name
        self.help = help
        self.kind = kind
        self.samples = samples
    }
}

/// One sample of a metric family.
public struct MetricSample: Sendable, Hashable {
    /// Label names and values, in the order they are rendered.
    public var labels: [(name: String, value: String)]
    /// The value.
    public var value: Double
    /// For a counter: when it started counting from zero (Unix seconds), if known. OpenMetrics
    /// exposes it as `<name>_created`; the Prometheus text format leaves it out.
    public var created: Double?

    /// Creates a sample.
    public init(labels: [(name: String, value: String)], value: Double, created: Double? = nil) {
        self.labels = labels
        self.value = value
        self.created = created
    }

    public static func == (lhs: MetricSample, rhs: MetricSample) -> Bool {
        lhs.value.bitPattern == rhs.value.bitPattern && lhs.created?.bitPattern == rhs.created?.bitPattern
            && lhs.labels.elementsEqual(rhs.labels) { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for label in labels {
            hasher.combine(label.name)
            hasher.combine(label.value)
        }
        hasher.combine(value.bitPattern)
        hasher.combine(created?.bitPattern)
    }
}
