// DetectionBenchmark: how long one evaluation of every detector rule takes on a large exchange
// (1,000 members, 2,000 ports, two years of hourly history), the first evaluation (which feeds
// every port's Holt-Winters model from scratch) apart from the steady state, and the report
// builder; wall time next to this thread's CPU time, per rule too.
// Run: swift build -c release --scratch-path .build-bench --product DetectionBenchmark
//      .build-bench/release/DetectionBenchmark [--members N] [--ports N] [--repetitions N] [--dump FILE]
// --dump writes the last report as JSON (symptoms, findings with evidence, every member's
// numbers), to check that a faster build still says exactly the same.
import Detection
import Foundation
import Members
import Presentation
import SyntheticExchange
import TimeSeries

// MARK: - Arguments

var options: [String: String] = [:]
var argumentIndex = 1
let arguments = CommandLine.arguments
while argumentIndex < arguments.count {
    let name = arguments[argumentIndex]
    guard ["--members", "--ports", "--repetitions", "--dump"].contains(name), argumentIndex + 1 < arguments.count,
          name == "--dump" || Int(arguments[argumentIndex + 1]) != nil else {
        FileHandle.standardError.write(Data("usage: DetectionBenchmark [--members N] [--ports N] [--repetitions N] [--dump FILE]\n".utf8))
        exit(2)
    }
    options[String(name.dropFirst(2))] = arguments[argumentIndex + 1]
    argumentIndex += 2
}
@MainActor func option(_ name: String, _ fallback: Int) -> Int { options[name].flatMap { Int($0) } ?? fallback }
let memberCount = option("members", 1_000)
let portCount = option("ports", 2_000)
let repetitions = max(1, option("repetitions", 7))

// MARK: - Clocks

let clock = ContinuousClock()
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// CPU seconds this thread has used (robust against other processes sharing the cores).
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Runs `body` once, returning its result, wall seconds and thread CPU seconds.
func timed<Result>(_ body: () throws -> Result) rethrows -> (result: Result, wall: Double, cpu: Double) {
    let cpuBegan = threadCPUSeconds()
    let began = clock.now
    let result = try body()
    let wall = seconds(clock.now - began)
    return (result, wall, threadCPUSeconds() - cpuBegan)
}

func milliseconds(_ value: Double) -> String { String(format: "%.1f ms", value * 1_000) }
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}
func summary(_ wall: [Double], _ cpu: [Double]) -> String {
    "wall min \(milliseconds(wall.min() ?? .nan)), median \(milliseconds(median(wall)));"
        + " thread CPU min \(milliseconds(cpu.min() ?? .nan)), median \(milliseconds(median(cpu)))"
}

// MARK: - The exchange

let scenario = ExchangeScenario.scale(members: memberCount, ports: portCount)
let now = scenario.end
var storeConfiguration = StoreConfiguration(tiers: StoreConfiguration.defaultTiers(rawStep: 3_600))
storeConfiguration.maxSeries = max(100_000, scenario.portCount * 16)
storeConfiguration.staleAfter = 3 * 3_600
let store = try TimeSeriesStore(configuration: storeConfiguration, directory: nil, clock: { now })
let built = timed { scenario.write(to: store, step: 3_600) }
let exports = try IXFExportWriter().exports(for: scenario)
let registries = try exports.map { (at: $0.time, registry: try IXFMemberListParser.parse($0.data, source: "export")) }
let history = MembershipHistory.build(from: registries)
guard var members = registries.last?.registry else {
    FileHandle.standardError.write(Data("the scenario has no member export\n".utf8))
    exit(1)
}
members.timestamp = IXFExportWriter.isoDate(now)
print("exchange: \(memberCount) members, \(scenario.portCount) ports, \(store.statistics.seriesCount) series,"
      + " \(built.result.accepted) hourly samples over \(Int((scenario.end - scenario.start) / 86_400)) days,"
      + " \(registries.count) monthly member exports (store built in \(String(format: "%.1f", built.wall)) s)")

let ruleState = RuleStateBox()
func context() -> DetectionContext {
    DetectionContext(now: now, store: store, members: members, membership: history, ruleState: ruleState)
}
let detector = Detector()

// MARK: - Evaluations

// The first evaluation feeds every port's Holt-Winters model three days of history from scratch.
let first = timed { detector.evaluate(context()) }
print("first evaluation (Holt-Winters fed from scratch): wall \(milliseconds(first.wall)), thread CPU \(milliseconds(first.cpu))")

var wall: [Double] = []
var cpu: [Double] = []
var perRule: [RuleID: [Double]] = [:]
var last = first.result
for _ in 0..<repetitions {
    let run = timed { detector.evaluate(context()) }
    wall.append(run.wall)
    cpu.append(run.cpu)
    for (rule, duration) in run.result.ruleDurations { perRule[rule, default: []].append(duration) }
    last = run.result
}
print("evaluate, fresh context, \(repetitions) runs: \(summary(wall, cpu))  (goal < 200 ms on one core)")
print("per rule (median wall of \(repetitions)):")
for (rule, durations) in perRule.sorted(by: { median($0.value) > median($1.value) }) {
    print("  \(rule.rawValue.padding(toLength: 26, withPad: " ", startingAt: 0)) \(milliseconds(median(durations)))")
}
let problems = last.symptoms.filter { $0.verdict.isProblem }.map(\.rule.rawValue)
print("verdicts: \(last.symptoms.count) symptoms, problems: \(problems.isEmpty ? "none" : problems.joined(separator: ", ")); \(last.candidates.count) finding candidates")

// MARK: - Report

var tracker = FindingTracker()
tracker.update(candidates: last.candidates, now: now, configuration: DetectionConfiguration())
var reportWall: [Double] = []
var reportCPU: [Double] = []
var memberRows = 0
var lastReport: HealthReport?
for _ in 0..<repetitions {
    // As `report` does it: one context, evaluate, then build the report from the same context.
    let reportContext = context()
    let result = detector.evaluate(reportContext)
    let run = timed { HealthReportBuilder.build(context: reportContext, result: result, findings: tracker.all) }
    reportWall.append(run.wall)
    reportCPU.append(run.cpu)
    memberRows = run.result.members.count
    lastReport = run.result
}
print("HealthReportBuilder.build after evaluate (same context), \(repetitions) runs: \(summary(reportWall, reportCPU)); \(memberRows) members in the report")
var coldWall: [Double] = []
var coldCPU: [Double] = []
for _ in 0..<repetitions {
    let run = timed { HealthReportBuilder.build(context: context(), result: last, findings: tracker.all) }
    coldWall.append(run.wall)
    coldCPU.append(run.cpu)
}
print("HealthReportBuilder.build on a fresh context, \(repetitions) runs: \(summary(coldWall, coldCPU))")

if let path = options["dump"], let lastReport {
    try HealthReportJSON.encode(lastReport).write(to: URL(fileURLWithPath: path))
    print("report written to \(path)")
}
