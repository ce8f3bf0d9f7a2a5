import Testing
@testable import Detection
import IXPCore

/// `LevelShift`: a drop that happens within a day and holds is a step; a slide, a dip that
/// recovers and noise are not.
@Suite struct StatisticsLevelShiftTests {
    let criteria = LevelShiftCriteria()

    /// Daily peaks over `days` with the weekly shape, a level from `level(day)`, and 4 % noise.
    func peaks(days: Int, seed: UInt64, noise: Double = 0.04, level: (Int) -> Double) -> [Double] {
        var generator = SplitMix64(seed: seed)
        return (0..<days).map { level($0) * weeklyShape[$0 % 7] * (1 + noise * generator.gaussian()) }
    }

    @Test func aThirtyPercentDropThatHoldsIsAStepWithItsDayAndSize() throws {
        for seed in UInt64(1)...20 {
            let values = peaks(days: 400, seed: seed) { $0 < 300 ? 1e9 : 0.7e9 }
            let step = try #require(LevelShift.find(in: DailyPeakSeries(peaks: values), criteria: criteria), "seed \(seed)")
            #expect(abs(step.index - 300) <= 1, "seed \(seed): day \(step.index)")
            #expect(abs(step.change + 0.3) < 0.03, "seed \(seed): \(step.change)")
            #expect(step.noiseRatio > 4)
            // Removed, the series is level again: no quarter-on-quarter fall.
            let removed = step.removed(from: DailyPeakSeries(peaks: values))
            #expect(abs(try #require(removed.quarterOnQuarterChange())) < 0.05, "seed \(seed)")
        }
    }

    @Test func aStepSevenDaysOldIsFoundAndOneSixDaysOldIsNot() {
        let week = peaks(days: 200, seed: 3) { $0 < 193 ? 1e9 : 0.7e9 }
        #expect(LevelShift.find(in: DailyPeakSeries(peaks: week), criteria: criteria)?.index == 193)
        let sixDays = peaks(days: 199, seed: 3) { $0 < 193 ? 1e9 : 0.7e9 }
        #expect(LevelShift.find(in: DailyPeakSeries(peaks: sixDays), criteria: criteria) == nil)
    }

    @Test func aSteadyDeclineIsNotAStep() {
        for seed in UInt64(1)...20 {
            // 30 % over a quarter, then level: the slowly dying exchange's shape.
            let values = peaks(days: 400, seed: seed) { day in
                day < 200 ? 1e9 : (day < 291 ? 1e9 * (1 - 0.3 * Double(day - 200) / 91) : 0.7e9)
            }
            #expect(LevelShift.find(in: DailyPeakSeries(peaks: values), criteria: criteria) == nil, "seed \(seed)")
        }
    }

    @Test func aSeasonalSlideOverSixWeeksIsNotAStep() {
        for seed in UInt64(1)...20 {
            let values = peaks(days: 400, seed: seed) { day in
                day < 300 ? 1e9 : 1e9 * (1 - (1.0 / 3) * min(1, Double(day - 300) / 42))
            }
            #expect(LevelShift.find(in: DailyPeakSeries(peaks: values), criteria: criteria) == nil, "seed \(seed)")
        }
    }

    @Test func aDipThatRecoveredIsNotAStep() {
        for seed in UInt64(1)...20 {
            let values = peaks(days: 400, seed: seed) { day in (300..<319).contains(day) ? 0.6e9 : 1e9 }
            #expect(LevelShift.find(in: DailyPeakSeries(peaks: values), criteria: criteria) == nil, "seed \(seed)")
        }
    }

    @Test func noiseAndASmallDropAreNotSteps() {
        for seed in UInt64(1)...20 {
            let flat = peaks(days: 400, seed: seed) { _ in 1e9 }
            #expect(LevelShift.find(in: DailyPeakSeries(peaks: flat), criteria: criteria) == nil, "seed \(seed)")
            let small = peaks(days: 400, seed: seed) { $0 < 300 ? 1e9 : 0.93e9 }
            #expect(LevelShift.find(in: DailyPeakSeries(peaks: small), criteria: criteria) == nil, "seed \(seed)")
        }
    }

    @Test func tooLittleKnownIsNoStep() {
        var values = peaks(days: 400, seed: 5) { $0 < 300 ? 1e9 : 0.7e9 }
        for day in 272..<300 where day % 3 != 0 { values[day] = .nan }
        for day in 300..<328 where day % 3 != 0 { values[day] = .nan }
        #expect(LevelShift.find(in: DailyPeakSeries(peaks: values), criteria: criteria) == nil)
        #expect(LevelShift.find(in: DailyPeakSeries(peaks: [Double](repeating: .nan, count: 400)), criteria: criteria) == nil)
    }
}
