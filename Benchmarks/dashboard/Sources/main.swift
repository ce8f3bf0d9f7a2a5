// Page render times of the built-in dashboard on a synthetic exchange of 1,000 members and
// 2,000 ports with two years of hourly history, through the agent's own data source (store
// reads, the detector's report, the monthly 95th percentiles) and the mustache templates.
//
//      swift build -c release --scratch-path .build-bench --product DashboardBenchmark
//      .build-bench/release/DashboardBenchmark [--members N] [--ports N] [--repetitions N] [--only PREFIX]
import Agent
import Dashboard
import Detection
import Foundation
import Members
import SyntheticExchange
import TimeSeries

var options: [String: String] = [:]
var arguments = Array(CommandLine.arguments.dropFirst())
while let name = arguments.first {
    guard ["--members", "--ports", "--repetitions", "--only"].contains(name), arguments.count >= 2 else {
        FileHandle.standardError.write(Data("usage: DashboardBenchmark [--members N] [--ports N] [--repetitions N] [--only PREFIX]\n".utf8))
        exit(2)
    }
    options[String(name.dropFirst(2))] = arguments[1]
    arguments.removeFirst(2)
}
@MainActor func option(_ name: String, _ fallback: Int) -> Int { options[name].flatMap { Int($0) } ?? fallback }
let memberCount = option("members", 1_000)
let portCount = option("ports", 2_000)
let repetitions = max(1, option("repetitions", 9))

func timed<Result>(_ body: () throws -> Result) rethrows -> (result: Result, wall: Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try body()
    return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
func milliseconds(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1_000) }

let scenario = ExchangeScenario.scale(members: memberCount, ports: portCount)
let now = scenario.end - 1
var configuration = StoreConfiguration(tiers: StoreConfiguration.defaultTiers(rawStep: 3_600))
configuration.maxSeries = max(100_000, scenario.portCount * 16)
configuration.staleAfter = 3 * 3_600
let store = try TimeSeriesStore(configuration: configuration, directory: nil, clock: { now })
let built = timed { scenario.write(to: store, step: 3_600) }
let exports = try IXFExportWriter().exports(for: scenario)
let registries = try exports.map { (at: $0.time, registry: try IXFMemberListParser.parse($0.data, source: "export")) }
let history = MembershipHistory.build(from: registries)
guard let members = registries.last?.registry else {
    FileHandle.standardError.write(Data("the scenario has no member export\n".utf8))
    exit(1)
}
let state = DetectionState()
state.setMembers(members, history: history)
let context = DetectionContext(now: now, store: store, members: members, membership: history, ruleState: RuleStateBox())
let result = Detector().evaluate(context)
var tracker = FindingTracker()
tracker.update(candidates: result.candidates, now: now, configuration: DetectionConfiguration())
let report = HealthReportBuilder.build(context: context, result: result, findings: tracker.all)
state.setDetection(findings: tracker.all, report: report, at: now)
print("exchange: \(memberCount) members, \(scenario.portCount) ports, \(store.statistics.seriesCount) series, hourly over"
      + " \(Int((scenario.end - scenario.start) / 86_400)) days (store built in \(String(format: "%.1f", built.wall)) s);"
      + " \(report.members.count) members and \(tracker.all.count) findings in the report")

let renderer = try AgentDashboard.renderer(store: store, state: state, clock: { now })
let asn = report.members.first?.asn ?? 0
let pages: [(String, () -> String)] = [
    ("/ (exchange)", { renderer.exchangePage(range: .week, language: .english) }),
    ("/members", { renderer.membersPage(sort: .p95, descending: true, language: .english) }),
    ("/members?sort=name&page=10", { renderer.membersPage(sort: .name, descending: false, page: ListPage(number: 10), language: .english) }),
    // Every member on one page, as /members was before it was paged: the same work as then.
    ("/members (all rows)", { renderer.membersPage(sort: .p95, descending: true, page: ListPage(size: 1_000_000), language: .english) }),
    ("/members/\(asn)", { renderer.memberPage(asn: asn, language: .english) ?? "" }),
    ("/ports", { renderer.portsPage(usage: nil, language: .english) }),
    ("/ports?page=20", { renderer.portsPage(usage: nil, page: ListPage(number: 20), language: .english) }),
    ("  ports() (data only)", { "\(renderer.source.ports().ports.count)" }),
    ("/lan", { renderer.lanPage(language: .english) }),
    ("/findings", { renderer.findingsPage(language: .english) }),
    ("/findings?resolved_page=2", { renderer.findingsPage(language: .english, resolvedPage: ListPage(number: 2)) }),
    ("/agent", { renderer.agentPage(language: .english) }),
    ("/?lang=fr", { renderer.exchangePage(range: .week, language: .french) }),
]
print("page                       first       median of \(repetitions)   min        size")
// `--only /members` measures the pages whose name starts so.
for (name, render) in pages where options["only"].map({ name.hasPrefix($0) }) ?? true {
    let first = timed(render)
    var walls: [Double] = []
    for _ in 0..<repetitions { walls.append(timed(render).wall) }
    walls.sort()
    print(name.padding(toLength: 26, withPad: " ", startingAt: 0)
          + " \(milliseconds(first.wall).padding(toLength: 11, withPad: " ", startingAt: 0))"
          + " \(milliseconds(walls[walls.count / 2]).padding(toLength: 15, withPad: " ", startingAt: 0))"
          + " \(milliseconds(walls[0]).padding(toLength: 10, withPad: " ", startingAt: 0))"
          + " \(first.result.utf8.count / 1024) KiB")
}
