import Testing
@testable import Detection
import IXPCore

/// Properties on seeded random series: the tests find trends that are there and, mostly, none
/// that are not.
@Suite struct StatisticsTrendPropertyTests {
    @Test func aPurePositiveTrendIsSignificantAndRising() throws {
        for seed in UInt64(1)...20 {
            var generator = SplitMix64(seed: seed)
            let values = (0..<200).map { 50 + 0.05 * Double($0) + generator.gaussian() }
            let plain = try #require(TrendTest.mannKendall(values))
            let corrected = try #require(TrendTest.hamedRao(values))
            let line = try #require(TrendTest.theilSen(values))
            #expect(plain.p < 0.05 && plain.direction() == .increasing, "seed \(seed)")
            #expect(corrected.p < 0.05 && corrected.direction() == .increasing, "seed \(seed)")
            #expect(line.slope > 0 && line.lowerSlope > 0, "seed \(seed)")
            #expect(line.lowerSlope <= 0.05 && 0.05 <= line.upperSlope, "seed \(seed): the interval holds the true slope")
        }
    }

    @Test func whiteNoiseIsMostlyNotSignificant() throws {
        var plainRejections = 0
        var correctedRejections = 0
        var firstLagsRejections = 0
        var intervalMisses = 0
        for seed in UInt64(100)..<200 {
            var generator = SplitMix64(seed: seed)
            var values = (0..<120).map { _ in 10 + generator.gaussian() }
            values[17] = .nan
            values[60] = .nan
            if try #require(TrendTest.mannKendall(values)).p < 0.05 { plainRejections += 1 }
            if try #require(TrendTest.hamedRao(values)).p < 0.05 { correctedRejections += 1 }
            if try #require(TrendTest.hamedRao(values, maxLag: 3)).p < 0.05 { firstLagsRejections += 1 }
            let line = try #require(TrendTest.theilSen(values))
            if !(line.lowerSlope <= 0 && 0 <= line.upperSlope) { intervalMisses += 1 }
        }
        // About 5 of 100 at α = 0.05; allow sampling noise. Hamed–Rao over all lags is known to be
        // liberal on white noise (pymannkendall rejects about 10 % at n = 120: spurious
        // "significant" lags, some negative, shrink the variance); over the first 3 lags it is not.
        #expect(plainRejections <= 10)
        #expect(correctedRejections <= 18)
        #expect(firstLagsRejections <= 10)
        #expect(intervalMisses <= 10)
    }

    @Test func autocorrelationWidensTheVariance() throws {
        var widened = 0
        for seed in UInt64(300)..<320 {
            var generator = SplitMix64(seed: seed)
            var e = 0.0
            let values = (0..<200).map { _ -> Double in
                e = 0.8 * e + generator.gaussian()
                return e
            }
            let result = try #require(TrendTest.hamedRao(values))
            if result.varianceFactor > 1.5 { widened += 1 }
        }
        #expect(widened >= 18)
    }

    @Test func weeklySeasonalFlatSeriesHasNoDeseasonalisedTrend() throws {
        var significant = 0
        for seed in UInt64(1)...30 {
            var generator = SplitMix64(seed: seed)
            let values = (0..<180).map { 100 * weeklyShape[$0 % 7] * (1 + 0.04 * generator.gaussian()) }
            let adjusted = try #require(Deseasonalizer.weeklyOnDaily().adjust(values))
            if try #require(TrendTest.hamedRao(adjusted)).p < 0.05 { significant += 1 }
        }
        #expect(significant <= 4)
    }

    @Test func weeklySeasonalSeriesLosingThirtyPercentOverTwoQuartersIsSignificantlyFalling() throws {
        for seed in UInt64(1)...30 {
            var generator = SplitMix64(seed: seed)
            let values = (0..<182).map { day -> Double in
                let level = 100 * (1 - 0.3 * Double(day) / 182)
                return level * weeklyShape[day % 7] * (1 + 0.04 * generator.gaussian())
            }
            let adjusted = try #require(Deseasonalizer.weeklyOnDaily().adjust(values))
            let result = try #require(TrendTest.hamedRao(adjusted))
            let line = try #require(TrendTest.theilSen(adjusted))
            #expect(result.direction() == .decreasing, "seed \(seed)")
            #expect(line.upperSlope < 0, "seed \(seed)")
            // The seasonal Mann–Kendall test on the raw values agrees.
            #expect(try #require(TrendTest.seasonalMannKendall(values, period: 7)).direction() == .decreasing)
        }
    }

    @Test func tooLittleDataGivesNil() {
        #expect(TrendTest.mannKendall([1, .nan, 2]) == nil)
        #expect(TrendTest.hamedRao([.nan, .nan, .nan, 4]) == nil)
        #expect(TrendTest.theilSen([.nan, 3]) == nil)
        #expect(TrendTest.theilSen([1, 2, 3], spacing: 0) == nil)
        #expect(TrendTest.theilSen([1, 2, 3], confidence: 1) == nil)
        #expect(TrendTest.seasonalMannKendall([1, 2, 3, 4], period: 0) == nil)
        #expect(TrendTest.seasonalMannKendall([1, 2, 3, 4], period: 4) == nil)
        #expect(TrendTest.seasonalTheilSen([1, 2, 3, 4], period: 4) == nil)
    }

    @Test func constantSeriesHasNoTrend() throws {
        let values = [Double](repeating: 3, count: 50)
        let result = try #require(TrendTest.hamedRao(values))
        #expect(result.s == 0 && result.z == 0 && result.p == 1)
        let line = try #require(TrendTest.theilSen(values))
        #expect(line.slope == 0 && line.intercept == 3 && line.lowerSlope == 0 && line.upperSlope == 0)
    }

    @Test func twoYearsOfDailyValuesAreCheap() throws {
        // 730 values: the O(n²) kernels stay well within what a 2,000-port evaluation can afford;
        // this checks they run and agree on a known slope, not how fast.
        let values = (0..<730).map { Double($0) * 0.5 + (Double($0 % 7) - 3) }
        let line = try #require(TrendTest.theilSen(values))
        #expect(close(line.slope, 0.5, 0.05))
        #expect(try #require(TrendTest.hamedRao(values)).direction() == .increasing)
    }
}
