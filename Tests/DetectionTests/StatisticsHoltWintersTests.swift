import Foundation
import Testing
@testable import Detection
import IXPCore

@Suite struct StatisticsHoltWintersTests {
    static let period = 288  // five-minute steps a day

    /// Traffic with a daily cycle and noise, `days` long.
    func dailySinusoid(days: Int, seed: UInt64, noise: Double = 3) -> [Double] {
        var generator = SplitMix64(seed: seed)
        return (0..<(days * Self.period)).map { step in
            let phase = 2 * Double.pi * Double(step % Self.period) / Double(Self.period)
            return 100 + 50 * sin(phase) + noise * generator.gaussian()
        }
    }

    func run(_ values: [Double], parameters: HoltWintersParameters? = nil) throws -> [HoltWintersStep] {
        var state = try HoltWintersState(parameters: parameters ?? HoltWintersParameters(period: Self.period))
        return values.map { state.update($0) }
    }

    @Test func aNoisyDailyCycleNeverFailsAfterWarmUp() throws {
        for seed in UInt64(1)...3 {
            let steps = try run(dailySinusoid(days: 21, seed: seed))
            #expect(steps.prefix(2 * Self.period).allSatisfy { $0.isWarmingUp })
            #expect(steps.dropFirst(2 * Self.period).allSatisfy { !$0.isWarmingUp })
            #expect(!steps.contains { $0.isFailure }, "seed \(seed)")
            let judged = steps.dropFirst(2 * Self.period)
            let violations = judged.filter { $0.isViolation }.count
            // Some violations happen (the bands are ±2 mean deviations), failures do not.
            #expect(violations > 0 && violations < judged.count / 5)
            let last = try #require(steps.last)
            #expect(last.lower < last.prediction && last.prediction < last.upper)
            #expect(abs(last.prediction - last.value) < 20)
        }
    }

    @Test func aSustainedStepChangeFailsWithinTheWindow() throws {
        var values = dailySinusoid(days: 10, seed: 5)
        let change = 8 * Self.period + 100
        for i in change..<values.count { values[i] *= 3 }
        let steps = try run(values)
        #expect(!steps[..<change].contains { $0.isFailure })
        let firstFailure = try #require(steps.indices.first { steps[$0].isFailure })
        #expect(firstFailure >= change + 6 && firstFailure < change + 9)
    }

    @Test func aDropToZeroFails() throws {
        var values = dailySinusoid(days: 6, seed: 6)
        let change = 5 * Self.period
        for i in change..<values.count { values[i] = 0 }
        let steps = try run(values)
        let firstFailure = try #require(steps.indices.first { steps[$0].isFailure })
        #expect(firstFailure >= change && firstFailure < change + 9)
    }

    @Test func aSingleSpikeDoesNotFail() throws {
        var values = dailySinusoid(days: 6, seed: 7)
        values[4 * Self.period + 50] *= 3
        let steps = try run(values)
        #expect(steps[4 * Self.period + 50].isViolation)
        #expect(!steps.contains { $0.isFailure })
    }

    @Test func unknownValuesAdvanceTimeWithoutUpdating() throws {
        var values = dailySinusoid(days: 8, seed: 8)
        // Gaps in the warm-up and later: an hour unknown, then an afternoon.
        for i in 100..<112 { values[i] = .nan }
        for i in (5 * Self.period + 150)..<(5 * Self.period + 230) { values[i] = .nan }
        values[6 * Self.period] = .infinity
        var state = try HoltWintersState(parameters: HoltWintersParameters(period: Self.period))
        var steps: [HoltWintersStep] = []
        for value in values {
            let before = state
            let step = state.update(value)
            // A season boundary smooths the coefficients, whatever the value.
            if !value.isFinite && !step.isWarmingUp && (state.steps - 1) % Self.period != 0 {
                #expect(state.level == before.level && state.seasonal == before.seasonal)
                #expect(!step.isViolation)
            }
            steps.append(step)
        }
        #expect(state.steps == values.count)
        #expect(!steps.contains { $0.isFailure })
        // Right after the gap the prediction is still in phase with the cycle.
        let after = steps[5 * Self.period + 235]
        #expect(abs(after.prediction - after.value) < 20)
    }

    @Test func aWarmUpSeasonWithTooLittleDataIsDropped() throws {
        var values = dailySinusoid(days: 4, seed: 9)
        for i in 0..<200 { values[i] = .nan }
        let steps = try run(values)
        #expect(steps[2 * Self.period].isWarmingUp)
        #expect(!steps[3 * Self.period].isWarmingUp)
    }

    @Test func persistedStateContinuesIdentically() throws {
        let values = dailySinusoid(days: 5, seed: 10).enumerated().map { $0.offset % 97 == 0 ? .nan : $0.element }
        for cut in [Self.period + 13, 3 * Self.period + 7] {
            var original = try HoltWintersState(parameters: HoltWintersParameters(period: Self.period))
            for value in values[..<cut] { _ = original.update(value) }
            let data = try JSONEncoder().encode(original)
            var restored = try JSONDecoder().decode(HoltWintersState.self, from: data)
            #expect(restored == original)
            for value in values[cut...] {
                // Compared as text: warm-up steps carry NaN predictions, and NaN ≠ NaN.
                #expect(String(describing: original.update(value)) == String(describing: restored.update(value)))
            }
        }
    }

    @Test func corruptStateIsRefused() throws {
        var state = try HoltWintersState(parameters: HoltWintersParameters(period: 4))
        for value in [1.0, 2, 3, 4, 1, 2, 3, 4, 1, 2] { _ = state.update(value) }
        let text = try #require(String(data: try JSONEncoder().encode(state), encoding: .utf8))
        #expect(try JSONDecoder().decode(HoltWintersState.self, from: Data(text.utf8)) == state)
        #expect(text.contains("\"period\":4"))
        let corrupt = text.replacingOccurrences(of: "\"period\":4", with: "\"period\":5")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(HoltWintersState.self, from: Data(corrupt.utf8)) }
    }

    @Test func invalidParametersAreRefused() {
        #expect(throws: StatisticsError.self) { try HoltWintersState(parameters: HoltWintersParameters(period: 1)) }
        #expect(throws: StatisticsError.self) {
            try HoltWintersState(parameters: HoltWintersParameters(period: 24, alpha: 1.5))
        }
        #expect(throws: StatisticsError.self) {
            try HoltWintersState(parameters: HoltWintersParameters(period: 24, failureWindow: 5, failureThreshold: 7))
        }
        #expect(throws: StatisticsError.self) {
            try HoltWintersState(parameters: HoltWintersParameters(period: 24, warmupSeasons: 1))
        }
    }

    @Test func plainRRDtoolUpdatesLetASpikeDragTheLevel() throws {
        var values = dailySinusoid(days: 6, seed: 7)
        values[4 * Self.period + 50] *= 3
        let robust = try run(values)
        let plain = try run(values, parameters: HoltWintersParameters(period: Self.period, robustUpdates: false))
        let after = 4 * Self.period + 51
        #expect(abs(plain[after].prediction - robust[after].prediction) > 10)
        #expect(abs(robust[after].prediction - robust[after].value) < 15)
    }

    @Test func rrdtoolDefaults() {
        let parameters = HoltWintersParameters(period: 288)
        #expect(parameters.alpha == 0.1 && parameters.beta == 0.0035 && parameters.gamma == 0.1)
        #expect(parameters.deviationGamma == 0.1 && parameters.bandScale == 2)
        #expect(parameters.failureWindow == 9 && parameters.failureThreshold == 7)
    }
}
