import Foundation
import Testing
@testable import TimeSeries

@Suite struct PollRateTests {
    @Test func ratesAreRoundedToMultiplesOfOneOverTheInterval() {
        // 61,000 bytes over 60.013 s: 1,016.4 B/s measured, 60,987 / 60 stored.
        let rate = PollRate.perSecond(61_000, seconds: 60.013, interval: 60)
        #expect(rate == 60_987.0 / 60)
        #expect(abs(rate - 61_000 / 60.013) <= 0.5 / 60)
        // A small count comes back whole over a jittered poll: 1 error → exactly 1/60 per second.
        #expect(PollRate.perSecond(1, seconds: 60.4, interval: 60) == 1.0 / 60)
        #expect(PollRate.perSecond(0, seconds: 59.7, interval: 60) == 0)
        #expect(PollRate.perSecond(7, seconds: 15.2, interval: 15) == 7.0 / 15)
    }

    @Test func theRoundingErrorStaysUnderHalfAUnitPerInterval() {
        var generator = CompressionTests.Generator(state: 9)
        for _ in 0..<10_000 {
            let growth = generator.next() % 200_000_000_000
            let seconds = 60 + Double(Int(generator.next() % 2_001) - 1_000) / 1_000
            let rate = PollRate.perSecond(growth, seconds: seconds, interval: 60)
            #expect(abs(rate - Double(growth) / seconds) <= 0.5 / 60 + 1e-9 * Double(growth) / seconds)
            // What the store's codec sees: exactly n / 60.
            #expect(rate == (rate * 60).rounded() / 60)
        }
    }

    @Test func intervalsThatCannotBeRoundedKeepTheMeasuredRate() {
        #expect(PollRate.perSecond(1_000, seconds: 7, interval: nil) == 1_000.0 / 7)
        #expect(PollRate.perSecond(1_000, seconds: 7, interval: 2.5) == 1_000.0 / 7)
        #expect(PollRate.perSecond(1_000, seconds: 7, interval: 0.5) == 1_000.0 / 7)
        #expect(PollRate.perSecond(1_000, seconds: 7, interval: 2 * 86_400) == 1_000.0 / 7)
        #expect(PollRate.perSecond(UInt64.max, seconds: 0.001, interval: 60) == Double(UInt64.max) / 0.001)
        #expect(PollRate.perSecond(5, seconds: 0, interval: 60).isNaN)
        #expect(PollRate.perSecond(5, seconds: -1, interval: 60).isNaN)
        #expect(PollRate.perSecond(5, seconds: .infinity, interval: 60).isNaN)
    }

    /// A store whose raw step is 15 s (another probe) holding 60 s polls' rates: with the poll
    /// interval among `rateScales`, closed chunks and the snapshot keep them as integers.
    @Test func rateScalesLetAStoreKeepAnotherIntervalsRatesAsIntegers() throws {
        func snapshotBytes(rateScales: [Int]) throws -> (bytes: Int, values: [UInt64]) {
            let directory = try makeTemporaryDirectory()
            defer { cleanup(directory) }
            var configuration = StoreConfiguration(tiers: StoreConfiguration.defaultTiers(rawStep: 15), maxSeries: 10)
            configuration.rateScales = rateScales
            let start = 1_700_000_000.0
            let clock = TestClock(start)
            let key = SeriesKey(name: "ixp_interface_receive_bytes_per_second", labels: ["interface": "e1"])
            let store = try TimeSeriesStore(configuration: configuration, directory: directory, clock: clock.function)
            var generator = CompressionTests.Generator(state: 4)
            for poll in 0..<(3 * 1_440) {
                let seconds = 60 + Double(Int(generator.next() % 401) - 200) / 1_000
                clock.set(start + Double(poll) * 60 + 1)
                let growth = 60_000_000_000 + generator.next() % 12_000_000_000
                store.append(key, timestamp: clock.now, value: PollRate.perSecond(growth, seconds: seconds, interval: 60))
            }
            try store.checkpoint()
            let values = [0, 1, 2].flatMap { tier in
                (store.query(key, tier: tier, from: start, to: clock.now, function: .maximum)
                    ?? store.query(key, tier: tier, from: start, to: clock.now, function: .average))?.values.map(\.bitPattern) ?? []
            }
            let restored = try TimeSeriesStore(configuration: configuration, directory: directory, clock: clock.function)
            let again = [0, 1, 2].flatMap { tier in
                (restored.query(key, tier: tier, from: start, to: clock.now, function: .maximum)
                    ?? restored.query(key, tier: tier, from: start, to: clock.now, function: .average))?.values.map(\.bitPattern) ?? []
            }
            #expect(again == values)
            return (store.statistics.snapshotBytes, values)
        }
        let without = try snapshotBytes(rateScales: [])
        let with = try snapshotBytes(rateScales: [60])
        #expect(with.values == without.values)
        #expect(Double(with.bytes) < Double(without.bytes) * 0.9, "with the 60 s scale \(with.bytes) B, without \(without.bytes) B")
    }
}
