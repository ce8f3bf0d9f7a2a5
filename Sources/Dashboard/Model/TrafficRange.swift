/// The spans the exchange page's traffic chart offers.
public enum TrafficRange: String, Sendable, Hashable, Codable, CaseIterable {
    /// The last 24 hours.
    case day
    /// The last 7 days.
    case week
    /// The last 365 days (daily peaks).
    case year
    /// The last 730 days (daily peaks).
    case twoYears = "2y"

    /// Its length in seconds.
    public var seconds: Double {
        switch self {
        case .day: return 86_400
        case .week: return 7 * 86_400
        case .year: return 365 * 86_400
        case .twoYears: return 730 * 86_400
        }
    }

    /// Whether the chart shows daily peaks rather than the values themselves.
    public var showsDailyPeaks: Bool { self == .year || self == .twoYears }
}

/// Aggregate traffic over one range, bits per second.
public struct TrafficHistory: Sendable, Hashable, Codable {
    /// The range.
    public var range: TrafficRange
    /// Traffic into the exchange from its members (daily peaks for a year or two); when no
    /// port is mapped to a member, the traffic the polled ports receive.
    public var series: DashboardSeries
    /// True when `series` is the polled ports' traffic because no port is mapped to a member.
    public var ofUnmappedPorts: Bool

    /// A history.
    public init(range: TrafficRange, series: DashboardSeries, ofUnmappedPorts: Bool = false) {
        self.range = range
        self.series = series
        self.ofUnmappedPorts = ofUnmappedPorts
    }
}
