import Foundation
import Testing
@testable import Detection
import IXPCore

@Suite struct StatisticsDeseasonalizerTests {
    func spread(_ values: [Double]) -> Double {
        let known = values.filter { !$0.isNaN }
        return (known.max() ?? 0) - (known.min() ?? 0)
    }

    @Test func multiplicativeWeeklyPatternIsRemovedExactly() throws {
        let values = (0..<63).map { 200 * weeklyShape[$0 % 7] }
        let decomposition = try #require(Deseasonalizer.weeklyOnDaily().decompose(values))
        #expect(decomposition.model == .multiplicative)
        #expect(spread(decomposition.adjusted) < 1e-9)
        // Factors average 1 and keep the shape's ratios.
        #expect(close(decomposition.seasonal.reduce(0, +) / 7, 1))
        let mean = weeklyShape.reduce(0, +) / 7
        for phase in 0..<7 {
            #expect(close(decomposition.seasonal[phase], weeklyShape[phase] / mean))
        }
        #expect(close(decomposition.adjusted[10], 200 * mean))
        #expect(decomposition.trend[0].isNaN && decomposition.trend[3] == 200 && decomposition.trend[62].isNaN)
        #expect(close(decomposition.component(at: 12), weeklyShape[5] / mean))
    }

    @Test func additivePatternIsRemovedAndUnknownValuesStayUnknown() throws {
        let offsets: [Double] = [5, 3, 1, 0, -1, -3, -5]
        var values = (0..<60).map { 40 + offsets[$0 % 7] }
        values[8] = .nan
        values[31] = .nan
        let deseasonalizer = try Deseasonalizer(period: 7, model: .additive)
        let decomposition = try #require(deseasonalizer.decompose(values))
        #expect(decomposition.model == .additive)
        #expect(close(decomposition.seasonal.reduce(0, +), 0))
        #expect(spread(decomposition.adjusted) < 1e-9)
        #expect(decomposition.adjusted[8].isNaN && decomposition.adjusted[31].isNaN)
        #expect(close(decomposition.adjusted[0], 40))
    }

    @Test func aTrendSurvivesDeseasonalising() throws {
        let values = (0..<140).map { (100 - 0.2 * Double($0)) * weeklyShape[$0 % 7] }
        let adjusted = try #require(Deseasonalizer.weeklyOnDaily().adjust(values))
        let line = try #require(TrendTest.theilSen(adjusted))
        let raw = try #require(TrendTest.theilSen(values))
        // Seasonality gone: the adjusted series is nearly a straight line.
        let residuals = adjusted.enumerated().map { $0.element - line.value(at: Double($0.offset)) }
        #expect(spread(residuals) < 0.05 * spread(values))
        #expect(line.slope < 0 && raw.slope < 0)
    }

    @Test func tooFewKnownValuesGiveNil() throws {
        #expect(Deseasonalizer.weeklyOnDaily().decompose([Double](repeating: 1, count: 13)) == nil)
        var values = [Double](repeating: 1, count: 40)
        for i in stride(from: 0, to: 40, by: 3) { values[i] = .nan }
        #expect(Deseasonalizer.weeklyOnDaily().decompose(values) != nil)  // 26 of 40 known
        for i in stride(from: 1, to: 40, by: 3) { values[i] = .nan }
        #expect(Deseasonalizer.weeklyOnDaily().decompose(values) == nil)  // 13 known: under two weeks
        #expect(throws: StatisticsError.self) { try Deseasonalizer(period: 1) }
        #expect(Deseasonalizer.adjust([1, 2, 3], periods: [1]) == nil)
    }

    @Test func multiplicativeFallsBackToAdditiveWhenTheWeekendIsIdle() throws {
        let shape: [Double] = [10, 11, 12, 11, 10, 0, 0]
        let values = (0..<70).map { shape[$0 % 7] }
        let decomposition = try #require(Deseasonalizer.weeklyOnDaily().decompose(values))
        #expect(decomposition.model == .additive)
        #expect(spread(decomposition.adjusted) < 1e-9)
    }

    @Test func aSpikeBarelyMovesTheSeasonalComponent() throws {
        var values = (0..<84).map { 100 * weeklyShape[$0 % 7] }
        let clean = try #require(Deseasonalizer.weeklyOnDaily().decompose(values))
        values[30] = 5_000
        let spiked = try #require(Deseasonalizer.weeklyOnDaily().decompose(values))
        for phase in 0..<7 {
            #expect(abs(spiked.seasonal[phase] - clean.seasonal[phase]) < 0.02)
        }
    }

    @Test func dailyAndWeeklyPatternsOnHourlyValues() throws {
        var generator = SplitMix64(seed: 42)
        let values = (0..<720).map { hour -> Double in
            let daily = 1 + 0.6 * sin(2 * Double.pi * Double(hour % 24) / 24)
            return 1_000 * daily * weeklyShape[(hour / 24) % 7] * (1 + 0.02 * generator.gaussian())
        }
        let dailyOnly = try #require(Deseasonalizer.dailyOnHourly().adjust(values))
        let both = try #require(Deseasonalizer.adjust(values, periods: [24, 168]))
        func deviation(_ x: [Double]) -> Double {
            let known = x.filter { !$0.isNaN }
            let mean = known.reduce(0, +) / Double(known.count)
            return (known.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(known.count)).squareRoot()
        }
        #expect(deviation(dailyOnly) < 0.5 * deviation(values))
        #expect(deviation(both) < 0.5 * deviation(dailyOnly))
        #expect(try #require(TrendTest.hamedRao(both)).p > 0.01)
    }
}
