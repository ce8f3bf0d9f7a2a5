/// A probe that observes continuously (a capture) and can say what it saw recently, so that
/// the agent can hand it to the detector without naming the probe's type.
public import IXPCore
public protocol ObservationSource: Sendable {
    /// The observations of the intervals that closed after `time` (seconds since the epoch),
    /// merged into one; nil when none closed since then (or the source keeps none that old).
    /// Does not consume anything: two callers asking for the same window get the same answer.
    func observations(since time: Double) -> LANObservations?
}
