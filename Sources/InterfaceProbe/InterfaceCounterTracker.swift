import SNMPTableProbe
import TimeSeries

/// Turns successive counter readings of one switch into per-second rates and into
/// Prometheus counters that only ever go up.
///
/// The rules (each with a unit test):
/// - Δt is the time between the responses that carried the two readings, not the schedule.
/// - A Counter32 that went down wrapped only if the corrected delta fits the interface's
///   speed × Δt; otherwise, and for a Counter64 that went down, the interval is a gap
///   (`CounterDelta`, which the SNMP table poller shares).
/// - sysUpTime going backwards (the agent restarted), a changed ifCounterDiscontinuityTime,
///   an ifIndex that now names another interface, or a change between 32- and 64-bit counters
///   make the interval a gap: the rate is unknown (NaN), never a spike, and the exported counter
///   does not move.
public struct InterfaceCounterTracker: Sendable {
    /// Why an interval has no rate.
    public enum Gap: String, Sendable, Hashable {
        /// The first reading of this interface.
        case firstReading = "first_reading"
        /// sysUpTime went backwards.
        case agentRestarted = "agent_restarted"
        /// ifCounterDiscontinuityTime changed.
        case discontinuity
        /// The ifIndex now names a different interface.
        case renumbered
        /// The interface switched between 32- and 64-bit counters.
        case widthChanged = "width_changed"
        /// Δt was not positive.
        case noTimeElapsed = "no_time_elapsed"
    }

    /// The result of one reading of one interface.
    public struct Update: Sendable, Hashable {
        /// ifIndex.
        public var index: UInt32
        /// Per-second rates by `InterfaceCounter.rawValue`; NaN where unknown.
        public var rates: [Double]
        /// Exported counters by `InterfaceCounter.rawValue`; nil where the agent has none.
        public var totals: [UInt64?]
        /// Why the whole interval is unknown, if it is.
        public var gap: Gap?
        /// Counters whose value went down and could not be a plausible wrap.
        public var rejectedCounters: [InterfaceCounter]

        /// The rate of one counter (NaN when unknown).
        public func rate(_ counter: InterfaceCounter) -> Double { rates[counter.rawValue] }
        /// The exported counter.
        public func total(_ counter: InterfaceCounter) -> UInt64? { totals[counter.rawValue] }
    }

    private struct State: Sendable {
        var reading: InterfaceReading
        var name: String
        var totals: [UInt64?]
    }

    private var states: [UInt32: State] = [:]
    private var lastUpTime: UInt32?

    /// The poll interval (seconds) rates are rounded to (`PollRate`); nil: not rounded.
    public let rateInterval: Double?

    /// Creates an empty tracker whose rates are rounded to multiples of `1 / rateInterval`
    /// (`PollRate.perSecond`; nil keeps `growth / seconds` as measured).
    public init(rateInterval: Double? = nil) {
        self.rateInterval = rateInterval
    }

    /// The interfaces it tracks.
    public var trackedIndexes: [UInt32] { states.keys.sorted() }

    /// Takes in one poll: the readings, the interfaces' labels and sysUpTime (nil when the
    /// agent did not give it). Interfaces absent from `readings` are forgotten.
    public mutating func update(
        readings: [InterfaceReading], labels: [UInt32: InterfaceLabels], sysUpTime: UInt32?
    ) -> [Update] {
        let restarted: Bool
        if let now = sysUpTime, let before = lastUpTime, now < before {
            restarted = true
        } else {
            restarted = false
        }
        if let sysUpTime { lastUpTime = sysUpTime }

        var updates: [Update] = []
        updates.reserveCapacity(readings.count)
        var seen = Set<UInt32>()
        for reading in readings {
            seen.insert(reading.index)
            let name = labels[reading.index]?.displayName ?? ""
            let speed = labels[reading.index]?.speedBitsPerSecond
            updates.append(update(reading, name: name, speed: speed, restarted: restarted))
        }
        for index in states.keys where !seen.contains(index) {
            states.removeValue(forKey: index)
        }
        return updates
    }

    private mutating func update(_ reading: InterfaceReading, name: String, speed: Double?, restarted: Bool) -> Update {
        let counterCount = InterfaceCounter.allCases.count
        var rates = Array(repeating: Double.nan, count: counterCount)
        guard var state = states[reading.index], state.name == name else {
            let gap: Gap = states[reading.index] == nil ? .firstReading : .renumbered
            let totals = reading.counters.map { $0?.value }
            states[reading.index] = State(reading: reading, name: name, totals: totals)
            return Update(index: reading.index, rates: rates, totals: totals, gap: gap, rejectedCounters: [])
        }
        defer { states[reading.index] = state }
        let previous = state.reading
        state.reading = reading
        for counter in InterfaceCounter.allCases where state.totals[counter.rawValue] == nil {
            state.totals[counter.rawValue] = reading[counter]?.value
        }

        let gap: Gap?
        if restarted {
            gap = .agentRestarted
        } else if previous.discontinuityTime != reading.discontinuityTime {
            gap = .discontinuity
        } else if previous.usesHighCapacity != reading.usesHighCapacity {
            gap = .widthChanged
        } else if reading.receivedAt <= previous.receivedAt {
            gap = .noTimeElapsed
        } else {
            gap = nil
        }
        if let gap {
            return Update(index: reading.index, rates: rates, totals: state.totals, gap: gap, rejectedCounters: [])
        }

        let seconds = Double(reading.receivedAt - previous.receivedAt) / 1e9
        var rejected: [InterfaceCounter] = []
        for counter in InterfaceCounter.allCases {
            guard let now = reading[counter], let before = previous[counter], now.bits == before.bits else { continue }
            let ceiling = speed.flatMap { $0 > 0 ? counter.ceilingPerSecond(bitsPerSecond: $0) * seconds : nil }
            guard let delta = CounterDelta.growth(from: before.value, to: now.value, bits: now.bits, ceiling: ceiling) else {
                rejected.append(counter)
                continue
            }
            rates[counter.rawValue] = PollRate.perSecond(delta, seconds: seconds, interval: rateInterval)
            state.totals[counter.rawValue] = (state.totals[counter.rawValue] ?? 0) &+ delta
        }
        return Update(index: reading.index, rates: rates, totals: state.totals, gap: nil, rejectedCounters: rejected)
    }
}
