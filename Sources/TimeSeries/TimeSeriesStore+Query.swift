import IXPCore
import Synchronization

extension StoreCore {
    /// The index of the finest tier that keeps `function` and reaches back to `from` (seen from
    /// the newest sample in the store); if none reaches that far, the keeping tier that reaches
    /// furthest. The raw tier answers every function.
    func chooseTier(from: Double, function: ConsolidationFunction) -> Int {
        let newest = latestTimestamp.isFinite ? latestTimestamp : from
        let now = ((newest / rawStep).rounded(.down) + 1) * rawStep
        var fallback = 0
        for (index, layout) in layouts.enumerated() {
            guard index == 0 || layout.functions.contains(function) else { continue }
            let reach = now - Double(layout.step * layout.rows)
            if from >= reach { return index }
            fallback = index
        }
        return fallback
    }

    /// The bucket range of `from...to` in a tier, limited to `maxPoints`.
    func buckets(tier: Int, from: Double, to: Double, maxPoints: Int) -> (first: Int64, last: Int64)? {
        guard from.isFinite, to.isFinite, to >= from, from >= 0, to < 1e13 else { return nil }
        let step = Double(layouts[tier].step)
        let first = Int64((from / step).rounded(.down))
        var last = Int64((to / step).rounded(.down))
        if last - first + 1 > Int64(maxPoints) { last = first + Int64(maxPoints) - 1 }
        return (first, last)
    }
}

/// The most points one query returns.
let maximumQueryPoints = 50_000_000

extension TimeSeriesStore {
    /// The values of `key` from `from` to `to` (seconds since the epoch, inclusive) at the finest
    /// tier that covers `from` and keeps `function`; nil if the store has no such series.
    /// Unknown values are NaN.
    public func query(_ key: SeriesKey, from: Double, to: Double, function: ConsolidationFunction = .average) -> SeriesRange? {
        core.withLock { core in
            guard let slot = core.slotOfKey[key] else { return nil }
            let tier = core.chooseTier(from: from, function: function)
            return core.range(slot: Int(slot), tier: tier, function: function, from: from, to: to)
        }
    }

    /// The values of `key` from one given tier (by index), nil if there is no such series or tier.
    public func query(_ key: SeriesKey, tier: Int, from: Double, to: Double, function: ConsolidationFunction = .average) -> SeriesRange? {
        core.withLock { core in
            guard let slot = core.slotOfKey[key], tier >= 0, tier < core.layouts.count,
                  tier == 0 || core.layouts[tier].functions.contains(function)
            else { return nil }
            return core.range(slot: Int(slot), tier: tier, function: function, from: from, to: to)
        }
    }

    /// The point-wise sum of all series `selector` selects (unknown where none of them is
    /// known), at the finest tier covering `from`; nil if no series matches.
    public func sum(of selector: SeriesSelector, from: Double, to: Double, function: ConsolidationFunction = .average) -> SeriesRange? {
        let slots = core.withLock { core in
            core.slotOfKey.filter { selector.matches($0.key) }.map(\.value)
        }
        guard !slots.isEmpty else { return nil }
        let tier = core.withLock { $0.chooseTier(from: from, function: function) }
        var total: [Double]?
        var start = 0.0, step = 0.0
        var scratch: [Double] = []
        for slot in slots {
            let got = core.withLock { core -> Bool in
                guard let range = core.buckets(tier: tier, from: from, to: to, maxPoints: maximumQueryPoints) else { return false }
                let count = Int(range.last - range.first + 1)
                if scratch.count != count { scratch = Array(repeating: .nan, count: count) }
                scratch.withUnsafeMutableBufferPointer { buffer in
                    core.read(slot: Int(slot), tier: tier, function: function, first: range.first, last: range.last, into: buffer)
                }
                step = Double(core.layouts[tier].step)
                start = Double(range.first) * step
                return core.slots[Int(slot)].data != nil
            }
            guard got else { continue }
            guard var sums = total else {
                total = scratch
                continue
            }
            total = nil
            sums.withUnsafeMutableBufferPointer { sums in
                for index in 0..<min(sums.count, scratch.count) {
                    let value = scratch[index]
                    if value.isNaN { continue }
                    sums[index] = sums[index].isNaN ? value : sums[index] + value
                }
            }
            total = sums
        }
        guard let values = total else { return nil }
        return SeriesRange(start: start, step: step, tier: tier, function: function, values: values)
    }

    /// An aggregate over `from...to` of the point-wise sum of the series `selector` selects
    /// (one series if only one matches): e.g. the 95th percentile of an exchange's total traffic.
    /// `.minimum` reads minimum rings, `.maximum` and `.meanDailyPeak` maximum rings, the rest
    /// average rings (where a tier keeps them).
    public func aggregate(_ aggregation: Aggregation, of selector: SeriesSelector, from: Double, to: Double) -> AggregateResult {
        let seriesCount = core.withLock { core in core.slotOfKey.keys.reduce(0) { selector.matches($1) ? $0 + 1 : $0 } }
        guard let range = sum(of: selector, from: from, to: to, function: aggregation.ringFunction) else {
            return AggregateResult(value: .nan, knownValues: 0, totalValues: 0, seriesCount: 0, tier: -1)
        }
        return Self.aggregate(aggregation, range: range, seriesCount: seriesCount)
    }

    /// An aggregate over `from...to` of one series; NaN with `seriesCount` 0 if there is none.
    public func aggregate(_ aggregation: Aggregation, of key: SeriesKey, from: Double, to: Double) -> AggregateResult {
        guard let range = query(key, from: from, to: to, function: aggregation.ringFunction) else {
            return AggregateResult(value: .nan, knownValues: 0, totalValues: 0, seriesCount: 0, tier: -1)
        }
        return Self.aggregate(aggregation, range: range, seriesCount: 1)
    }

    /// The aggregate of each series `selector` selects separately, e.g. every port's 95th percentile.
    public func aggregateEach(_ aggregation: Aggregation, of selector: SeriesSelector, from: Double, to: Double) -> [SeriesKey: AggregateResult] {
        let function = aggregation.ringFunction
        let (pairs, tier) = core.withLock { core in
            (core.slotOfKey.filter { selector.matches($0.key) }, core.chooseTier(from: from, function: function))
        }
        var results: [SeriesKey: AggregateResult] = [:]
        results.reserveCapacity(pairs.count)
        var scratch: [Double] = []
        for (key, slot) in pairs {
            let range: SeriesRange? = core.withLock { core in
                guard core.slotOfKey[key] == slot else { return nil }
                return core.range(slot: Int(slot), tier: tier, function: function, from: from, to: to, reusing: &scratch)
            }
            guard let range else { continue }
            results[key] = Self.aggregate(aggregation, range: range, seriesCount: 1)
            scratch = range.values
        }
        return results
    }

    /// Each UTC day's peak (largest known value, from maximum rings) of the sum of the selected series.
    public func dailyPeaks(of selector: SeriesSelector, from: Double, to: Double) -> [DailyPeak] {
        guard let range = sum(of: selector, from: from, to: to, function: .maximum) else { return [] }
        return Self.dailyPeaks(range)
    }

    static func dailyPeaks(_ range: SeriesRange) -> [DailyPeak] {
        var peaks: [DailyPeak] = []
        for (index, value) in range.values.enumerated() {
            let day = ((range.start + Double(index) * range.step) / 86_400).rounded(.down) * 86_400
            if peaks.last?.day != day { peaks.append(DailyPeak(day: day, peak: .nan)) }
            if !value.isNaN, !(value <= peaks[peaks.count - 1].peak) { peaks[peaks.count - 1].peak = value }
        }
        return peaks
    }

    /// Computes an aggregate over the values of a range.
    static func aggregate(_ aggregation: Aggregation, range: SeriesRange, seriesCount: Int) -> AggregateResult {
        var known = 0
        var sum = 0.0
        var minimum = Double.infinity
        var maximum = -Double.infinity
        for value in range.values where !value.isNaN {
            known += 1
            sum += value
            if value < minimum { minimum = value }
            if value > maximum { maximum = value }
        }
        var value = Double.nan
        if known > 0 {
            switch aggregation {
            case .average: value = sum / Double(known)
            case .minimum: value = minimum
            case .maximum: value = maximum
            case .sum: value = sum
            case .integral: value = sum * range.step
            case .count: value = Double(known)
            case .percentile(let p):
                var values = range.values.filter { !$0.isNaN }
                // A NaN `p` reads as 0 here (the smallest value), as it always has.
                value = Percentile.nearestRank(known: &values, p.isNaN ? 0 : p) ?? .nan
            case .meanDailyPeak:
                let peaks = dailyPeaks(range).map(\.peak).filter { !$0.isNaN }
                value = peaks.isEmpty ? .nan : peaks.reduce(0, +) / Double(peaks.count)
            }
        } else if aggregation == .count || aggregation == .sum || aggregation == .integral {
            value = 0
        }
        return AggregateResult(value: value, knownValues: known, totalValues: range.values.count, seriesCount: seriesCount, tier: range.tier)
    }
}

extension Aggregation {
    /// The ring an aggregate reads.
    var ringFunction: ConsolidationFunction {
        switch self {
        case .minimum: return .minimum
        case .maximum, .meanDailyPeak: return .maximum
        default: return .average
        }
    }
}

extension StoreCore {
    /// Reads a range of one slot into a new array.
    func range(slot: Int, tier: Int, function: ConsolidationFunction, from: Double, to: Double) -> SeriesRange? {
        var scratch: [Double] = []
        return range(slot: slot, tier: tier, function: function, from: from, to: to, reusing: &scratch)
    }

    /// Reads a range of one slot, reusing `scratch`'s storage when it has the right size.
    func range(slot: Int, tier: Int, function: ConsolidationFunction, from: Double, to: Double, reusing scratch: inout [Double]) -> SeriesRange? {
        guard let range = buckets(tier: tier, from: from, to: to, maxPoints: maximumQueryPoints) else { return nil }
        let count = Int(range.last - range.first + 1)
        var values = scratch
        scratch = []
        if values.count != count { values = Array(repeating: .nan, count: count) }
        values.withUnsafeMutableBufferPointer { buffer in
            read(slot: slot, tier: tier, function: function, first: range.first, last: range.last, into: buffer)
        }
        let step = Double(layouts[tier].step)
        return SeriesRange(start: Double(range.first) * step, step: step, tier: tier, function: tier == 0 ? .average : function, values: values)
    }
}

extension TimeSeriesStore {
    /// The index of the finest tier that keeps `function` and reaches back to `from`, as
    /// `query` chooses it; read several series from the same tier to compare them like with like.
    public func tier(covering from: Double, function: ConsolidationFunction = .average) -> Int {
        core.withLock { $0.chooseTier(from: from, function: function) }
    }

    /// The step in seconds of tier `index`, nil if there is no such tier.
    public func step(ofTier index: Int) -> Double? {
        guard index >= 0, index < configuration.tiers.count else { return nil }
        return Double(configuration.tiers[index].step)
    }

    /// The point-wise sum of the series `keys` (unknown where none of them is known) from one
    /// tier; nil if the store holds none of them or the tier does not keep `function`.
    public func sum(of keys: [SeriesKey], tier: Int, from: Double, to: Double, function: ConsolidationFunction = .average) -> SeriesRange? {
        var total: SeriesRange?
        var scratch: [Double] = []
        // A few hundred series per lock round trip: cheap to read, and appends are not held up for long.
        var chunkStart = 0
        while chunkStart < keys.count {
            let chunk = keys[chunkStart..<min(keys.count, chunkStart + Self.readChunk)]
            chunkStart += chunk.count
            let valid = core.withLock { core -> Bool in
                guard tier >= 0, tier < core.layouts.count, tier == 0 || core.layouts[tier].functions.contains(function),
                      let range = core.buckets(tier: tier, from: from, to: to, maxPoints: maximumQueryPoints)
                else { return false }
                let count = Int(range.last - range.first + 1)
                if scratch.count != count { scratch = Array(repeating: .nan, count: count) }
                for key in chunk {
                    guard let slot = core.slotOfKey[key] else { continue }
                    if total == nil {
                        total = core.range(slot: Int(slot), tier: tier, function: function, from: from, to: to)
                        continue
                    }
                    scratch.withUnsafeMutableBufferPointer { buffer in
                        core.read(slot: Int(slot), tier: tier, function: function, first: range.first, last: range.last, into: buffer)
                    }
                    total?.values.withUnsafeMutableBufferPointer { sums in
                        for index in 0..<min(sums.count, scratch.count) {
                            let value = scratch[index]
                            if value.isNaN { continue }
                            sums[index] = sums[index].isNaN ? value : sums[index] + value
                        }
                    }
                }
                return true
            }
            guard valid else { return nil }
        }
        return total
    }

    /// Series read per lock round trip by the batch reads.
    static let readChunk = 256
}

extension TimeSeriesStore {
    /// The values of many series from one tier, read under one lock (one lock round trip and
    /// one allocation instead of one per key): row `i` of the block is what
    /// `query(keys[i], tier:from:to:function:)` returns, or NaN with `found[i]` false where the
    /// store holds no such series. Nil if there is no such tier, it does not keep `function`,
    /// the window is invalid, or the block would hold more than 50 M values. Read a large set in
    /// chunks (a few hundred keys) so that appends are not held up for long, passing the
    /// previous chunk's block as `reusing`: its storage is reused instead of allocating (and
    /// page-faulting) megabytes per chunk.
    public func query(_ keys: [SeriesKey], tier: Int, from: Double, to: Double, function: ConsolidationFunction = .average,
                      reusing previous: consuming SeriesBlock? = nil) -> SeriesBlock? {
        var storage = previous?.values ?? []
        previous = nil  // the storage is now referenced once, so it can be overwritten in place
        return core.withLock { core -> SeriesBlock? in
            guard tier >= 0, tier < core.layouts.count, tier == 0 || core.layouts[tier].functions.contains(function),
                  let range = core.buckets(tier: tier, from: from, to: to, maxPoints: maximumQueryPoints)
            else { return nil }
            let width = Int(range.last - range.first + 1)
            guard width.multipliedReportingOverflow(by: max(1, keys.count)).overflow == false,
                  width * keys.count <= maximumQueryPoints else { return nil }
            var found = [Bool](repeating: false, count: keys.count)
            var values = storage
            storage = []
            values.removeAll(keepingCapacity: true)
            values.append(contentsOf: repeatElement(.nan, count: width * keys.count))
            values.withUnsafeMutableBufferPointer { buffer in
                for (index, key) in keys.enumerated() {
                    guard let slot = core.slotOfKey[key], let base = buffer.baseAddress else { continue }
                    found[index] = true
                    core.read(slot: Int(slot), tier: tier, function: function, first: range.first, last: range.last,
                              into: UnsafeMutableBufferPointer(start: base + index * width, count: width))
                }
            }
            let step = Double(core.layouts[tier].step)
            return SeriesBlock(start: Double(range.first) * step, step: step, tier: tier, function: tier == 0 ? .average : function,
                               width: width, found: found, values: values)
        }
    }
}
