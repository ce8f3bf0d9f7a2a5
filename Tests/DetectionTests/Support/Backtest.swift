import Foundation
import IXPCore
import Members
import Synchronization
import SyntheticExchange
import TimeSeries
@testable import Detection

/// Replays a synthetic exchange through the detector with an injected clock: history is
/// appended to an hourly store as time passes, the member list is the latest monthly IX-F
/// export (parsed as the agent parses it), and the detector evaluates every `every` seconds,
/// carrying its findings from one evaluation to the next as the agent does.
final class Backtest {
    /// One evaluation's outcome.
    struct Step {
        var time: Double
        var symptoms: [RuleID: Verdict]
        var firing: [Finding]
    }

    let scenario: ExchangeScenario
    let store: TimeSeriesStore
    private let clock: TestClock
    private var series: [(key: SeriesKey, timestamps: [Double], values: [Double], next: Int)] = []
    private var exports: [(time: Double, registry: MemberRegistry)] = []
    var configuration = DetectionConfiguration()
    /// Keep each export's own timestamp instead of stamping the list held at `time` as fetched
    /// then (the default, as the agent refetches hourly): lets a test see a stale export.
    var keepsExportTimestamp = false
    private(set) var tracker = FindingTracker()
    private(set) var steps: [Step] = []
    let ruleState = RuleStateBox()

    init(_ scenario: ExchangeScenario) throws {
        self.scenario = scenario
        let clock = TestClock(scenario.start)
        self.clock = clock
        var storeConfiguration = StoreConfiguration(tiers: StoreConfiguration.defaultTiers(rawStep: 3_600))
        storeConfiguration.maxSeries = 100_000
        storeConfiguration.staleAfter = 3 * 3_600
        store = try TimeSeriesStore(configuration: storeConfiguration, directory: nil, clock: { clock.now })
        scenario.forEachSeries(step: 3_600) { key, timestamps, values in
            series.append((key, timestamps, values, 0))
        }
        for export in try IXFExportWriter().exports(for: scenario) {
            exports.append((export.time, try IXFMemberListParser.parse(export.data, source: "export")))
        }
    }

    /// Appends every sample up to `time` and moves the clock there.
    func advance(to time: Double) {
        clock.now = time
        for index in series.indices {
            var samples: [Sample] = []
            var next = series[index].next
            while next < series[index].timestamps.count, series[index].timestamps[next] <= time {
                samples.append(Sample(key: series[index].key, timestamp: series[index].timestamps[next], value: series[index].values[next]))
                next += 1
            }
            series[index].next = next
            if !samples.isEmpty { store.append(samples) }
        }
    }

    /// The context at `time`: member list and history as known then.
    func context(at time: Double) -> DetectionContext {
        let known = exports.filter { $0.time <= time }
        let history = known.isEmpty ? nil : MembershipHistory.build(from: known.map { (at: $0.time, registry: $0.registry) })
        // The agent fetches the exchange's export hourly: the list it holds is fresh.
        var current = known.last?.registry
        if !keepsExportTimestamp { current?.timestamp = IXFExportWriter.isoDate(time) }
        return DetectionContext(now: time, store: store, configuration: configuration, members: current,
                                membership: history, ruleState: ruleState)
    }

    /// Runs from `from` (default: the history's start + 7 days) to the end, every `every` seconds.
    @discardableResult
    func run(from: Double? = nil, every: Double = 2 * 86_400) -> [Step] {
        var time = from ?? scenario.start + 7 * 86_400
        while time <= scenario.end {
            evaluate(at: time)
            time += every
        }
        return steps
    }

    /// One evaluation at `time`.
    @discardableResult
    func evaluate(at time: Double) -> Step {
        advance(to: time)
        let context = context(at: time)
        let result = Detector().evaluate(context)
        tracker.update(candidates: result.candidates, now: time, configuration: configuration)
        let step = Step(time: time, symptoms: Dictionary(uniqueKeysWithValues: result.symptoms.map { ($0.rule, $0.verdict) }),
                        firing: tracker.active.filter { $0.state == .firing })
        steps.append(step)
        return step
    }

    /// When a zombie finding of `rule` about the exchange first fired, if it did.
    func firstFiring(_ rule: RuleID) -> Double? {
        steps.first { $0.firing.contains { $0.rule == rule && $0.subject == .exchange } }?.time
    }

    /// Zombie findings (about the exchange or a member, warning or worse) that ever fired, with when.
    var zombieFirings: [(time: Double, finding: Finding)] {
        var seen = Set<String>()
        var out: [(Double, Finding)] = []
        for step in steps {
            for finding in step.firing where RuleID.zombieSymptoms.contains(finding.rule) && finding.severity >= .warning {
                if seen.insert(finding.id).inserted { out.append((step.time, finding)) }
            }
        }
        return out
    }
}

/// A clock a test sets.
final class TestClock: Sendable {
    private let value: Mutex<Double>

    init(_ start: Double) { value = Mutex(start) }

    var now: Double {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
