public import ServiceLifecycle

/// The probes one kind's settings made, and the services they need running.
public struct ProbeSet: Sendable {
    /// The probes the scheduler collects from at their intervals.
    public var probes: [any Probe]
    /// Services the agent's service group runs for as long as the agent runs: continuous probes
    /// (which are in `probes` too) and what the probes share (a poll engine). Graceful shutdown
    /// reaches them after the scheduler has stopped.
    public var services: [any Service]

    /// Creates a set.
    public init(probes: [any Probe] = [], services: [any Service] = []) {
        self.probes = probes
        self.services = services
    }
}
