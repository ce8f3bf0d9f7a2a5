import Foundation
import IXPCore
import Testing
@testable import Detection

/// The rrdtool binary, if installed.
private let installedRRDtool: String? = ["/usr/bin/rrdtool", "/usr/local/bin/rrdtool"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

/// `HoltWintersState` against the real rrdtool (Debian package `rrdtool`, installed by
/// `make deps`): one series, the same parameters, rrdtool's HWPREDICT, DEVPREDICT and FAILURES
/// against our predictions, deviations and failure flags, step by step.
///
/// What they share: the update equations (level, slope with the unknown-step count, seasonal
/// coefficient against the new level, deviation |y − ŷ|), bands ±δ·d of the deviation before the
/// step, a failure at `threshold` violations in the last `window` steps, unknown steps neither
/// updating nor violating. What differs, and is switched off or waited out here:
/// - initialisation: rrdtool takes the first value as the level (slope 0), the first season's
///   values minus it as the coefficients, and each phase's first |error| as its deviation; it
///   predicts from the second season on. We fit level, slope and coefficients on two seasons and
///   pool the deviation, and predict from the third. The gap shrinks by 1 − γ per season;
/// - our robust updates and band floor (`robustUpdates`, `minimumBandHalfWidth`): off here;
/// - smoothing of the seasonal arrays: at a period of 24 neither smooths (rrdtool: offset
///   ⌊0.05 / 2 · 24⌋ = 0; ours: fewer than 3 phases).
@Suite(.enabled(if: installedRRDtool != nil, "rrdtool is not installed: apt-get install rrdtool (make deps does)"))
struct HoltWintersRRDtoolTests {

    static let period = 24
    static let seasons = 60
    static let step = 300
    /// From this season on the predictions must agree within `tolerance` of the level.
    static let convergedSeason = 30
    static let level = 100.0
    /// 1 % of the level, a quarter of the noise's standard deviation (4).
    static let tolerance = 0.01 * level

    /// A daily-like cycle with a slow trend and noise, a sustained shift of 15 steps, a single
    /// spike and three unknown steps (not sent to rrdtool).
    func series(seed: UInt64) -> [Double] {
        var generator = SplitMix64(seed: seed)
        let count = Self.period * Self.seasons
        return (0..<count).map { index in
            let phase = 2 * Double.pi * Double(index % Self.period) / Double(Self.period)
            var value = Self.level + 0.01 * Double(index) + 40 * sin(phase) + 4 * generator.gaussian()
            let shift = count * 6 / 10
            if index >= shift && index < shift + 15 { value += 80 }
            if index == count * 8 / 10 { value += 100 }
            if index >= count * 7 / 10 && index < count * 7 / 10 + 3 { value = .nan }
            return value
        }
    }

    /// Runs rrdtool with `arguments`; its standard output.
    func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(installedRRDtool))
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "rrdtool \(arguments.prefix(2)): \(String(decoding: message, as: UTF8.self))")
        return String(decoding: data, as: UTF8.self)
    }

    /// `rrdtool fetch` of one consolidation function: value per timestamp (NaN when unknown).
    func fetch(_ file: String, _ function: String, from: Int, to: Int) throws -> [Int: Double] {
        var values: [Int: Double] = [:]
        for line in try run(["fetch", file, function, "-s", "\(from)", "-e", "\(to)"]).split(separator: "\n") {
            let parts = line.split(separator: ":")
            guard parts.count == 2, let time = Int(parts[0].trimmingCharacters(in: .whitespaces)) else { continue }
            values[time] = Double(parts[1].trimmingCharacters(in: .whitespaces)) ?? .nan
        }
        return values
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func predictionsAndFailuresMatchRRDtool(seed: UInt64) throws {
        let values = series(seed: seed)
        let count = values.count
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hw-rrdtool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("hw.rrd").path
        let start = 1_700_000_000 / Self.step * Self.step
        // RRA numbers are 1-based: 2 HWPREDICT → 3 SEASONAL; 3, 4 → 2; 5 DEVPREDICT, 6 FAILURES → 4.
        _ = try run([
            "create", file, "--step", "\(Self.step)", "--start", "\(start - Self.step)",
            "DS:traffic:GAUGE:\(2 * Self.step):U:U",
            "RRA:AVERAGE:0.5:1:\(count)",
            "RRA:HWPREDICT:\(count):0.1:0.0035:\(Self.period):3",
            "RRA:SEASONAL:\(Self.period):0.1:2",
            "RRA:DEVSEASONAL:\(Self.period):0.1:2",
            "RRA:DEVPREDICT:\(count):4",
            "RRA:FAILURES:\(count):7:9:4",
        ])
        // Unknown steps are simply not sent: past the heartbeat, rrdtool stores them as unknown.
        let updates = values.indices.filter { values[$0].isFinite }.map { "\(start + Self.step * $0):\(values[$0])" }
        for batch in stride(from: 0, to: updates.count, by: 400) {
            _ = try run(["update", file] + updates[batch..<min(updates.count, batch + 400)])
        }
        let last = start + Self.step * (count - 1)
        let stored = try fetch(file, "AVERAGE", from: start - Self.step, to: last)
        let predicted = try fetch(file, "HWPREDICT", from: start - Self.step, to: last)
        let deviations = try fetch(file, "DEVPREDICT", from: start - Self.step, to: last)
        let failures = try fetch(file, "FAILURES", from: start - Self.step, to: last)

        // Our model, fed what rrdtool stored (its unknown steps included).
        let parameters = HoltWintersParameters(period: Self.period, robustUpdates: false)
        var state = try HoltWintersState(parameters: parameters)
        var deviationBefore: [Double] = []
        var worstPrediction = 0.0, worstDeviation = 0.0, compared = 0, ourFailures = 0, theirFailures = 0
        var flagDifferences: [String] = []
        for index in 0..<count {
            let time = start + Self.step * index
            let value = stored[time] ?? .nan
            // The deviation the step is judged with: read before the update.
            deviationBefore = state.deviation
            let ours = state.update(value)
            guard !ours.isWarmingUp else { continue }
            let theirFailure = (failures[time] ?? .nan) > 0.5
            if ours.isFailure { ourFailures += 1 }
            if theirFailure { theirFailures += 1 }
            if ours.isFailure != theirFailure {
                flagDifferences.append("step \(index) (season \(index / Self.period)): ours \(ours.isFailure), rrdtool \(theirFailure)")
            }
            guard index / Self.period >= Self.convergedSeason, value.isFinite,
                  let prediction = predicted[time], prediction.isFinite, let deviation = deviations[time], deviation.isFinite
            else { continue }
            compared += 1
            worstPrediction = max(worstPrediction, abs(ours.prediction - prediction))
            worstDeviation = max(worstDeviation, abs(deviationBefore[index % Self.period] - deviation))
        }
        print("seed \(seed): \(compared) steps compared from season \(Self.convergedSeason); largest difference: prediction "
              + String(format: "%.3f", worstPrediction) + ", deviation " + String(format: "%.3f", worstDeviation)
              + " (level \(Self.level)); failures: ours \(ourFailures), rrdtool \(theirFailures)")
        #expect(compared > (Self.seasons - Self.convergedSeason) * Self.period * 9 / 10)
        #expect(worstPrediction <= Self.tolerance)
        #expect(worstDeviation <= Self.tolerance)
        // Identical failure flags from our first prediction on (season 2), and the shift fails.
        #expect(flagDifferences.isEmpty, "\(flagDifferences.prefix(20).joined(separator: "\n"))")
        #expect(ourFailures > 0 && ourFailures == theirFailures)
    }
}
