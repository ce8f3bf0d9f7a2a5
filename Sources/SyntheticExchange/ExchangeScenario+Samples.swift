public import TimeSeries
import IXPCore

extension ExchangeScenario {
    /// Calls `body` once per generated series (port × `PortMetric`), in port order then metric
    /// order, with the samples the agent would have stored: per-second rates for counters
    /// (between consecutive samples, NaN across a counter reset, none for a port's first
    /// sample) and the values of gauges. `timestamps` and `values` are reused between calls:
    /// copy them to keep them. Series without samples are skipped. Only one port's series
    /// are in memory at a time.
    public func forEachSeries(step: Int = 3_600, _ body: (SeriesKey, _ timestamps: [Double], _ values: [Double]) throws -> Void) rethrows {
        let grid = grid(step: step)
        var column = RawColumn()
        var timestamps: [Double] = []
        var values: [Double] = []
        for entry in portEntries {
            let labels = entry.labels
            for metric in PortMetric.allCases {
                rawColumn(entry, metric, grid: grid, into: &column)
                Self.storeValues(column, metric: metric, timestamps: &timestamps, values: &values)
                guard !timestamps.isEmpty else { continue }
                try body(SeriesKey(name: metric.storeName, labels: labels), timestamps, values)
            }
        }
        for series in pingSeries(grid: grid) { try body(series.key, series.timestamps, series.values) }
    }

    /// The ping probe's median round trip to each member with a `pingRoundTrip`, at every step
    /// while it is present (none in gaps): the path's floor plus up to 10 % of queueing at the
    /// busy hours, so the smallest median over a window is the floor.
    func pingSeries(grid: TrafficGrid) -> [(key: SeriesKey, timestamps: [Double], values: [Double])] {
        members.compactMap { member in
            guard let roundTrip = member.pingRoundTrip else { return nil }
            var timestamps: [Double] = [], values: [Double] = []
            for k in 0..<grid.count where !grid.inGap[k] && member.isPresent(at: grid.time(k)) {
                timestamps.append(grid.time(k))
                values.append(roundTrip * (1 + 0.1 * min(1, max(0, grid.shape[k]))))
            }
            guard !timestamps.isEmpty else { return nil }
            let labels = ["member_asn": String(member.asn), "address": member.ipv4, "family": "ipv4"]
            return (SeriesKey(name: StoreSeries.pingMedian, labels: labels), timestamps, values)
        }
    }

    /// Calls `body` for every generated sample, series by series (see `forEachSeries`).
    public func forEachSample(step: Int = 3_600, _ body: (Sample) throws -> Void) rethrows {
        try forEachSeries(step: step) { key, timestamps, values in
            for index in timestamps.indices {
                try body(Sample(key: key, timestamp: timestamps[index], value: values[index]))
            }
        }
    }

    /// Every generated sample as a lazy sequence (series by series; one port's series in memory at a time).
    public func samples(step: Int = 3_600) -> ScenarioSamples { ScenarioSamples(scenario: self, step: step) }

    /// Appends every generated series to `store` through handles, one batch per series, and
    /// returns what became of the samples (`refusedOverCap` counts the samples of series the
    /// store had no room for). The store's clock must be at or after `end` (minus its
    /// `maxFutureSkew`), or the later samples are refused as being in the future; series must
    /// not already hold samples at or after `start`.
    ///
    /// The store consolidates what it receives into its tiers. With hourly samples give it a
    /// raw step of the same size (`StoreConfiguration.defaultTiers(rawStep: 3600)`): with a
    /// 60 s raw step, one sample an hour is below the 5-minute tier's xfiles factor, so only
    /// the last 48 hours (the raw tier) would keep values.
    @discardableResult
    public func write(to store: TimeSeriesStore, step: Int = 3_600) -> BatchOutcome {
        var outcome = BatchOutcome()
        var batch: [HandleSample] = []
        forEachSeries(step: step) { key, timestamps, values in
            guard let handle = store.handle(for: key) else {
                outcome.refusedOverCap += timestamps.count
                return
            }
            batch.removeAll(keepingCapacity: true)
            for index in timestamps.indices {
                batch.append(HandleSample(handle: handle, timestamp: timestamps[index], value: values[index]))
            }
            let result = store.append(batch)
            outcome.accepted += result.accepted
            outcome.outOfOrder += result.outOfOrder
            outcome.refusedOverCap += result.refusedOverCap
            outcome.invalid += result.invalid
            outcome.staleHandle += result.staleHandle
        }
        return outcome
    }
}

/// The samples of a scenario as a lazy `Sequence`, generated series by series.
public struct ScenarioSamples: Sequence, Sendable {
    /// The scenario.
    public let scenario: ExchangeScenario
    /// Seconds between samples.
    public let step: Int

    /// Iterates the samples.
    public struct Iterator: IteratorProtocol {
        let scenario: ExchangeScenario
        let grid: TrafficGrid
        let entries: [PortEntry]
        var entryIndex = 0
        var metricIndex = 0
        var column = RawColumn()
        var key = SeriesKey(name: "")
        var timestamps: [Double] = []
        var values: [Double] = []
        var position = 0
        /// The ping series, after the ports' (computed once the ports are done).
        var pings: [(key: SeriesKey, timestamps: [Double], values: [Double])]?
        var pingIndex = 0

        /// The next sample, or nil at the end.
        public mutating func next() -> Sample? {
            while position >= timestamps.count {
                guard entryIndex < entries.count else {
                    if pings == nil { pings = scenario.pingSeries(grid: grid) }
                    guard let pings, pingIndex < pings.count else { return nil }
                    key = pings[pingIndex].key
                    timestamps = pings[pingIndex].timestamps
                    values = pings[pingIndex].values
                    position = 0
                    pingIndex += 1
                    continue
                }
                let entry = entries[entryIndex]
                let metric = PortMetric.allCases[metricIndex]
                scenario.rawColumn(entry, metric, grid: grid, into: &column)
                ExchangeScenario.storeValues(column, metric: metric, timestamps: &timestamps, values: &values)
                key = SeriesKey(name: metric.storeName, labels: entry.labels)
                position = 0
                metricIndex += 1
                if metricIndex == PortMetric.allCases.count {
                    metricIndex = 0
                    entryIndex += 1
                }
            }
            defer { position += 1 }
            return Sample(key: key, timestamp: timestamps[position], value: values[position])
        }
    }

    /// An iterator from the first sample.
    public func makeIterator() -> Iterator {
        Iterator(scenario: scenario, grid: scenario.grid(step: step), entries: scenario.portEntries)
    }
}
