public import Detection
public import SyntheticExchange

/// One family of generated exchanges for the detector's backtests: a scenario builder, the seeds
/// it is built with (one history each), and its ground truth — the zombie symptoms planted in
/// it, which the detector must raise, every other zombie symptom being a false alarm.
///
/// A family is one line of `BacktestFamily.all`. The goals (`FamilyBacktestReport`): no false
/// critical anywhere, no false warning on a family marked `noFalseWarnings`, ≥ 95 % of planted
/// symptoms raised, and a planted decline's first `falling_traffic` within its first quarter.
public struct BacktestFamily: Sendable {
    /// When the replay starts judging.
    public enum Start: Sendable, Hashable {
        /// A week after the history starts.
        case historyStart
        /// At the scenario's `groundTruth.verdictFrom` (e.g. once a seasonal exchange has a year).
        case verdictFrom
    }

    /// When the replay stops.
    public enum End: Sendable, Hashable {
        /// At the history's end.
        case historyEnd
        /// This many days after the planted decline starts (`groundTruth.declineStart`).
        case daysIntoDecline(Double)
    }

    /// The family's name, one row of the tables.
    public var name: String
    /// The seeds, one history each.
    public var seeds: [UInt64]
    /// The zombie symptoms planted in every history of the family (true by the replay's end).
    public var planted: Set<RuleID>
    /// Faults of the operational rules the scenario plants (a port shut while admin up): their
    /// findings, critical ones included, are not false alarms. Not scored.
    public var faults: Set<RuleID>
    /// A family held to "no false warning" (healthy, seasonal, mature, migrations): no zombie
    /// symptom may fire that is not planted.
    public var noFalseWarnings: Bool
    /// When judging starts and stops.
    public var start: Start, end: End
    /// Builds the history of one seed.
    public var scenario: @Sendable (UInt64) -> ExchangeScenario

    /// A family of `seeds` histories built by `scenario`, with `planted` symptoms.
    public init(
        _ name: String, seeds: ClosedRange<UInt64>, planted: Set<RuleID> = [], faults: Set<RuleID> = [], noFalseWarnings: Bool = false,
        start: Start = .historyStart, end: End = .historyEnd, scenario: @escaping @Sendable (UInt64) -> ExchangeScenario
    ) {
        self.name = name
        self.seeds = Array(seeds)
        self.planted = planted
        self.faults = faults
        self.noFalseWarnings = noFalseWarnings
        self.start = start
        self.end = end
        self.scenario = scenario
    }

    /// The same family on fewer seeds (the first `count`), for a cheap run.
    public func first(_ count: Int) -> BacktestFamily {
        var copy = self
        copy.seeds = Array(seeds.prefix(max(0, count)))
        return copy
    }
}
