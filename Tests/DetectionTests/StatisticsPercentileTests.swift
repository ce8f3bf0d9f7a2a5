import Testing
@testable import Detection

@Suite struct StatisticsPercentileTests {
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
