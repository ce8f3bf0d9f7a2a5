/// A level shift in daily peaks: traffic dropped once, within a day, and stayed at its new level
/// (a big member moving its traffic to a private interconnect, say). A step is not a trend:
/// `falling_traffic` removes it and judges the trend of what is left.
///
/// How it is found (`find(in:criteria:)`), on the peaks with the weekly pattern removed
/// (`Deseasonalizer`, multiplicative):
/// 1. the split: over the last `searchDays`, the day that minimises the squared error of a
///    two-level fit over the `flankDays` either side (the same as the largest difference between
///    the two flanks' means), each flank with enough known days;
/// 2. the drop is a step when it is at least `minimumDrop` of the level before, at least
///    `noiseRatio` times the flanks' day-to-day noise (their standard deviation around their own
///    means), when each flank is flat (its least-squares line moves at most `flatness` of the
///    drop across it: a slide over weeks is a trend, not a step), and when it holds: the latest
///    `flankDays` are still at least half the drop below the level before (a dip that recovered
///    is not a step).
public struct LevelShift: Sendable, Hashable {
    /// Index, in the series given, of the first day at the new level.
    public let index: Int
    /// The mean of the flank before (weekly pattern removed), in the series' unit.
    public let levelBefore: Double
    /// The mean of the flank after.
    public let levelAfter: Double
    /// The standard deviation of the flanks' days around their means.
    public let noise: Double
    /// Days in the flank after (fewer than the flank for a recent step).
    public let afterDays: Int

    /// A level shift from its parts.
    public init(index: Int, levelBefore: Double, levelAfter: Double, noise: Double, afterDays: Int) {
        self.index = index
        self.levelBefore = levelBefore
        self.levelAfter = levelAfter
        self.noise = noise
        self.afterDays = afterDays
    }

    /// The relative change of the level (−0.3: 30 % lower after).
    public var change: Double { levelBefore > 0 ? levelAfter / levelBefore - 1 : .nan }

    /// The drop in noise units.
    public var noiseRatio: Double { noise > 0 ? (levelBefore - levelAfter) / noise : .infinity }

    /// `series` with the step removed: every day from `index` on scaled back to the level before.
    public func removed(from series: DailyPeakSeries) -> DailyPeakSeries {
        guard levelAfter > 0, index >= 0, index < series.peaks.count else { return series }
        let scale = levelBefore / levelAfter
        var peaks = series.peaks
        for day in index..<peaks.count where !peaks[day].isNaN { peaks[day] *= scale }
        return DailyPeakSeries(peaks: peaks)
    }

    /// The downward step of `series` that meets `criteria`, or nil when there is none (or too
    /// little known to tell).
    public static func find(in series: DailyPeakSeries, criteria: LevelShiftCriteria) -> LevelShift? {
        let flank = criteria.flankDays
        let minimumAfter = max(2, criteria.minimumAfterDays)
        guard flank >= minimumAfter, criteria.searchDays > 0 else { return nil }
        let length = min(series.peaks.count, criteria.searchDays + flank)
        guard length >= flank + minimumAfter, let window = series.window(days: length),
              let deseasonalizer = try? Deseasonalizer(period: criteria.weeklyPeriod, model: .multiplicative),
              let decomposition = deseasonalizer.decompose(Array(window))
        else { return nil }
        let values = decomposition.adjusted
        let offset = series.peaks.count - length
        let count = values.count

        // 1. The split with the largest drop between the flanks' means.
        var best: (index: Int, before: Moments, after: Moments)?
        for split in flank...(count - minimumAfter) {
            let before = Moments(values[(split - flank)..<split])
            let after = Moments(values[split..<min(count, split + flank)])
            guard before.isSufficient(criteria.minimumKnownFraction), after.isSufficient(criteria.minimumKnownFraction)
            else { continue }
            if let current = best, current.after.mean - current.before.mean <= after.mean - before.mean { continue }
            best = (split, before, after)
        }
        // 2. Is it a step?
        guard let best, best.before.mean > 0 else { return nil }
        let drop = best.before.mean - best.after.mean
        guard drop >= criteria.minimumDrop * best.before.mean else { return nil }
        let degrees = best.before.known + best.after.known - 2
        let noise = degrees > 0 ? ((best.before.squares + best.after.squares) / Double(degrees)).squareRoot() : .nan
        guard noise.isFinite, drop >= criteria.noiseRatio * noise,
              abs(best.before.slope) * Double(best.before.total) <= criteria.flatness * drop,
              abs(best.after.slope) * Double(best.after.total) <= criteria.flatness * drop
        else { return nil }
        let latest = Moments(values[max(best.index, count - flank)..<count])
        guard latest.known > 0, latest.mean <= best.before.mean - drop / 2 else { return nil }
        return LevelShift(index: offset + best.index, levelBefore: best.before.mean, levelAfter: best.after.mean,
                          noise: noise, afterDays: best.after.total)
    }
}

/// The mean, squared deviations and least-squares slope of a run of daily values (NaN skipped).
private struct Moments {
    var total = 0
    var known = 0
    var mean = Double.nan
    /// The sum of squared deviations from the mean.
    var squares = 0.0
    /// The least-squares slope per day (x: the day's position in the run).
    var slope = 0.0

    init(_ values: ArraySlice<Double>) {
        total = values.count
        var sum = 0.0, sumX = 0.0
        for (position, value) in values.enumerated() where !value.isNaN {
            known += 1
            sum += value
            sumX += Double(position)
        }
        guard known > 0 else { return }
        mean = sum / Double(known)
        let meanX = sumX / Double(known)
        var xy = 0.0, xx = 0.0
        for (position, value) in values.enumerated() where !value.isNaN {
            let dx = Double(position) - meanX
            squares += (value - mean) * (value - mean)
            xy += dx * (value - mean)
            xx += dx * dx
        }
        slope = xx > 0 ? xy / xx : 0
    }

    func isSufficient(_ minimumKnownFraction: Double) -> Bool {
        total > 0 && known >= 2 && Double(known) >= minimumKnownFraction * Double(total)
    }
}
