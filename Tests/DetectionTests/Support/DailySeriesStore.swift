import IXPCore
import TimeSeries

/// A store of series sampled every hour, whose value is a function of the day: day 0 is the
/// oldest of `days`, day `days - 1` ends at `now`. A nil value writes no sample (an unknown
/// day, never a zero). For the rules that judge months of daily values.
enum DailySeriesStore {
    /// One series: its name, labels, and its value on each day.
    typealias Series = (name: String, labels: [String: String], value: (Int) -> Double?)

    static func make(now: Double, days: Int, _ series: [Series]) throws -> TimeSeriesStore {
        let step = 3_600.0
        var configuration = StoreConfiguration(tiers: StoreConfiguration.defaultTiers(rawStep: Int(step)))
        configuration.staleAfter = 3 * step
        let store = try TimeSeriesStore(configuration: configuration, directory: nil, clock: { now })
        let keys = series.map { SeriesKey(name: $0.name, labels: $0.labels) }
        let start = now - Double(days) * 86_400
        for day in 0..<days {
            let values = series.map { $0.value(day) }
            for hour in 0..<24 {
                let time = start + Double(day) * 86_400 + Double(hour) * step
                guard time < now else { continue }
                var samples: [Sample] = []
                for (index, value) in values.enumerated() {
                    if let value { samples.append(Sample(key: keys[index], timestamp: time, value: value)) }
                }
                store.append(samples)
            }
        }
        return store
    }
}
