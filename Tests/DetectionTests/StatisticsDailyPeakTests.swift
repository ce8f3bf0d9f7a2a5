import Testing
@testable import Detection
import IXPCore

@Suite struct StatisticsDailyPeakTests {
    let criteria = FallingTrendCriteria(
        windowDays: 90, recentDays: 14, minimumDeclinePerQuarter: 0.10, minimumKnownFraction: 0.8)

    /// Daily peaks over `days` with the weekly shape, a level from `level(day)`, and 4 % noise.
    func peaks(days: Int, seed: UInt64, noise: Double = 0.04, level: (Int) -> Double) -> [Double] {
        var generator = SplitMix64(seed: seed)
        return (0..<days).map { level($0) * weeklyShape[$0 % 7] * (1 + noise * generator.gaussian()) }
    }

    @Test func windowsAndPercentiles() {
        let series = DailyPeakSeries(peaks: (1...200).map(Double.init))
        #expect(series.window(days: 10)?.first == 191)
        #expect(series.window(days: 10, endingDaysAgo: 5)?.last == 195)
        #expect(series.window(days: 201) == nil)
        #expect(series.window(days: 0) == nil)
        #expect(series.percentile(95, days: 100) == 195)  // values 101…200: rank 95
        var gappy = (1...100).map(Double.init)
        for i in 0..<21 { gappy[i * 4] = .nan }
        #expect(DailyPeakSeries(peaks: gappy).percentile(95, days: 100) == nil)  // 79 % known
    }

    @Test func quarterOnQuarterAndYearOnYear() throws {
        // Two years: the first at 100, the second at 120; the last quarter at 90.
        var values = [Double](repeating: 100, count: 365) + [Double](repeating: 120, count: 365)
        for i in (730 - 91)..<730 { values[i] = 90 }
        let series = DailyPeakSeries(peaks: values)
        #expect(close(try #require(series.quarterOnQuarterChange()), 90.0 / 120 - 1))
        #expect(close(try #require(series.yearOnYearGrowth()), 90.0 / 100 - 1))
        #expect(DailyPeakSeries(peaks: Array(values.suffix(300))).yearOnYearGrowth() == nil)
        #expect(DailyPeakSeries(peaks: [Double](repeating: 0, count: 200)).quarterOnQuarterChange() == nil)
    }

    @Test func flatSeasonalTrafficIsNotFalling() {
        var outcomes: [TrendVerdict.Outcome] = []
        for seed in UInt64(1)...20 {
            let verdict = TrendVerdict.earlyWarning(
                DailyPeakSeries(peaks: peaks(days: 200, seed: seed) { _ in 1e9 }), criteria: criteria)
            outcomes.append(verdict.outcome)
        }
        #expect(!outcomes.contains(.falling))
        #expect(outcomes.filter { $0 == .notSignificant }.count >= 17)
    }

    @Test func thirtyPercentOverTwoQuartersIsFalling() throws {
        for seed in UInt64(1)...20 {
            let values = peaks(days: 365, seed: seed) { day in
                day < 183 ? 1e9 : 1e9 * (1 - 0.3 * Double(day - 183) / 182)
            }
            let verdict = TrendVerdict.earlyWarning(DailyPeakSeries(peaks: values), criteria: criteria)
            #expect(verdict.outcome == .falling, "seed \(seed)")
            let trend = try #require(verdict.trend)
            #expect(trend.changePerQuarter < -0.12 && trend.changePerQuarter > -0.25, "seed \(seed)")
            #expect(trend.seasonalModel == .multiplicative)
            #expect(verdict.recent != nil)
        }
    }

    @Test func aSlowDeclineIsTooSlow() {
        let values = peaks(days: 120, seed: 3, noise: 0.005) { day in 1e9 * (1 - 0.05 * Double(day) / 91) }
        let verdict = TrendVerdict.earlyWarning(DailyPeakSeries(peaks: values), criteria: criteria)
        #expect(verdict.outcome == .tooSlow)
        #expect(verdict.trend.map { $0.isSignificantlyFalling() } == true)
    }

    @Test func aDeclineThatTurnedIsNotStillFalling() {
        let values = peaks(days: 120, seed: 4, noise: 0.01) { day in
            day < 100 ? 1e9 * (1 - 0.4 * Double(day) / 91) : 1e9 * (1 - 0.4 * 100 / 91) * (1 + 0.01 * Double(day - 100))
        }
        let verdict = TrendVerdict.earlyWarning(DailyPeakSeries(peaks: values), criteria: criteria)
        #expect(verdict.outcome == .notStillFalling)
        #expect(verdict.trend?.isSignificantlyFalling() == true)
    }

    @Test func tooLittleDataIsInsufficient() {
        var values = peaks(days: 120, seed: 5) { day in 1e9 * (1 - 0.4 * Double(day) / 91) }
        for day in stride(from: 30, to: 120, by: 4) { values[day] = .nan }  // 75 % of the window known
        #expect(TrendVerdict.earlyWarning(DailyPeakSeries(peaks: values), criteria: criteria).outcome == .insufficientData)
        #expect(TrendVerdict.earlyWarning(DailyPeakSeries(peaks: Array(values.prefix(60))), criteria: criteria).outcome
            == .insufficientData)
        var lenient = criteria
        lenient.minimumKnownFraction = 0.7
        #expect(TrendVerdict.earlyWarning(DailyPeakSeries(peaks: values), criteria: lenient).outcome == .falling)
    }
}
