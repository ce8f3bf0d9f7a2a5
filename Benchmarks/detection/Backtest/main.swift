// BacktestFamilies: every family of generated exchanges (`BacktestFamily.all`, 75 seeded
// two-year or one-year histories) replayed through the detector every 3 days, scored against
// the planted symptoms: precision and recall per symptom, false criticals and false warnings
// per family, the day a planted decline was first flagged, and the goals. Prints Markdown.
// Run: swift build -c release --scratch-path .build-bench --product BacktestFamilies
//      .build-bench/release/BacktestFamilies [--seeds N] [--workers N] [--family NAME] [--out FILE]
import Detection
import DetectionBacktest
import Foundation

var seeds: Int?
var workers = 2
var only: String?
var output: String?
var index = 1
let arguments = CommandLine.arguments
func usage() -> Never {
    FileHandle.standardError.write(Data("usage: BacktestFamilies [--seeds N] [--workers N] [--family NAME] [--out FILE]\n".utf8))
    exit(2)
}
while index < arguments.count {
    guard index + 1 < arguments.count else { usage() }
    let value = arguments[index + 1]
    switch arguments[index] {
    case "--seeds":
        guard let number = Int(value) else { usage() }
        seeds = number
    case "--workers":
        guard let number = Int(value) else { usage() }
        workers = number
    case "--family": only = value
    case "--out": output = value
    default: usage()
    }
    index += 2
}
var families = BacktestFamily.all
if let only { families = families.filter { $0.name == only } }
if let seeds { families = families.map { $0.first(seeds) } }
guard !families.isEmpty else { usage() }

let began = Date()
let report: FamilyBacktestReport
do {
    report = try FamilyBacktestReport(families: families, workers: workers) { history in
        let missed = history.missed.map(\.rawValue).sorted().joined(separator: ",")
        FileHandle.standardError.write(Data(("\(history.family) seed \(history.seed): \(history.evaluations) evaluations, "
            + "false warnings \(history.falseWarnings.count), false criticals \(history.falseCriticals.count)"
            + (missed.isEmpty ? "" : ", missed \(missed)") + "\n").utf8))
    }
} catch {
    FileHandle.standardError.write(Data("BacktestFamilies: \(error)\n".utf8))
    exit(1)
}
let seconds = Date().timeIntervalSince(began)
let text = report.markdown + "\n\(report.histories.count) histories in \(Int(seconds.rounded())) s (\(workers) workers).\n"
if let output {
    do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
        FileHandle.standardError.write(Data("BacktestFamilies: cannot write \(output): \(error)\n".utf8))
        exit(1)
    }
}
print(text, terminator: "")
exit(report.missedGoals.isEmpty ? 0 : 1)
