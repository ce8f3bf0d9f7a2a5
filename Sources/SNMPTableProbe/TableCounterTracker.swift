import TimeSeries

/// Turns successive readings of the counter columns of declarative SNMP tables into exported
/// counters that only go up and per-second rates, with the IF-MIB probe's rules: Δt between
/// the responses that carried the readings; a Counter32 that went down wrapped only when the
/// corrected growth is plausible (`CounterDelta`, under half the 32-bit range); a Counter64
/// that went down, a change of width, or sysUpTime going backwards (the agent restarted) make
/// the interval a gap: the rate is unknown (NaN) and the exported counter does not move.
public struct TableCounterTracker: Sendable {
    /// Why an interval has no rate.
    public enum Gap: String, Sendable, Hashable {
        /// The first reading of this row.
        case firstReading = "first_reading"
        /// sysUpTime went backwards.
        case agentRestarted = "agent_restarted"
        /// The counter changed between 32 and 64 bits.
        case widthChanged = "width_changed"
        /// The counter went down by more than a plausible wrap.
        case implausibleDecrease = "implausible_decrease"
        /// Δt was not positive.
        case noTimeElapsed = "no_time_elapsed"
    }

    /// One counter reading.
    public struct Reading: Sendable, Hashable {
        /// The raw value.
        public var value: UInt64
        /// 32 or 64.
        public var bits: Int
        /// Monotonic nanoseconds when the response carrying it arrived.
        public var receivedAt: UInt64

        /// Creates a reading.
        public init(value: UInt64, bits: Int, receivedAt: UInt64) {
            self.value = value
            self.bits = bits
            self.receivedAt = receivedAt
        }
    }

    /// The result for one counter of one row.
    public struct Update: Sendable, Hashable {
        /// The exported counter: starts at the first raw value and grows by trusted growth only.
        public var total: UInt64
        /// Growth per second over the interval; NaN when unknown.
        public var rate: Double
        /// Why the rate is unknown, if it is.
        public var gap: Gap?
    }

    private struct State: Sendable {
        var reading: Reading
        var total: UInt64
    }

    private var states: [String: State] = [:]
    private var lastUpTime: UInt32?
    private var restartedThisPoll = false

    /// The poll interval (seconds) rates are rounded to (`PollRate`); nil: not rounded.
    public let rateInterval: Double?

    /// Creates an empty tracker whose rates are rounded to multiples of `1 / rateInterval`
    /// (`PollRate.perSecond`; nil keeps `growth / seconds` as measured).
    public init(rateInterval: Double? = nil) {
        self.rateInterval = rateInterval
    }

    /// Starts a poll: `sysUpTime` (nil when the agent did not give it) tells whether the agent
    /// restarted since the last one.
    public mutating func beginPoll(sysUpTime: UInt32?) {
        if let now = sysUpTime, let before = lastUpTime, now < before {
            restartedThisPoll = true
        } else {
            restartedThisPoll = false
        }
        if let sysUpTime { lastUpTime = sysUpTime }
    }

    /// Takes in the reading of the counter identified by `key` (metric and row).
    public mutating func update(key: String, reading: Reading) -> Update {
        guard var state = states[key] else {
            states[key] = State(reading: reading, total: reading.value)
            return Update(total: reading.value, rate: .nan, gap: .firstReading)
        }
        defer { states[key] = state }
        let previous = state.reading
        state.reading = reading
        let gap: Gap?
        var growth: UInt64 = 0
        if restartedThisPoll {
            gap = .agentRestarted
        } else if previous.bits != reading.bits {
            gap = .widthChanged
        } else if reading.receivedAt <= previous.receivedAt {
            gap = .noTimeElapsed
        } else if let trusted = CounterDelta.growth(from: previous.value, to: reading.value, bits: reading.bits,
                                                    ceiling: CounterDelta.halfRange32) {
            growth = trusted
            gap = nil
        } else {
            gap = .implausibleDecrease
        }
        guard gap == nil else { return Update(total: state.total, rate: .nan, gap: gap) }
        state.total = state.total &+ growth
        let seconds = Double(reading.receivedAt - previous.receivedAt) / 1e9
        return Update(total: state.total, rate: PollRate.perSecond(growth, seconds: seconds, interval: rateInterval), gap: nil)
    }

    /// Forgets counters whose key is not in `seen` (rows that disappeared).
    public mutating func retain(_ seen: Set<String>) {
        states = states.filter { seen.contains($0.key) }
    }
}
