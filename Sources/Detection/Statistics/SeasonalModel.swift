/// How a seasonal component combines with the level of a series.
public enum SeasonalModel: String, Hashable, Sendable, Codable {
    /// value = level + seasonal offset (offsets average 0 over a period).
    case additive
    /// value = level × seasonal factor (factors average 1 over a period): a weekend that carries
    /// 60 % of a weekday's traffic stays 60 % as the traffic grows or shrinks.
    case multiplicative
}
