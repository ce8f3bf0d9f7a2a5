import Foundation
import Testing
@testable import TimeSeries

/// The batch reads (many keys under one lock) give what the one-key reads give.
@Suite struct BatchReadTests {
    let day = 1_699_920_000.0 // a UTC midnight

    private func filledStore() throws -> TimeSeriesStore {
        let store = try TimeSeriesStore(configuration: StoreConfiguration(), directory: nil, clock: { 1_699_920_000 + 3 * 86_400 })
        for (index, key) in [keyA, keyB].enumerated() {
            for minute in 0..<(3 * 1_440) where minute % 7 != Int(index) {
                store.append(key, timestamp: day + Double(minute) * 60, value: Double(minute % 97 + index))
            }
        }
        return store
    }

    @Test func aBlockHoldsEachKeysQueryAndNaNForAMissingKey() throws {
        let store = try filledStore()
        let keys = [keyB, keyC, keyA]
        for tier in 0..<4 {
            for function in [ConsolidationFunction.average, .maximum, .minimum] {
                let from = day + 86_400 + 17, to = day + 3 * 86_400 - 1
                let block = store.query(keys, tier: tier, from: from, to: to, function: function)
                let single = keys.map { store.query($0, tier: tier, from: from, to: to, function: function) }
                guard let block else {
                    #expect(single.allSatisfy { $0 == nil }, "tier \(tier) \(function)")
                    continue
                }
                #expect(block.found == [true, false, true])
                for (index, range) in single.enumerated() {
                    let row = block.range(index)
                    #expect(row?.values.map(\.bitPattern) == range?.values.map(\.bitPattern), "tier \(tier) \(function) row \(index)")
                    #expect(row?.start == range?.start && row?.step == range?.step && row?.function == range?.function)
                }
                #expect(block.row(1).allSatisfy { $0.isNaN })
                // Reusing the block's storage gives the same values.
                let again = store.query(keys, tier: tier, from: from, to: to, function: function, reusing: block)
                #expect(again?.values.map(\.bitPattern) == block.values.map(\.bitPattern))
            }
        }
        #expect(store.query(keys, tier: 9, from: day, to: day + 60) == nil)
        #expect(store.query(keys, tier: 0, from: day + 60, to: day) == nil)
    }

    @Test func sumOfKeysAddsTheKnownValuesInOrder() throws {
        let store = try filledStore()
        let sum = store.sum(of: [keyA, keyC, keyB], tier: 1, from: day, to: day + 86_400)
        let a = try #require(store.query(keyA, tier: 1, from: day, to: day + 86_400))
        let b = try #require(store.query(keyB, tier: 1, from: day, to: day + 86_400))
        let expected = zip(a.values, b.values).map { $0.isNaN ? $1 : ($1.isNaN ? $0 : $0 + $1) }
        #expect(sum?.values.map(\.bitPattern) == expected.map(\.bitPattern))
        #expect(store.sum(of: [keyC], tier: 1, from: day, to: day + 86_400) == nil)
        #expect(store.sum(of: [keyA], tier: 3, from: day, to: day + 86_400, function: .minimum) == nil)
    }

    @Test func latestOfManyKeysIsEachKeysLatest() throws {
        let store = try filledStore()
        let batch = store.latest([keyA, keyC, keyB])
        #expect(batch.count == 3)
        #expect(batch[0]?.timestamp == store.latest(keyA)?.timestamp && batch[0]?.value == store.latest(keyA)?.value)
        #expect(batch[1] == nil)
        #expect(batch[2]?.timestamp == store.latest(keyB)?.timestamp && batch[2]?.value == store.latest(keyB)?.value)
    }

    @Test func keysByNameFollowCreationAndRemoval() throws {
        let store = try filledStore()
        let other = SeriesKey(name: "ixp_other", labels: ["switch": "sw1"])
        store.append(other, timestamp: day + 3 * 86_400, value: 1)
        let selector = SeriesSelector(name: keyA.name)
        #expect(store.keys(matching: selector) == [keyA, keyB])
        #expect(store.keys(matching: SeriesSelector(name: keyA.name, matching: ["interface": "Ethernet2"])) == [keyB])
        #expect(store.keys(matching: SeriesSelector(name: "ixp_other")) == [other])
        #expect(store.keys() == [keyA, keyB, other].sorted())
        #expect(store.remove(keyA))
        #expect(store.keys(matching: selector) == [keyB])
        #expect(store.remove(keyB))
        #expect(store.keys(matching: selector).isEmpty)
        store.append(keyC, timestamp: day + 3 * 86_400, value: 1)
        #expect(store.keys(matching: selector) == [keyC])
    }
}
