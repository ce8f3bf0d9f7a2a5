public import TimeSeries

/// One port as the store knows it: its labels, and its newest speed and status.
public struct MonitoredPort: Sendable, Hashable {
    /// The `switch` label.
    public var switchName: String
    /// The `interface` label.
    public var interface: String
    /// The member it belongs to (the `member_asn` label), nil for core and unmapped ports.
    public var memberASN: UInt32?
    /// Port speed in bytes/s; NaN when unknown.
    public var speedBytesPerSecond: Double
    /// Operational status now; nil when unknown or stale.
    public var up: Bool?
    /// Administrative status now; nil when unknown or stale.
    public var adminUp: Bool?
    /// When the port was last polled.
    public var lastSample: Double?

    /// A port.
    public init(switchName: String, interface: String, memberASN: UInt32?, speedBytesPerSecond: Double = .nan,
                up: Bool? = nil, adminUp: Bool? = nil, lastSample: Double? = nil) {
        self.switchName = switchName
        self.interface = interface
        self.memberASN = memberASN
        self.speedBytesPerSecond = speedBytesPerSecond
        self.up = up
        self.adminUp = adminUp
        self.lastSample = lastSample
    }

    /// The labels of its series.
    public var seriesLabels: [String: String] {
        ["switch": switchName, "interface": interface, "member_asn": memberASN.map(String.init) ?? ""]
    }

    /// The key of its series `name`.
    public func key(_ name: String) -> SeriesKey {
        // `seriesLabels` in label order, without building a dictionary.
        SeriesKey(name: name, labelList: [Label(name: "interface", value: interface),
                                          Label(name: "member_asn", value: memberASN.map(String.init) ?? ""),
                                          Label(name: "switch", value: switchName)])
    }

    /// The port as a finding's subject.
    public var subject: Subject { .port(switch: switchName, interface: interface) }

    /// `sw1 Ethernet7`.
    public var displayName: String { "\(switchName) \(interface)" }

    /// Labels for a finding about it.
    public var findingLabels: [String: String] {
        var labels = ["switch": switchName, "interface": interface]
        if let memberASN { labels["member_asn"] = String(memberASN) }
        return labels
    }
}
