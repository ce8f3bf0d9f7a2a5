/// What an exchange publishes on its website and in PeeringDB: aggregate figures only, no
/// member detail. Served at `/public` and `/public.json` when the settings allow.
public struct PublicStatistics: Sendable, Hashable, Codable {
    /// The exchange's name.
    public var name: String
    /// When these figures were made, seconds since the epoch.
    public var generatedAt: Double
    /// Members connected; nil when unknown (no member list and no port mapped to a member),
    /// encoded as null: an unknown count is never 0.
    public var members: Int?
    /// Aggregate traffic now, bits per second.
    public var currentBitsPerSecond: Double?
    /// Each UTC day's peak over the last year, bits per second.
    public var dailyPeaks: DashboardSeries
    /// The peak of the last 24 hours.
    public var peakLastDayBitsPerSecond: Double?
    /// IPv6's share of the traffic (0…1) where the agent knows it (sFlow); nil otherwise.
    public var ipv6Share: Double?

    /// Public figures.
    public init(name: String, generatedAt: Double, members: Int?, currentBitsPerSecond: Double?, dailyPeaks: DashboardSeries,
                peakLastDayBitsPerSecond: Double?, ipv6Share: Double?) {
        self.name = name
        self.generatedAt = generatedAt
        self.members = members
        self.currentBitsPerSecond = currentBitsPerSecond
        self.dailyPeaks = dailyPeaks
        self.peakLastDayBitsPerSecond = peakLastDayBitsPerSecond
        self.ipv6Share = ipv6Share
    }

    enum CodingKeys: String, CodingKey {
        case name, generatedAt, members, currentBitsPerSecond, dailyPeaks, peakLastDayBitsPerSecond, ipv6Share
    }

    /// Encodes as the synthesized conformance would, but for `members`, which keeps its key and
    /// reads null when unknown.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(generatedAt, forKey: .generatedAt)
        if let members { try container.encode(members, forKey: .members) } else { try container.encodeNil(forKey: .members) }
        try container.encodeIfPresent(currentBitsPerSecond, forKey: .currentBitsPerSecond)
        try container.encode(dailyPeaks, forKey: .dailyPeaks)
        try container.encodeIfPresent(peakLastDayBitsPerSecond, forKey: .peakLastDayBitsPerSecond)
        try container.encodeIfPresent(ipv6Share, forKey: .ipv6Share)
    }
}
