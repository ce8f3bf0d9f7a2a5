import IXPCore
import Testing

@Suite struct OrderStatisticsTests {
    @Test func selectionAgreesWithSorting() {
        var generator = SplitMix64(seed: 11)
        for (count, distinct) in [(1, 10), (2, 2), (601, 5), (5_000, 1_000_000), (20_000, 3), (20_000, 20_000)] {
            let values = (0..<count).map { _ in Double(Int(generator.nextUnit() * Double(distinct))) }
            let sorted = values.sorted()
            for k in Set([0, count / 3, count / 2, count - 1, Int(generator.nextUnit() * Double(count))]) {
                var copy = values
                let selected = copy.withUnsafeMutableBufferPointer {
                    OrderStatistics.select($0, k, low: 0, high: $0.count - 1)
                }
                #expect(selected == sorted[k], "count \(count), k \(k)")
                #expect(copy[..<k].allSatisfy { $0 <= selected } && copy[k...].allSatisfy { $0 >= selected })
            }
        }
    }

    @Test func selectionWithinASubrange() {
        var values: [Double] = [9, 8, 5, 3, 1, 7, 0]
        let selected = values.withUnsafeMutableBufferPointer { OrderStatistics.select($0, 2, low: 1, high: 5) }
        #expect(selected == 3)  // 8, 5, 3, 1, 7 sorted into indices 1...5: index 2 holds 3
        #expect(values.first == 9 && values.last == 0, "outside the range nothing moves")
    }

    @Test func sortedAndReversedInputs() {
        for values in [(0..<1_000).map(Double.init), (0..<1_000).reversed().map(Double.init)] {
            var copy = values
            #expect(copy.withUnsafeMutableBufferPointer { OrderStatistics.select($0, 950, low: 0, high: 999) } == 950)
        }
    }

    @Test func medians() {
        var odd: [Double] = [5, 1, 4, 2, 3]
        #expect(odd.withUnsafeMutableBufferPointer { OrderStatistics.median($0, count: 5) } == 3)
        var even: [Double] = [10, 1, 4, 2, 3, 20]
        #expect(even.withUnsafeMutableBufferPointer { OrderStatistics.median($0, count: 6) } == 3.5)
        var prefix: [Double] = [4, 2, 100, -100]
        #expect(prefix.withUnsafeMutableBufferPointer { OrderStatistics.median($0, count: 2) } == 3, "only the first `count`")
        var empty: [Double] = []
        #expect(empty.withUnsafeMutableBufferPointer { OrderStatistics.median($0, count: 0) }.isNaN)
        #expect(OrderStatistics.median(ofKnown: [Double.nan, 1, 2, .nan, 6]) == 2)
        #expect(OrderStatistics.median(ofKnown: [Double.nan]).isNaN)
        var generator = SplitMix64(seed: 3)
        let large = (0..<10_001).map { _ in Double(Int(generator.nextUnit() * 97)) }
        #expect(OrderStatistics.median(ofKnown: large) == large.sorted()[5_000])
    }
}
