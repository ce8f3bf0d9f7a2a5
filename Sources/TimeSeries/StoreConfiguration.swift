/// The shape and the policies of a `TimeSeriesStore`. Every field has a default; the defaults
/// are sized for the zombie detector (see the module README).
public struct StoreConfiguration: Hashable, Sendable, Codable {
    /// The tiers, finest first. The first is the raw tier.
    public var tiers: [Tier]
    /// The most series the store holds; a new series beyond it is refused and counted.
    public var maxSeries: Int
    /// Seconds without a sample after which a series counts as stale.
    public var staleAfter: Double
    /// Seconds without a sample after which a stale series' slot is reclaimed (its history dropped).
    public var reclaimAfter: Double
    /// Seconds between checkpoints the agent should schedule (the store does not run timers).
    public var checkpointInterval: Double
    /// The largest fraction of a consolidated step that may be unknown while its value still
    /// counts as known (RRDtool's xfiles factor).
    public var xFilesFactor: Double
    /// When the change log since the last full snapshot grows beyond this fraction of the
    /// snapshot's size, the next checkpoint writes a new full snapshot instead of appending.
    public var compactionRatio: Double
    /// Seconds a sample's timestamp may be ahead of the clock; later ones are dropped as
    /// invalid (a bogus far-future timestamp would otherwise blank the rings and make every
    /// correct sample after it "out of order").
    public var maxFutureSkew: Double
    /// The most bytes of changes kept in memory between checkpoints; beyond it (e.g. while the
    /// disk is full) the log is dropped and the next successful checkpoint is a full snapshot.
    public var maxPendingLogBytes: Int
    /// Poll intervals (whole seconds) of the probes whose rates are `n / interval`
    /// (`PollRate`), besides the raw step: closed chunks and the packed raw ring try them as
    /// scales of `ScaledCodec`, so that a 60 s poll's rates compress as integers when another
    /// probe sets a shorter raw step. Empty: only the tiers' own steps are tried.
    public var rateScales: [Int] = []

    /// The default configuration: `defaultTiers(rawStep: 60)`, 10,000 series, stale after
    /// 10 minutes, reclaimed after 30 days, a checkpoint every 60 s, xff 0.5.
    public init(
        tiers: [Tier] = StoreConfiguration.defaultTiers(rawStep: 60),
        maxSeries: Int = 10_000,
        staleAfter: Double = 600,
        reclaimAfter: Double = 30 * 86_400,
        checkpointInterval: Double = 60,
        xFilesFactor: Double = 0.5,
        compactionRatio: Double = 0.25,
        maxFutureSkew: Double = 86_400,
        maxPendingLogBytes: Int = 256 << 20
    ) {
        self.tiers = tiers
        self.maxSeries = maxSeries
        self.staleAfter = staleAfter
        self.reclaimAfter = reclaimAfter
        self.checkpointInterval = checkpointInterval
        self.xFilesFactor = xFilesFactor
        self.compactionRatio = compactionRatio
        self.maxPendingLogBytes = maxPendingLogBytes
        self.maxFutureSkew = maxFutureSkew
    }

    /// The default tiers for a poll interval of `rawStep` seconds: raw for 48 h; 5 min
    /// for 35 days (avg, min, max); 1 h for 400 days (avg, max); 1 day for 10 years (avg, max).
    /// Each step is rounded up to a multiple of the step before it (every tier is consolidated
    /// from the one below).
    public static func defaultTiers(rawStep: Int) -> [Tier] {
        let raw = max(1, rawStep)
        func multiple(_ seconds: Int, of base: Int) -> Int { max(base, (seconds + base - 1) / base * base) }
        let fiveMinutes = multiple(300, of: raw)
        let hour = multiple(3_600, of: fiveMinutes)
        let day = multiple(86_400, of: hour)
        let coarse = [
            Tier(name: "5m", step: fiveMinutes, rows: 0, functions: [.average, .minimum, .maximum]),
            Tier(name: "1h", step: hour, rows: 0, functions: [.average, .maximum]),
            Tier(name: "1d", step: day, rows: 0, functions: [.average, .maximum]),
        ]
        let retentions = ["5m": 35 * 86_400, "1h": 400 * 86_400, "1d": 3_650 * 86_400]
        // A coarse tier no coarser than the raw step merges into the raw tier (its retention kept).
        var rawRetention = 48 * 3_600
        var tiers: [Tier] = []
        var previousStep = raw
        for var tier in coarse {
            let retention = retentions[tier.name] ?? 0
            if tier.step <= previousStep {
                if tiers.isEmpty { rawRetention = max(rawRetention, retention) }
                continue
            }
            tier.rows = max(1, retention / tier.step)
            tiers.append(tier)
            previousStep = tier.step
        }
        let rawTier = Tier(name: "raw", step: raw, rows: max(1, (rawRetention + raw - 1) / raw), functions: [.average])
        return [rawTier] + tiers
    }

    /// Bytes of ring storage per series: the sum over tiers of rows × functions × 8.
    public var bytesPerSeries: Int { tiers.reduce(0) { $0 + $1.bytesPerSeries } }

    /// Number of stored values per series.
    public var valuesPerSeries: Int { tiers.reduce(0) { $0 + $1.rows * $1.functions.count } }

    /// Checks the configuration and throws a `StoreError.invalidConfiguration` naming the problem.
    public func validate() throws {
        func fail(_ message: String) -> StoreError { .invalidConfiguration(message) }
        guard let raw = tiers.first else { throw fail("at least one tier (the raw tier) is needed") }
        guard raw.step > 0 else { throw fail("tier '\(raw.name)': step must be at least 1 second, not \(raw.step)") }
        guard raw.functions == [.average] else {
            throw fail("tier '\(raw.name)' is the raw tier: its functions must be [average], not \(raw.functions.map(\.rawValue))")
        }
        var previousStep = 0
        for tier in tiers {
            guard tier.rows > 0 else { throw fail("tier '\(tier.name)': rows must be at least 1, not \(tier.rows)") }
            guard tier.rows <= 100_000_000 else { throw fail("tier '\(tier.name)': \(tier.rows) rows is too many") }
            guard tier.step > previousStep else {
                throw fail("tier '\(tier.name)': steps must grow from tier to tier (\(tier.step) s after \(previousStep) s)")
            }
            guard tier.step % raw.step == 0, previousStep == 0 || tier.step % previousStep == 0 else {
                throw fail("tier '\(tier.name)': step \(tier.step) s is not a multiple of the step of the tier before it (\(previousStep) s)")
            }
            guard !tier.functions.isEmpty, Set(tier.functions).count == tier.functions.count else {
                throw fail("tier '\(tier.name)': functions must be non-empty and distinct")
            }
            previousStep = tier.step
        }
        guard tiers.count <= 16 else { throw fail("at most 16 tiers, not \(tiers.count)") }
        guard maxSeries >= 0, maxSeries <= 10_000_000 else { throw fail("maxSeries must be between 0 and 10,000,000, not \(maxSeries)") }
        guard xFilesFactor >= 0, xFilesFactor < 1 else { throw fail("xFilesFactor must be in [0, 1), not \(xFilesFactor)") }
        guard staleAfter > 0, reclaimAfter >= staleAfter else {
            throw fail("staleAfter must be positive and reclaimAfter at least staleAfter (\(staleAfter), \(reclaimAfter))")
        }
        guard checkpointInterval > 0 else { throw fail("checkpointInterval must be positive, not \(checkpointInterval)") }
        guard maxFutureSkew >= 0 else { throw fail("maxFutureSkew must not be negative, not \(maxFutureSkew)") }
        guard compactionRatio > 0 else { throw fail("compactionRatio must be positive, not \(compactionRatio)") }
    }
}
