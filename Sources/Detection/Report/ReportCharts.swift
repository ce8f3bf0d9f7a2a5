/// The series the report's charts draw.
public struct ReportCharts: Sendable, Hashable, Codable {
    /// Each day's peak of aggregate traffic over (up to) two years, bits per second (NaN unknown).
    public var dailyPeaks: [TimePoint]
    /// The trend line through the daily peaks, if one could be fitted.
    public var trend: TrendLine?
    /// Joins, leaves and members per month.
    public var membership: [MonthlyMembership]
    /// Each member's share of traffic over 30 days, largest first (the rest summed as "others").
    public var shares: [TrafficShare]
    /// Idle member ports (30-day 95th percentile under the threshold), least used first.
    public var idlePorts: [PortOverview]
    /// Outgrown member ports (7-day 95th percentile over the threshold), fullest first.
    public var outgrownPorts: [PortOverview]

    /// Chart data.
    public init(dailyPeaks: [TimePoint] = [], trend: TrendLine? = nil, membership: [MonthlyMembership] = [],
                shares: [TrafficShare] = [], idlePorts: [PortOverview] = [], outgrownPorts: [PortOverview] = []) {
        self.dailyPeaks = dailyPeaks
        self.trend = trend
        self.membership = membership
        self.shares = shares
        self.idlePorts = idlePorts
        self.outgrownPorts = outgrownPorts
    }

    enum CodingKeys: String, CodingKey {
        case dailyPeaks = "daily_peaks", trend, membership, shares, idlePorts = "idle_ports", outgrownPorts = "outgrown_ports"
    }
}

/// A time and a value (NaN unknown, encoded as null).
public struct TimePoint: Sendable, Hashable, Codable {
    /// Seconds since the epoch.
    public var time: Double
    /// The value.
    public var value: Double

    /// A point.
    public init(time: Double, value: Double) {
        self.time = time
        self.value = value
    }

    enum CodingKeys: String, CodingKey { case time, value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        time = try container.decodeNaNIfNull(forKey: .time)
        value = try container.decodeIfPresent(Double.self, forKey: .value) ?? .nan
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeFinite(time, forKey: .time)
        try container.encode(value.isFinite ? value : nil, forKey: .value)
    }
}

/// A fitted trend: a straight line from (`from`, `startValue`) to (`to`, `endValue`).
public struct TrendLine: Sendable, Hashable, Codable {
    /// Start time.
    public var from: Double
    /// End time.
    public var to: Double
    /// The line's value at `from`.
    public var startValue: Double
    /// The line's value at `to`.
    public var endValue: Double
    /// Relative change per quarter (e.g. -0.12 for −12 % a quarter).
    public var changePerQuarter: Double
    /// The trend test's p-value.
    public var pValue: Double

    /// A trend line.
    public init(from: Double, to: Double, startValue: Double, endValue: Double, changePerQuarter: Double, pValue: Double) {
        self.from = from
        self.to = to
        self.startValue = startValue
        self.endValue = endValue
        self.changePerQuarter = changePerQuarter
        self.pValue = pValue
    }

    enum CodingKeys: String, CodingKey {
        case from, to, startValue = "start_value", endValue = "end_value", changePerQuarter = "change_per_quarter"
        case pValue = "p_value"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        from = try container.decodeNaNIfNull(forKey: .from)
        to = try container.decodeNaNIfNull(forKey: .to)
        startValue = try container.decodeNaNIfNull(forKey: .startValue)
        endValue = try container.decodeNaNIfNull(forKey: .endValue)
        changePerQuarter = try container.decodeNaNIfNull(forKey: .changePerQuarter)
        pValue = try container.decodeNaNIfNull(forKey: .pValue)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeFinite(from, forKey: .from)
        try container.encodeFinite(to, forKey: .to)
        try container.encodeFinite(startValue, forKey: .startValue)
        try container.encodeFinite(endValue, forKey: .endValue)
        try container.encodeFinite(changePerQuarter, forKey: .changePerQuarter)
        try container.encodeFinite(pValue, forKey: .pValue)
    }
}

/// One month of membership.
public struct MonthlyMembership: Sendable, Hashable, Codable {
    /// The month, `YYYY-MM`.
    public var month: String
    /// Members who joined that month.
    public var joins: Int
    /// Members who left that month.
    public var leaves: Int
    /// Members at the end of the month, if known.
    public var members: Int?

    /// A month.
    public init(month: String, joins: Int, leaves: Int, members: Int?) {
        self.month = month
        self.joins = joins
        self.leaves = leaves
        self.members = members
    }
}

/// One slice of the traffic shares.
public struct TrafficShare: Sendable, Hashable, Codable {
    /// The member's name or `AS…`, or "others".
    public var label: String
    /// The member, nil for "others".
    public var asn: UInt32?
    /// Share 0…1.
    public var share: Double

    /// A slice.
    public init(label: String, asn: UInt32?, share: Double) {
        self.label = label
        self.asn = asn
        self.share = share
    }

    enum CodingKeys: String, CodingKey { case label, asn, share }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        label = try container.decode(String.self, forKey: .label)
        asn = try container.decodeIfPresent(UInt32.self, forKey: .asn)
        share = try container.decodeNaNIfNull(forKey: .share)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(label, forKey: .label)
        try container.encode(asn, forKey: .asn)
        try container.encodeFinite(share, forKey: .share)
    }
}
