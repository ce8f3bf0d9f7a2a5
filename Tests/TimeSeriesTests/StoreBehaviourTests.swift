import Foundation
import Synchronization
import Testing
@testable import TimeSeries

@Suite struct StoreBehaviourTests {
    let day = 1_699_920_000.0 // a UTC midnight

    @Test func queriesPickTheFinestTierThatCoversTheRange() throws {
        let store = try TimeSeriesStore(configuration: StoreConfiguration(), directory: nil)
        store.append(keyA, timestamp: day, value: 1)
        #expect(store.query(keyA, from: day - 3_600, to: day)?.tier == 0)
        #expect(store.query(keyA, from: day - 47 * 3_600, to: day)?.tier == 0)
        #expect(store.query(keyA, from: day - 3 * 86_400, to: day)?.tier == 1)
        #expect(store.query(keyA, from: day - 100 * 86_400, to: day)?.tier == 2)
        #expect(store.query(keyA, from: day - 2 * 365 * 86_400, to: day)?.tier == 3)
        #expect(store.query(keyA, from: day - 20 * 365 * 86_400, to: day)?.tier == 3)
        // Only the raw and 5-minute tiers keep minima: the 5-minute tier reaches furthest.
        #expect(store.query(keyA, from: day - 100 * 86_400, to: day, function: .minimum)?.tier == 1)
        #expect(store.query(keyA, from: day - 100 * 86_400, to: day, function: .maximum)?.tier == 2)
        #expect(store.query(keyB, from: day - 60, to: day) == nil)
    }

    @Test func theCapRefusesNewSeriesAndCountsThem() throws {
        var configuration = smallConfiguration(maxSeries: 2)
        configuration.reclaimAfter = 600
        let store = try TimeSeriesStore(configuration: configuration, directory: nil, clock: { 3_000 })
        #expect(store.append(keyA, timestamp: 3_000, value: 1) == .accepted)
        #expect(store.append(keyB, timestamp: 3_000, value: 1) == .accepted)
        #expect(store.append(keyC, timestamp: 3_000, value: 1) == .refusedOverCap)
        #expect(store.append(keyC, timestamp: 3_010, value: 1) == .refusedOverCap)
        #expect(store.handle(for: keyC) == nil)
        #expect(store.append(keyA, timestamp: 3_010, value: 1) == .accepted)
        let statistics = store.statistics
        #expect(statistics.seriesCount == 2)
        #expect(statistics.samplesRefusedOverCap == 2)
        #expect(statistics.seriesRefusedOverCap == 1)
        #expect(statistics.bytesAllocated == 2 * store.core.withLock { $0.seriesLayout.totalBytes })  // no coarse row written yet
        #expect(!store.contains(keyC))
        // Freeing a slot lets the next series in.
        #expect(store.remove(keyB))
        #expect(store.append(keyC, timestamp: 3_020, value: 1) == .accepted)
    }

    @Test func staleSeriesAreMarkedThenReclaimed() throws {
        let clock = TestClock(3_000)
        var configuration = smallConfiguration()
        configuration.staleAfter = 600
        configuration.reclaimAfter = 3_600
        let store = try TimeSeriesStore(configuration: configuration, directory: nil, clock: clock.function)
        let oldHandle = try #require(store.handle(for: keyA))
        store.append(handle: oldHandle, timestamp: 3_000, value: 1)
        store.append(keyB, timestamp: 3_000, value: 1)
        clock.set(3_500)
        store.append(keyB, timestamp: 3_500, value: 1)
        #expect(store.statistics.staleSeries == 0)
        clock.set(3_700)
        #expect(store.statistics.staleSeries == 1)          // A: no sample for 700 s
        #expect(store.reclaimStale() == 0)                   // not yet an hour
        clock.set(6_700)
        store.append(keyB, timestamp: 6_700, value: 1)
        #expect(store.reclaimStale() == 1)
        #expect(!store.contains(keyA))
        #expect(store.contains(keyB))
        #expect(store.statistics.staleSeriesReclaimed == 1)
        // The old handle cannot write into whatever takes the slot next.
        let newHandle = try #require(store.handle(for: keyC))
        #expect(newHandle.slot == oldHandle.slot)
        #expect(store.append(handle: oldHandle, timestamp: 6_800, value: 5) == .staleHandle)
        #expect(store.append(handle: newHandle, timestamp: 6_800, value: 5) == .accepted)
        // A series created but never appended to is reclaimed too, by its creation time.
        clock.set(20_000)
        store.append(keyB, timestamp: 20_000, value: 1)
        #expect(store.reclaimStale() == 1)
        #expect(!store.contains(keyC))
    }

    @Test func aggregatesAndSumsAcrossSeries() throws {
        let store = try TimeSeriesStore(configuration: smallConfiguration(), directory: nil, clock: { 3_000 })
        // Two ports of sw1, one of sw2; raw values at 3000…3050.
        let a: [Double] = [1, 2, 3, 4, 5, 6]
        let b: [Double] = [10, .nan, 30, 40, 50, 60]
        let c: [Double] = [100, 100, 100, 100, 100, 100]
        for index in 0..<6 {
            let t = 3_000 + Double(index) * 10
            store.append(keyA, timestamp: t, value: a[index])
            store.append(keyB, timestamp: t, value: b[index])
            store.append(keyC, timestamp: t, value: c[index])
        }
        let sw1 = SeriesSelector(name: keyA.name, matching: ["switch": "sw1"])
        let sum = try #require(store.sum(of: sw1, from: 3_000, to: 3_050))
        #expect(sum.values == [11, 2, 33, 44, 55, 66])
        #expect(store.aggregate(.maximum, of: sw1, from: 3_000, to: 3_050).value == 66)
        #expect(store.aggregate(.minimum, of: sw1, from: 3_000, to: 3_050).value == 2)
        #expect(store.aggregate(.average, of: sw1, from: 3_000, to: 3_050).value == 211.0 / 6)
        #expect(store.aggregate(.sum, of: sw1, from: 3_000, to: 3_050).value == 211)
        #expect(store.aggregate(.integral, of: sw1, from: 3_000, to: 3_050).value == 2_110)
        #expect(store.aggregate(.count, of: keyB, from: 3_000, to: 3_050).value == 5)
        #expect(store.aggregate(.average, of: keyB, from: 3_000, to: 3_050).value == 38)
        // Nearest rank: the 95th percentile of 6 values is the 6th smallest; the 50th the 3rd.
        #expect(store.aggregate(.percentile(95), of: sw1, from: 3_000, to: 3_050).value == 66)
        #expect(store.aggregate(.percentile(50), of: sw1, from: 3_000, to: 3_050).value == 33)
        let all = SeriesSelector(name: keyA.name)
        #expect(store.aggregate(.maximum, of: all, from: 3_000, to: 3_050).seriesCount == 3)
        let each = store.aggregateEach(.maximum, of: all, from: 3_000, to: 3_050)
        #expect(each[keyA]?.value == 6 && each[keyB]?.value == 60 && each[keyC]?.value == 100)
        let none = store.aggregate(.average, of: SeriesSelector(name: "nothing"), from: 3_000, to: 3_050)
        #expect(none.value.isNaN && none.seriesCount == 0)
    }

    @Test func dailyPeaksAndTheirMean() throws {
        var configuration = StoreConfiguration()
        configuration.tiers = StoreConfiguration.defaultTiers(rawStep: 300)
        let store = try TimeSeriesStore(configuration: configuration, directory: nil)
        // Three days of 5-minute values; day d peaks at 10 × (d + 1) at noon.
        for slot in 0..<(3 * 288) {
            let dayIndex = slot / 288
            let value = slot % 288 == 144 ? 10 * Double(dayIndex + 1) : 1
            store.append(keyA, timestamp: day + Double(slot) * 300, value: value)
        }
        let selector = SeriesSelector(name: keyA.name)
        let peaks = store.dailyPeaks(of: selector, from: day, to: day + 3 * 86_400 - 1)
        #expect(peaks.map(\.day) == [day, day + 86_400, day + 2 * 86_400])
        #expect(peaks.map(\.peak) == [10, 20, 30])
        #expect(store.aggregate(.meanDailyPeak, of: keyA, from: day, to: day + 3 * 86_400 - 1).value == 20)
    }

    @Test func concurrentAppendersAndReaders() async throws {
        let store = try TimeSeriesStore(configuration: StoreConfiguration(), directory: nil)
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    let key = SeriesKey(name: "m", labels: ["w": "\(writer)"])
                    guard let handle = store.handle(for: key) else { return }
                    for index in 0..<20_000 {
                        store.append(handle: handle, timestamp: day + Double(index) * 60, value: Double(index))
                    }
                }
            }
            group.addTask {
                for _ in 0..<200 { _ = store.aggregate(.maximum, of: SeriesSelector(name: "m"), from: day, to: day + 3_600) }
            }
        }
        #expect(store.statistics.samplesAccepted == 80_000)
        #expect(store.aggregate(.maximum, of: SeriesSelector(name: "m"), from: day + 19_999 * 60 - 3_600, to: day + 19_999 * 60).value == 4 * 19_999)
    }
}
