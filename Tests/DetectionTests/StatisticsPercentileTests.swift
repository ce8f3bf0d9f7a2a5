import Testing
@testable import Detection
import IXPCore

@Suite struct StatisticsPercentileTests {
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
