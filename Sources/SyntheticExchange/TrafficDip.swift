/// A temporary exchange-wide drop in traffic (a holiday), with linear ramps at both ends.
public struct TrafficDip: Sendable, Hashable, Codable {
    /// When traffic starts to fall.
    public var start: Double
    /// When traffic is fully back.
    public var end: Double
    /// The drop at its deepest, e.g. 0.4 for −40 %.
    public var depth: Double
    /// Seconds of the ramp down after `start` and up before `end`.
    public var ramp: Double

    /// Creates a dip.
    public init(start: Double, end: Double, depth: Double, ramp: Double = 2 * 86_400) {
        self.start = start
        self.end = end
        self.depth = depth
        self.ramp = ramp
    }

    /// The traffic multiplier at `time` (1 outside the dip, 1 − depth at its bottom).
    public func factor(at time: Double) -> Double {
        guard time > start, time < end else { return 1 }
        let ramp = max(1, min(self.ramp, (end - start) / 2))
        let shape = min(1, (time - start) / ramp, (end - time) / ramp)
        return 1 - depth * shape
    }
}

/// One point of the exchange-wide traffic trend, a piecewise-linear multiplier over time.
public struct TrendPoint: Sendable, Hashable, Codable {
    /// The time.
    public var time: Double
    /// The multiplier at that time (1 = unchanged).
    public var factor: Double

    /// Creates a point.
    public init(time: Double, factor: Double) {
        self.time = time
        self.factor = factor
    }
}

/// A port whose byte and packet counters drop to 0 at one sample (a line-card reboot).
public struct CounterReset: Sendable, Hashable, Codable {
    /// The port's switch.
    public var switchName: String
    /// The port's interface.
    public var interface: String
    /// The first sample time at or after which the counters restart from 0.
    public var time: Double

    /// Creates a reset.
    public init(switchName: String, interface: String, time: Double) {
        self.switchName = switchName
        self.interface = interface
        self.time = time
    }
}

/// A time span with no samples at all (the collector was down).
public struct DataGap: Sendable, Hashable, Codable {
    /// First second without data.
    public var start: Double
    /// First second with data again.
    public var end: Double

    /// Creates a gap.
    public init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }

    /// Whether `time` falls in the gap.
    public func contains(_ time: Double) -> Bool { time >= start && time < end }
}
