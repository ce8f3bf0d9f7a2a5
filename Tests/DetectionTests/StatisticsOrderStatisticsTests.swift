import Testing
@testable import Detection
import IXPCore

@Suite struct StatisticsOrderStatisticsTests {
    @Test func selectionAgreesWithSorting() {
        var generator = SeededGenerator(seed: 11)
        for (count, distinct) in [(1, 10), (2, 2), (601, 5), (5_000, 1_000_000), (20_000, 3), (20_000, 20_000)] {
            let values = (0..<count).map { _ in Double(Int(generator.uniform() * Double(distinct))) }
            let sorted = values.sorted()
            for k in Set([0, count / 3, count / 2, count - 1, Int(generator.uniform() * Double(count))]) {
                var copy = values
                let selected = copy.withUnsafeMutableBufferPointer {
                    OrderStatistics.select($0, k, low: 0, high: $0.count - 1)
                }
                #expect(selected == sorted[k], "count \(count), k \(k)")
                #expect(copy[..<k].allSatisfy { $0 <= selected } && copy[k...].allSatisfy { $0 >= selected })
            }
        }
    }

    @Test func averageRanksGiveTiesTheirMeanRank() {
        #expect(TrendKernels.averageRanks([3, 1, 3, 2]) == [3.5, 1, 3.5, 2])
    }
}
