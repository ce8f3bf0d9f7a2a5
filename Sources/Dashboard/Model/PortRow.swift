/// One port, for the ports table and a member's page.
public struct PortRow: Sendable, Hashable, Codable {
    /// How the port is used, as the dashboard classes it.
    public enum Usage: String, Sendable, Hashable, Codable, CaseIterable {
        /// Nothing to say.
        case normal
        /// Up but carries (next to) no traffic.
        case idle
        /// Its 95th percentile is near its speed.
        case outgrown
        /// Down.
        case down
        /// Not enough data.
        case unknown
    }

    /// Switch name.
    public var switchName: String
    /// Interface name.
    public var interface: String
    /// The member it belongs to, if known.
    public var memberASN: UInt32?
    /// That member's name, if known.
    public var memberName: String?
    /// Speed, bits per second; nil when unknown.
    public var speedBitsPerSecond: Double?
    /// Whether it is up; nil when unknown.
    public var up: Bool?
    /// Traffic in now (from the member into the exchange), bits per second.
    public var currentInBitsPerSecond: Double?
    /// Traffic out now, bits per second.
    public var currentOutBitsPerSecond: Double?
    /// The 95th percentile this month of the larger direction, from 5-minute averages (as
    /// billing computes it), bits per second.
    public var monthlyP95BitsPerSecond: Double?
    /// Of 5-minute samples the month has had so far, how many were known.
    public var monthlySamples: Int
    /// `monthlyP95 / speed`; nil when either is unknown.
    public var utilisation: Double?
    /// Its class.
    public var usage: Usage

    /// A port.
    public init(switchName: String, interface: String, memberASN: UInt32?, memberName: String?, speedBitsPerSecond: Double?,
                up: Bool?, currentInBitsPerSecond: Double?, currentOutBitsPerSecond: Double?, monthlyP95BitsPerSecond: Double?,
                monthlySamples: Int, utilisation: Double?, usage: Usage) {
        self.switchName = switchName
        self.interface = interface
        self.memberASN = memberASN
        self.memberName = memberName
        self.speedBitsPerSecond = speedBitsPerSecond
        self.up = up
        self.currentInBitsPerSecond = currentInBitsPerSecond
        self.currentOutBitsPerSecond = currentOutBitsPerSecond
        self.monthlyP95BitsPerSecond = monthlyP95BitsPerSecond
        self.monthlySamples = monthlySamples
        self.utilisation = utilisation
        self.usage = usage
    }
}

/// The ports page.
public struct PortsView: Sendable, Hashable, Codable {
    /// The billing month, `YYYY-MM` (UTC).
    public var month: String
    /// Every port, by switch and interface.
    public var ports: [PortRow]

    /// A ports view.
    public init(month: String, ports: [PortRow]) {
        self.month = month
        self.ports = ports
    }

    /// Ports of one class.
    public func count(_ usage: PortRow.Usage) -> Int { ports.reduce(0) { $1.usage == usage ? $0 + 1 : $0 } }
}
