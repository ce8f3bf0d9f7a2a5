import Detection
import Presentation

/// What a chart's values measure, for its axis and hover labels.
public enum ChartUnit: Sendable, Hashable {
    /// Bits per second.
    case bitsPerSecond
    /// Events per minute (frames, requests).
    case perMinute
    /// Events per second (errors).
    case perSecond
    /// Seconds (poll durations).
    case seconds
    /// A plain count.
    case count

    /// A value with its unit, for hover labels and tables.
    func format(_ value: Double, _ formatter: ValueFormatter) -> String {
        switch self {
        case .bitsPerSecond: return formatter.bitsPerSecond(value)
        case .perMinute: return formatter.plain(value) + "/min"
        case .perSecond: return formatter.plain(value) + "/s"
        case .seconds: return formatter.plain(value) + "\u{00A0}s"
        case .count: return formatter.plain(value)
        }
    }

    /// A tick label; ticks share the unit of the largest tick.
    func tick(_ value: Double, largest: Double, step: Double, _ formatter: ValueFormatter) -> String {
        switch self {
        case .bitsPerSecond:
            let (scale, _) = formatter.bitsUnitPublic(for: largest)
            return formatter.bitsPerSecond(value, inUnitOf: largest, decimals: SVGLineChart.decimals(step: step, unit: scale))
        case .count, .perMinute, .perSecond, .seconds:
            return formatter.plain(value)
        }
    }
}

extension ValueFormatter {
    /// The divisor of the unit `bitsPerSecond` would use for a value this large.
    func bitsUnitPublic(for magnitude: Double) -> (Double, String) {
        let units: [(Double, String)] = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
        for unit in units where magnitude >= unit.0 { return unit }
        return (1, "")
    }
}
