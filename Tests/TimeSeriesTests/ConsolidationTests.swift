import Foundation
import Testing
@testable import TimeSeries

@Suite struct ConsolidationTests {
    func store(xff: Double = 0.5) throws -> TimeSeriesStore {
        try TimeSeriesStore(configuration: smallConfiguration(xff: xff), directory: nil, clock: { 3_000 })
    }

    @Test func coarseRowsConsolidateAverageMinimumMaximumLast() throws {
        let store = try store()
        for (t, v) in [(3_000.0, 1.0), (3_010, 2), (3_020, 6), (3_030, 10), (3_040, 4)] {
            #expect(store.append(keyA, timestamp: t, value: v) == .accepted)
        }
        // Bucket 3000–3029 is closed once the raw step 3030 has closed (at the 3040 sample).
        #expect(store.query(keyA, tier: 1, from: 3_000, to: 3_029, function: .average)?.values == [3])
        #expect(store.query(keyA, tier: 1, from: 3_000, to: 3_029, function: .minimum)?.values == [1])
        #expect(store.query(keyA, tier: 1, from: 3_000, to: 3_029, function: .maximum)?.values == [6])
        #expect(store.query(keyA, tier: 1, from: 3_000, to: 3_029, function: .last)?.values == [6])
        // The bucket being filled is not written yet.
        let open = try #require(store.query(keyA, tier: 1, from: 3_030, to: 3_059))
        #expect(open.values.count == 1 && open.values[0].isNaN)
        let raw = try #require(store.query(keyA, tier: 0, from: 3_000, to: 3_040))
        #expect(raw.values == [1, 2, 6, 10, 4])
        #expect(raw.timestamps == [3_000, 3_010, 3_020, 3_030, 3_040])
        #expect(raw.step == 10 && raw.tier == 0)
    }

    @Test func samplesInOneRawStepAreAveraged() throws {
        let store = try store()
        #expect(store.latest(keyA) == nil)
        store.append(keyA, timestamp: 3_000, value: 4)
        #expect(store.latest(keyA)?.value == 4)
        store.append(keyA, timestamp: 3_003, value: 8)
        #expect(store.latest(keyA)?.timestamp == 3_003)
        #expect(store.latest(keyA)?.value == 6)
        store.append(keyA, timestamp: 3_009.5, value: 12)
        #expect(store.query(keyA, tier: 0, from: 3_000, to: 3_000)?.values == [8])
    }

    @Test func missedPollsAreUnknownNeverZero() throws {
        let store = try store()
        store.append(keyA, timestamp: 3_000, value: 5)
        store.append(keyA, timestamp: 3_030, value: 7)   // 3010 and 3020 missed
        store.append(keyA, timestamp: 3_040, value: .nan) // an explicitly unknown poll
        store.append(keyA, timestamp: 3_050, value: 1)
        let raw = try #require(store.query(keyA, tier: 0, from: 3_000, to: 3_050))
        #expect(sameValues(raw.values, [5, .nan, .nan, 7, .nan, 1]))
        #expect(!raw.values.contains(0))
        // The 30 s bucket 3000–3029 had 1 of 3 values known: below xff 0.5, so unknown.
        let coarse = try #require(store.query(keyA, tier: 1, from: 3_000, to: 3_029))
        #expect(coarse.values.count == 1 && coarse.values[0].isNaN)
        #expect(store.statistics.samplesAccepted == 4)
    }

    @Test func xFilesFactorDecidesWhetherAPartlyKnownRowIsKnown() throws {
        // 2 of 3 raw values known in the bucket 3000–3029.
        func coarseValue(xff: Double) throws -> Double {
            let store = try store(xff: xff)
            store.append(keyA, timestamp: 3_000, value: 3)
            store.append(keyA, timestamp: 3_020, value: 9)
            store.append(keyA, timestamp: 3_030, value: 1)
            store.append(keyA, timestamp: 3_040, value: 1)
            return try #require(store.query(keyA, tier: 1, from: 3_000, to: 3_029)?.values.first)
        }
        #expect(try coarseValue(xff: 0.5) == 6)    // 1/3 unknown ≤ 0.5: known, mean of the known
        #expect(try coarseValue(xff: 0.34) == 6)   // 1/3 ≤ 0.34
        #expect(try coarseValue(xff: 0.3).isNaN)   // 1/3 > 0.3
        #expect(try coarseValue(xff: 0).isNaN)
    }

    @Test func outOfOrderAndDuplicateSamplesAreDroppedAndCounted() throws {
        let store = try store()
        #expect(store.append(keyA, timestamp: 3_000, value: 1) == .accepted)
        #expect(store.append(keyA, timestamp: 3_000, value: 2) == .outOfOrder)
        #expect(store.append(keyA, timestamp: 2_990, value: 3) == .outOfOrder)
        #expect(store.append(keyA, timestamp: 3_001, value: .infinity) == .invalid)
        #expect(store.append(keyA, timestamp: -5, value: 1) == .outOfOrder)
        // Far ahead of the clock (3000 + a day of skew): a bogus timestamp must not blank the
        // rings and lock out the correct samples after it.
        #expect(store.append(keyA, timestamp: 3_000 + 86_401, value: 1) == .invalid)
        #expect(store.append(keyB, timestamp: 1e12, value: 1) == .invalid)
        #expect(store.append(keyA, timestamp: 3_010, value: 2) == .accepted)
        #expect(store.query(keyA, tier: 0, from: 3_000, to: 3_010)?.values == [1, 2])
        let statistics = store.statistics
        #expect(statistics.samplesOutOfOrder == 3)
        #expect(statistics.samplesInvalid == 3)
        #expect(statistics.samplesAccepted == 2)
    }

    @Test func ringWrapKeepsOnlyTheNewestRows() throws {
        let store = try store()
        for index in 0..<10 {
            store.append(keyA, timestamp: 3_000 + Double(index) * 10, value: Double(index))
        }
        let raw = try #require(store.query(keyA, tier: 0, from: 3_000, to: 3_090))
        // 6 rows: buckets 3040…3090 remain; older ones were overwritten and read as unknown.
        #expect(sameValues(raw.values, [.nan, .nan, .nan, .nan, 4, 5, 6, 7, 8, 9]))
        // A gap longer than the ring leaves only the newest value.
        store.append(keyA, timestamp: 5_000, value: 42)
        let after = try #require(store.query(keyA, tier: 0, from: 4_950, to: 5_000))
        #expect(sameValues(after.values, [.nan, .nan, .nan, .nan, .nan, 42]))
        // The coarse ring wrapped too and marks skipped buckets unknown: 4 rows of 30 s.
        store.append(keyA, timestamp: 5_010, value: 1)
        store.append(keyA, timestamp: 5_020, value: 1)
        store.append(keyA, timestamp: 5_030, value: 1)
        store.append(keyA, timestamp: 5_040, value: 1)
        store.append(keyA, timestamp: 5_050, value: 1)
        // 4980–5009 held only one known value (42) of three: unknown under xff 0.5.
        let coarse = try #require(store.query(keyA, tier: 1, from: 4_920, to: 5_009))
        #expect(sameValues(coarse.values, [.nan, .nan, .nan]))
        #expect(store.query(keyA, tier: 1, from: 5_010, to: 5_039)?.values == [1])
        // The rows before the gap were overwritten with unknown, not left from the old lap.
        #expect(store.query(keyA, tier: 1, from: 3_000, to: 3_119)?.knownCount == 0)
    }

    @Test func aYearOfSyntheticSamplesLandsInTheRightTiers() throws {
        let start = 1_672_531_200.0 // 2023-01-01 00:00 UTC
        let clock = TestClock(start)
        let store = try TimeSeriesStore(configuration: StoreConfiguration(), directory: nil, clock: clock.function)
        let handle = try #require(store.handle(for: keyA))
        // One sample a minute for 365 days; the value is the day number, so every consolidated
        // row of day d must be exactly d. Every 1000th poll is missed (xff keeps rows known).
        let minutes = 365 * 1_440
        var batch: [HandleSample] = []
        batch.reserveCapacity(minutes)
        for minute in 0..<minutes {
            let t = start + Double(minute) * 60
            batch.append(HandleSample(handle: handle, timestamp: t, value: minute % 1_000 == 999 ? .nan : Double(minute / 1_440)))
        }
        clock.set(start + Double(minutes) * 60)
        let outcome = store.append(batch)
        #expect(outcome.accepted == minutes)
        let end = start + Double(minutes) * 60 - 1

        // Daily tier: 365 days, each row its day number.
        let daily = try #require(store.query(keyA, from: start, to: end - 86_400))
        #expect(daily.tier == 3 || daily.tier == 2)
        let days = try #require(store.query(keyA, tier: 3, from: start, to: end - 86_400))
        #expect(days.values == (0..<364).map(Double.init))
        // A year fits in the 400-day hourly tier: finest covering a year.
        #expect(store.query(keyA, from: start + 3_600, to: end)?.tier == 2)
        let hours = try #require(store.query(keyA, tier: 2, from: start, to: start + 48 * 3_600 - 1))
        #expect(hours.values == Array(repeating: 0, count: 24) + Array(repeating: 1, count: 24))
        // The 5-minute tier holds the last 35 days only.
        let fiveMinuteOld = try #require(store.query(keyA, tier: 1, from: start, to: start + 3_600))
        #expect(fiveMinuteOld.knownCount == 0)
        let fiveMinuteRecent = try #require(store.query(keyA, tier: 1, from: end - 30 * 86_400, to: end - 300))
        #expect(fiveMinuteRecent.knownCount == fiveMinuteRecent.values.count)
        #expect(store.query(keyA, from: end - 30 * 86_400, to: end)?.tier == 1)
        // Raw keeps 48 hours.
        #expect(store.query(keyA, tier: 0, from: end - 47 * 3_600, to: end)?.knownCount ?? 0 > 2_800)
        #expect(store.query(keyA, tier: 0, from: end - 50 * 3_600, to: end - 49 * 3_600)?.knownCount == 0)
        #expect(store.query(keyA, from: end - 3_600, to: end)?.tier == 0)
        // Maximum of the year from the daily maximum ring.
        // (The hourly tier answers: its rows reach into the last day, 364.)
        #expect(store.aggregate(.maximum, of: keyA, from: start, to: end).value == 364)
        #expect(store.aggregate(.average, of: keyA, from: start, to: end).tier == 2)
    }
}
