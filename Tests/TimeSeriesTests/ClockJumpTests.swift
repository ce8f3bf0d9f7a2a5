import Foundation
import Synchronization
import Testing
@testable import TimeSeries

/// The wall clock jumping under the store (an NTP step, a bad hardware clock at boot). Rates
/// never see it (the probes measure intervals on the monotonic clock); the store sees samples
/// stamped with the jumped time.
@Suite struct ClockJumpTests {
    let start = 1_700_000_040.0 // a minute boundary

    func raw(_ store: TimeSeriesStore, from: Double, to: Double) -> [Double] {
        store.query(keyA, from: from, to: to)?.values ?? []
    }

    @Test func aBackwardJumpDropsAndCountsTheEarlierSamplesAndKeepsTheHistory() throws {
        let clock = TestClock(start)
        let store = try TimeSeriesStore(configuration: StoreConfiguration(), directory: nil, clock: clock.function)
        for minute in 0..<10 {
            clock.set(start + Double(minute) * 60)
            #expect(store.append(keyA, timestamp: clock.now, value: Double(minute)) == .accepted)
        }
        let before = raw(store, from: start, to: start + 540)
        // The clock steps back an hour: samples stamped in the past of the series are refused
        // and counted, never written over the history.
        clock.set(start - 3_600)
        for minute in 0..<5 {
            clock.advance(60)
            #expect(store.append(keyA, timestamp: clock.now, value: -1) == .outOfOrder)
        }
        #expect(store.statistics.samplesOutOfOrder == 5)
        #expect(sameValues(raw(store, from: start, to: start + 540), before))
        #expect(raw(store, from: start - 3_600, to: start + 540).allSatisfy { $0.isNaN || $0 >= 0 })
        // Once the clock has passed the newest sample again, samples are taken again.
        clock.set(start + 600)
        #expect(store.append(keyA, timestamp: clock.now, value: 10) == .accepted)
        #expect(store.latest(keyA)?.value == 10)
    }

    @Test func pollsRefusedBecauseTheNewestSampleIsAheadAreNotedOnceAndClearWhenTakenAgain() throws {
        let clock = TestClock(start)
        let store = try TimeSeriesStore(configuration: StoreConfiguration(), directory: nil, clock: clock.function)
        func poll(_ keys: [SeriesKey]) -> BatchOutcome {
            store.append(keys.map { Sample(key: $0, timestamp: clock.now, value: 1) })
        }
        // The clock runs an hour ahead for ten minutes of polls.
        clock.set(start + 3_600)
        for _ in 0..<10 {
            clock.advance(60)
            let outcome = poll([keyA, keyB])
            #expect(outcome.accepted == 2 && outcome.startedRefusingAhead == nil && !outcome.stoppedRefusingAhead)
        }
        #expect(store.newestSampleAhead == 0)
        let newest = clock.now
        // Set back to the right time: the first poll refused says how far ahead, once.
        clock.set(start)
        let first = poll([keyA, keyB, keyC])  // a new series is taken; most of the poll is not
        #expect(first.outOfOrder == 2 && first.accepted == 1)
        #expect(first.startedRefusingAhead == newest - start)
        #expect(store.newestSampleAhead == newest - start)
        #expect(store.statistics.newestSampleAheadSeconds == newest - start)
        clock.advance(60)
        let second = poll([keyA, keyB, keyC])
        #expect(second.startedRefusingAhead == nil, "said once, not per poll")
        #expect(store.newestSampleAhead == newest - start - 60, "the distance shrinks as the clock runs")
        // A poll that is only partly refused (fewer than half) says nothing and clears it.
        clock.advance(60)
        _ = poll([keyA])
        let mostlyTaken = store.append([Sample(key: keyC, timestamp: clock.now + 1, value: 1),
                                        Sample(key: SeriesKey(name: "other", labels: [:]), timestamp: clock.now + 1, value: 1),
                                        Sample(key: keyA, timestamp: clock.now + 1, value: 1)])
        #expect(mostlyTaken.accepted == 2 && mostlyTaken.stoppedRefusingAhead)
        #expect(store.newestSampleAhead == 0 && store.statistics.newestSampleAheadSeconds == 0)
        // Refused again, then the clock passes the newest sample: taken again, and said so.
        clock.advance(60)
        #expect(poll([keyA, keyB]).startedRefusingAhead != nil)
        clock.set(newest + 60)
        let again = poll([keyA, keyB])
        #expect(again.accepted == 2 && again.stoppedRefusingAhead && again.startedRefusingAhead == nil)
        #expect(store.newestSampleAhead == 0)
    }

    @Test func duplicatePollsWithTheClockRightAreNotAClockStep() throws {
        let clock = TestClock(start)
        let store = try TimeSeriesStore(configuration: StoreConfiguration(), directory: nil, clock: clock.function)
        store.append([Sample(key: keyA, timestamp: start, value: 1)])
        // The same timestamp again: out of order, but the newest sample is not ahead of the clock.
        let repeated = store.append([Sample(key: keyA, timestamp: start, value: 2)])
        #expect(repeated.outOfOrder == 1 && repeated.startedRefusingAhead == nil)
        #expect(store.newestSampleAhead == 0)
    }

    @Test func aForwardJumpLeavesTheSkippedTimeUnknownWithoutFillingIt() throws {
        let clock = TestClock(start)
        let store = try TimeSeriesStore(configuration: StoreConfiguration(), directory: nil, clock: clock.function)
        for minute in 0..<10 {
            clock.set(start + Double(minute) * 60)
            store.append(keyA, timestamp: clock.now, value: 5)
        }
        // A year and a month ahead, in one step.
        let jump = 400 * 86_400.0
        clock.set(start + jump)
        #expect(store.append(keyA, timestamp: clock.now, value: 7) == .accepted)
        clock.advance(60)
        #expect(store.append(keyA, timestamp: clock.now, value: 7) == .accepted)
        // The skipped time is unknown in every tier, not the last value carried forward.
        for (from, to) in [(start + 3_600, start + 7_200), (start + 100 * 86_400, start + 101 * 86_400),
                           (start + 200 * 86_400, start + 300 * 86_400)] {
            let values = raw(store, from: from, to: to)
            #expect(!values.isEmpty && values.allSatisfy(\.isNaN), "from \(from) to \(to): \(values.filter { !$0.isNaN }.prefix(5))")
        }
        // Nothing allocated per skipped step: one series stays within its rings (the
        // compressed tiers' chunks add a little to the uncompressed layout's size).
        let bound = 2 * store.core.withLock { $0.seriesLayout.totalBytes }
        #expect(store.statistics.bytesAllocated <= bound, "\(store.statistics.bytesAllocated) bytes of at most \(bound)")
        #expect(store.latest(keyA)?.value == 7)
        #expect(store.statistics.samplesInvalid == 0)
    }

    @Test func aSampleMoreThanTheSkewAheadOfTheClockIsRefused() throws {
        let clock = TestClock(start)
        let store = try TimeSeriesStore(configuration: StoreConfiguration(), directory: nil, clock: clock.function)
        store.append(keyA, timestamp: start, value: 1)
        // A probe whose own clock is a year ahead of the store's: refused, counted, and the
        // series keeps taking correct samples afterwards.
        #expect(store.append(keyA, timestamp: start + 365 * 86_400, value: 2) == .invalid)
        #expect(store.statistics.samplesInvalid == 1)
        clock.advance(60)
        #expect(store.append(keyA, timestamp: clock.now, value: 3) == .accepted)
        #expect(store.latest(keyA)?.value == 3)
    }
}
