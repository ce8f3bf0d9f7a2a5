import IXPCore

/// What one round of echo requests to one target gave.
public struct PingTargetResult: Sendable, Hashable {
    /// The target.
    public var target: PingTarget
    /// Echo requests the round meant to send (those the kernel refused count as lost).
    public var sent: Int
    /// Round-trip times of the replies that came within the timeout, in seconds, in the order
    /// of their requests.
    public var roundTrips: [Double]

    /// A result.
    public init(target: PingTarget, sent: Int, roundTrips: [Double]) {
        self.target = target
        self.sent = sent
        self.roundTrips = roundTrips
    }

    /// The share of requests without a reply, 0…1 (1 when nothing was sent).
    public var loss: Double { sent > 0 ? Double(sent - min(sent, roundTrips.count)) / Double(sent) : 1 }

    /// The median round trip, nil without replies.
    public var median: Double? { Percentile.median(roundTrips) }

    /// The shortest round trip, nil without replies.
    public var minimum: Double? { roundTrips.min() }

    /// The longest round trip, nil without replies.
    public var maximum: Double? { roundTrips.max() }

    /// The standard deviation of the round trips (population; 0 for one reply), nil without
    /// replies: how much the round's times scatter, as Smokeping's smoke shows it.
    public var standardDeviation: Double? {
        guard !roundTrips.isEmpty else { return nil }
        let mean = roundTrips.reduce(0, +) / Double(roundTrips.count)
        let variance = roundTrips.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(roundTrips.count)
        return variance.squareRoot()
    }
}
