import Testing
@testable import Detection

@Suite struct StatisticsPercentileTests {
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
        #expect(Percentile.median([Double.nan]) == nil)
    }

    @Test func agreesWithSortingOnLargeSeries() {
        var generator = SeededGenerator(seed: 7)
        for trial in 0..<20 {
            let n = 1 + trial * 37
            let values = (0..<n).map { _ in generator.uniform() < 0.1 ? .nan : (generator.uniform() * 10).rounded() }
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

    @Test func knownFraction() {
        #expect(KnownFraction.of([Double]()) == 0)
        #expect(KnownFraction.of([1, .nan, 3, .nan]) == 0.5)
        let window = [Double](repeating: 1, count: 8) + [.nan, .nan]
        #expect(KnownFraction.isSufficient(window))
        #expect(!KnownFraction.isSufficient(window + [.nan]))
        #expect(!KnownFraction.isSufficient([Double]()))
        #expect(KnownFraction.isSufficient(window, minimum: 0.81) == false)
    }

    @Test func normalDistribution() {
        #expect(close(NormalDistribution.quantile(0.975), 1.959963984540054, 1e-13))
        #expect(close(NormalDistribution.quantile(0.5), 0, 1e-15))
        #expect(close(NormalDistribution.quantile(0.001), -3.090232306167813, 1e-12))
        #expect(close(NormalDistribution.quantile(0.95), 1.6448536269514722, 1e-13))
        #expect(close(NormalDistribution.cdf(1.959963984540054), 0.975, 1e-14))
        #expect(close(NormalDistribution.twoSidedPValue(-1.959963984540054), 0.05, 1e-13))
        #expect(NormalDistribution.quantile(1.5).isNaN)
        #expect(NormalDistribution.quantile(0) == -.infinity)
    }
}
