import Foundation
public import Detection
import IXPCore
import Members
public import SyntheticExchange
public import TimeSeries

/// Replays a synthetic exchange through the detector with an injected clock: history is
/// appended to an hourly store as time passes, the member list is the latest monthly IX-F
/// export (parsed as the agent parses it), and the detector evaluates every `every` seconds,
/// carrying its findings from one evaluation to the next as the agent does.
public final class Backtest {
    /// One evaluation's outcome.
    public struct Step: Sendable {
        /// When the detector ran.
        public var time: Double
        /// Every symptom's verdict then.
        public var symptoms: [RuleID: Verdict]
        /// The findings firing after the evaluation.
        public var firing: [Finding]
    }

    /// The exchange replayed.
    public let scenario: ExchangeScenario
    /// The history known so far, appended as the clock moves.
    public let store: TimeSeriesStore
    private let clock: BacktestClock
    private var series: [(key: SeriesKey, timestamps: [Double], values: [Double], next: Int)] = []
    private var exports: [(time: Double, registry: MemberRegistry)] = []
    /// The detector's settings.
    public var configuration = DetectionConfiguration()
    /// Keep each export's own timestamp instead of stamping the list held at `time` as fetched
    /// then (the default, as the agent refetches hourly): lets a test see a stale export.
    public var keepsExportTimestamp = false
    /// The findings carried from one evaluation to the next.
    public private(set) var tracker = FindingTracker()
    /// Every evaluation so far.
    public private(set) var steps: [Step] = []
    /// The rules' state (Holt-Winters models), kept between evaluations.
    public let ruleState = RuleStateBox()

    /// A replay of `scenario`, its clock at the history's start; throws when its store or its
    /// exports cannot be built.
    public init(_ scenario: ExchangeScenario) throws {
        self.scenario = scenario
        let clock = BacktestClock(scenario.start)
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
    public func advance(to time: Double) {
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
    public func context(at time: Double) -> DetectionContext {
        let known = exports.filter { $0.time <= time }
        let history = known.isEmpty ? nil : MembershipHistory.build(from: known.map { (at: $0.time, registry: $0.registry) })
        // The agent fetches the exchange's export hourly: the list it holds is fresh.
        var current = known.last?.registry
        if !keepsExportTimestamp { current?.timestamp = IXFExportWriter.isoDate(time) }
        return DetectionContext(now: time, store: store, configuration: configuration, members: current,
                                membership: history, ruleState: ruleState)
    }

    /// Runs from `from` (default: the history's start + 7 days) to `to` (default: the end),
    /// every `every` seconds.
    @discardableResult
    public func run(from: Double? = nil, to: Double? = nil, every: Double = 2 * 86_400) -> [Step] {
        var time = from ?? scenario.start + 7 * 86_400
        let last = min(to ?? scenario.end, scenario.end)
        while time <= last {
            evaluate(at: time)
            time += every
        }
        return steps
    }

    /// One evaluation at `time`.
    @discardableResult
    public func evaluate(at time: Double) -> Step {
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
    public func firstFiring(_ rule: RuleID) -> Double? {
        steps.first { $0.firing.contains { $0.rule == rule && $0.subject == .exchange } }?.time
    }

    /// Zombie findings (about the exchange or a member, warning or worse) that ever fired, with when.
    public var zombieFirings: [(time: Double, finding: Finding)] {
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
