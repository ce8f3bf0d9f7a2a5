/// A source of measurements: the one small protocol every probe implements (like a
/// node_exporter collector). The agent runs each probe at its interval, times it, and records
/// its success; the probe itself only collects.
///
/// A probe that works continuously between collections (a capture, a listener) is also a
/// swift-service-lifecycle `Service`: its kind returns it in `ProbeSet.services` too, and the
/// agent's service group runs it and shuts it down.
public import IXPCore
public protocol Probe: Sendable {
    /// Who the probe is, for logs and its duration/success metrics.
    var identity: ProbeIdentity { get }
    /// How often the agent runs it, in seconds.
    var interval: Double { get }
    /// Collects once. `time` is the agent's clock (seconds since the epoch), used to stamp
    /// the samples. Throws an error a person can act on when the collection failed as a whole.
    func collect(at time: Double) async throws -> ProbeOutput
    /// The device the probe speaks for (a switch, whole or in part); nil by default.
    var device: ProbeDevice? { get }
}

extension Probe {
    /// Most probes speak for no one device.
    public var device: ProbeDevice? { nil }
}
