import IXPCore
import Testing

@Suite struct PercentileTests {
    @Test func nearestRankSkipsUnknownValues() {
        let values: [Double] = [15, .nan, 20, 35, 40, .nan, 50]
        // Nearest rank on the 5 known values: ⌈p/100 · 5⌉.
        #expect(Percentile.nearestRank(values, 5) == 15)
        #expect(Percentile.nearestRank(values, 30) == 20)
        #expect(Percentile.nearestRank(values, 40) == 20)
        #expect(Percentile.nearestRank(values, 50) == 35)
        #expect(Percentile.nearestRank(values, 95) == 50)
        #expect(Percentile.nearestRank(values, 100) == 50)
        #expect(Percentile.nearestRank(values, 0) == 15)
        #expect(Percentile.nearestRank(values, 150) == 50)
        #expect(Percentile.nearestRank(values, [50, 95, 5]) == [35, 50, 15])
    }

    @Test func nothingKnownGivesNil() {
        #expect(Percentile.nearestRank([Double.nan, .nan], 95) == nil)
        #expect(Percentile.nearestRank([Double](), 50) == nil)
        #expect(Percentile.nearestRank([1.0, 2], .nan) == nil)
        #expect(Percentile.nearestRank([1.0, 2], [50, .nan]) == nil)
        #expect(Percentile.median([Double.nan]) == nil)
        var empty: [Double] = []
        #expect(Percentile.nearestRank(known: &empty, 95) == nil)
    }

    @Test func billingsNinetyFifthDropsTheTopFivePercent() {
        // 100 samples 1…100 in a scrambled order: the 95th percentile is the 95th smallest.
        var samples = (0..<100).map { Double(($0 * 37) % 100 + 1) }
        #expect(Percentile.nearestRank(known: &samples, 95) == 95)
        #expect(samples.count == 100 && Set(samples).count == 100, "reordered, nothing lost")
        var twenty = (1...20).map(Double.init)
        #expect(Percentile.nearestRank(known: &twenty, 95) == 19)  // rank ⌈0.95 · 20⌉ = 19
        var one = [42.0]
        #expect(Percentile.nearestRank(known: &one, 95) == 42)
    }

    @Test func agreesWithSortingOnLargeSeries() {
        var generator = SplitMix64(seed: 7)
        for trial in 0..<20 {
            let n = 1 + trial * 37
            let values = (0..<n).map { _ in generator.nextUnit() < 0.1 ? .nan : (generator.nextUnit() * 10).rounded() }
            let sorted = values.filter { !$0.isNaN }.sorted()
            for p in [1.0, 25, 50, 90, 95, 99] {
                let expected: Double? = sorted.isEmpty
                    ? nil : sorted[max(1, Int((p / 100 * Double(sorted.count)).rounded(.up))) - 1]
                #expect(Percentile.nearestRank(values, p) == expected)
            }
            if !sorted.isEmpty {
                let middle = sorted.count / 2
                let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
                #expect(Percentile.median(values) == median)
            }
        }
    }

    @Test func percentileSelectionMatchesSorting() {
        var generator = SystemRandomNumberGenerator()
        for size in [1, 2, 3, 10, 101, 1_000] {
            let values = (0..<size).map { _ in Double(Int.random(in: 0..<50, using: &generator)) }
            for p in [0.0, 1, 50, 95, 99, 100] {
                var copy = values
                let sorted = values.sorted()
                let rank = max(1, Int((p / 100 * Double(size)).rounded(.up)))
                #expect(Percentile.nearestRank(known: &copy, p) == sorted[rank - 1])
            }
        }
    }

    @Test func medianIsTheMeanOfTheTwoMiddleValuesForAnEvenCount() {
        #expect(Percentile.median([3, .nan, 1, 2]) == 2)
        #expect(Percentile.median([4, 1, 3, 2]) == 2.5)
        #expect(Percentile.median([7]) == 7)
    }
}
